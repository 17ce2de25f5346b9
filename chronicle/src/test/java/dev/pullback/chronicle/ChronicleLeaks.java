package dev.pullback.chronicle;

import net.openhft.chronicle.core.io.AbstractReferenceCounted;
import net.openhft.chronicle.core.io.BackgroundResourceReleaser;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves Chronicle memory unreleased or a view pin registered. Chronicle's own
 * reference tracing records every reference-counted resource created during the test;
 * {@code assertReferencesReleased} throws for any that is still reserved (a Bytes, a store, a mapped
 * file). Pullback's arenas are checked by the global NoNativeLeaks extension.
 */
public final class ChronicleLeaks implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        AbstractReferenceCounted.enableReferenceTracing();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            int pins = ReleaseWatch.openPins();
            if (pins != 0) throw new AssertionError(context.getDisplayName() + " left " + pins + " Chronicle view(s) open");
            BackgroundResourceReleaser.releasePendingResources();
            AbstractReferenceCounted.assertReferencesReleased();
        } finally {
            AbstractReferenceCounted.disableReferenceTracing();
        }
    }
}

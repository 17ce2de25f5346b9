package dev.pullback.testing;

import dev.pullback.storage.NativeMemory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves native memory behind: the number of live Pullback arenas after the test
 * must equal the number before it. Registered globally (junit-platform.properties enables
 * auto-detection), so every test in the suite is checked.
 */
public final class NoNativeLeaks implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoNativeLeaks.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("arenas", NativeMemory.liveArenas());
        context.getStore(NS).put("bytes", NativeMemory.liveBytes());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        long before = context.getStore(NS).get("arenas", Long.class);
        long beforeBytes = context.getStore(NS).get("bytes", Long.class);
        long after = NativeMemory.liveArenas();
        if (after != before) {
            throw new AssertionError(context.getDisplayName() + " leaked " + (after - before)
                    + " native arena(s), " + (NativeMemory.liveBytes() - beforeBytes) + " bytes: close every matrix, vector and factorization");
        }
    }
}

package dev.pullback.testing;

import dev.pullback.storage.NativeMemory;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The jqwik twin of {@link NoNativeLeaks}: jqwik properties do not run Jupiter extensions, so this
 * hook (registered globally through META-INF/services) fails a property whose tries, taken
 * together, leave Pullback arenas open.
 */
public final class JqwikNoNativeLeaks implements AroundPropertyHook {
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        long before = NativeMemory.liveArenas();
        PropertyExecutionResult result = property.execute();
        long leaked = NativeMemory.liveArenas() - before;
        if (leaked != 0 && result.status() == PropertyExecutionResult.Status.SUCCESSFUL) {
            return result.mapToFailed(new AssertionError(context.label() + " leaked " + leaked
                    + " native arena(s): close every matrix, vector and factorization"));
        }
        return result;
    }
}

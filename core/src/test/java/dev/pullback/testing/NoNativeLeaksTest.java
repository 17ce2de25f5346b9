package dev.pullback.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.NativeMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

class NoNativeLeaksTest {
    @Test
    void failsATestThatLeavesAnArenaOpen() throws Exception {
        NoNativeLeaks check = new NoNativeLeaks();
        ExtensionContext ctx = FakeContext.create("leaky test");
        check.beforeEach(ctx);
        DenseMatrix leaked = DenseMatrix.zeros(3, 3);
        AssertionError e = assertThrows(AssertionError.class, () -> check.afterEach(ctx));
        assertEquals(true, e.getMessage().contains("leaked 1 native arena"), e.getMessage());
        leaked.close();
        check.afterEach(ctx); // closed now: passes
    }

    @Test
    void closeIsIdempotentAndCountsOnce() {
        long before = NativeMemory.liveArenas();
        DenseMatrix m = DenseMatrix.zeros(2, 2);
        assertEquals(before + 1, NativeMemory.liveArenas());
        m.close();
        m.close();
        assertEquals(before, NativeMemory.liveArenas());
    }
}

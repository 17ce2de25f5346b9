package dev.pullback.cli.bench;

import static dev.pullback.cli.bench.TierLedger.Kind.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.cli.bench.TierLedger.Frame;
import dev.pullback.cli.bench.TierLedger.Laggard;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict on a stack sample from the compilations and deoptimizations seen before it. */
class TierLedgerTest {
    private static final String KERNEL = "k.Kernel.dot()D", DRIVER = "k.Lu.factor()V", BODY = "b.Op.body()D";

    @Test
    void theRunningCodeDecidesNotItsCallers() {
        TierLedger l = new TierLedger();
        l.compiled(KERNEL, 3, false, 10);
        l.compiled(BODY, 4, false, 11);
        List<Frame> inKernel = List.of(new Frame(KERNEL, COMPILED), new Frame(DRIVER, INTERPRETED),
                new Frame(BODY, COMPILED));
        assertEquals(new Laggard(KERNEL, 3), l.laggard(inKernel), "the kernel runs C1 code");
        l.compiled(KERNEL, 4, false, 12);
        assertNull(l.laggard(inKernel), "C2 kernel called by an interpreted driver: the time goes to C2 code");
        List<Frame> inDriver = List.of(new Frame(DRIVER, INTERPRETED), new Frame(BODY, COMPILED));
        assertEquals(new Laggard(DRIVER, 0), l.laggard(inDriver));
        l.compiled(DRIVER, 2, false, 13);
        assertEquals(new Laggard(DRIVER, 2), l.laggard(List.of(new Frame(DRIVER, COMPILED), new Frame(BODY, COMPILED))));
        assertNull(l.laggard(List.of(new Frame("java.lang.Object.clone()Ljava/lang/Object;", NATIVE),
                new Frame(DRIVER, COMPILED))), "native code is neither C1 nor C2");
    }

    @Test
    void inlinedFramesRunAtTheirRootsLevel() {
        TierLedger l = new TierLedger();
        l.compiled(KERNEL, 4, false, 1); // its own code is C2, but here it is inlined into C1 code
        l.compiled(DRIVER, 3, false, 2);
        List<Frame> sample = List.of(new Frame(KERNEL, INLINED), new Frame(DRIVER, COMPILED), new Frame(BODY, COMPILED));
        assertEquals(new Laggard(DRIVER, 3), l.laggard(sample));
        l.compiled(DRIVER, 4, false, 3);
        assertNull(l.laggard(sample));
    }

    @Test
    void osrCodeDoesNotCountMethodsCompiledBeforeTheRecordingDo() {
        TierLedger l = new TierLedger();
        l.compiled(DRIVER, 3, false, 1);
        l.compiled(DRIVER, 4, true, 2);
        assertEquals(new Laggard(DRIVER, 3), l.laggard(List.of(new Frame(DRIVER, COMPILED))),
                "each call enters the C1 code; a short loop never moves to the OSR code");
        assertNull(l.deoptimized(2, "reinterpret"), "discarding OSR code changes nothing");
        l.compiled(DRIVER, 4, false, 3);
        assertNull(l.laggard(List.of(new Frame(DRIVER, COMPILED))));
        assertEquals(4, l.level("java.lang.Math.fma(DDD)D"));
        assertNull(l.laggard(List.of(new Frame("java.lang.Math.fma(DDD)D", COMPILED))));
    }

    @Test
    void deoptimizationsThatDiscardCodeLowerTheLevelOthersDoNot() {
        TierLedger l = new TierLedger();
        l.compiled(KERNEL, 4, false, 7);
        assertNull(l.deoptimized(7, "none"));
        assertNull(l.deoptimized(7, "maybe_recompile"));
        assertEquals(4, l.level(KERNEL));
        assertEquals(KERNEL, l.deoptimized(7, "make_not_entrant"));
        assertEquals(0, l.level(KERNEL));
        l.compiled(KERNEL, 3, false, 8);
        l.compiled(KERNEL, 4, false, 9);
        assertNull(l.deoptimized(8, "reinterpret"), "code 8 was already replaced by 9");
        assertEquals(4, l.level(KERNEL));
        assertNull(l.deoptimized(99, "make_not_entrant"), "a compilation never seen");
    }

    @Test
    void laggardsReadWithoutPackageOrDescriptor() {
        assertEquals("SupernodalLu.factor interpreted",
                TierWatch.describe(new Laggard("dev.pullback.sparse.SupernodalLu.factor(Ldev/pullback/storage/CscMatrix;)V",
                        0)));
        assertEquals("FactorizationOps$3.body at level 3",
                TierWatch.describe(new Laggard("dev.pullback.cli.bench.FactorizationOps$3.body()D", 3)));
    }
}

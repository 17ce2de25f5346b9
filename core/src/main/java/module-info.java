/**
 * Pullback's core: off-heap matrices, SIMD kernels, factorizations, and derivatives through linear
 * solves. Needs nothing beyond the JDK. The Vector API module is optional: with
 * {@code --add-modules=jdk.incubator.vector} the kernels run on it, without it on their scalar
 * twins (one log line says so).
 */
module dev.pullback {
    requires static jdk.incubator.vector;

    exports dev.pullback.storage;
    exports dev.pullback.io;
    exports dev.pullback.kernel;
    exports dev.pullback.factor;
    exports dev.pullback.dense;
    exports dev.pullback.sparse;
    exports dev.pullback.solvers;
    exports dev.pullback.ad;
    exports dev.pullback.gallery;
}

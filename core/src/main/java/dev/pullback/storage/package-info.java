/**
 * Matrices and vectors in off-heap memory: {@link dev.pullback.storage.DenseMatrix} (column-major),
 * {@link dev.pullback.storage.CscPattern} (a sparse structure, shared by every matrix of that
 * pattern) and {@link dev.pullback.storage.CscMatrix} (a pattern and its values, with a version
 * counter that factorizations use to detect stale factors), {@link dev.pullback.storage.DenseVector}.
 * Start with {@code CscMatrix.of}, {@code CscMatrix.fromTriplets}, {@link dev.pullback.storage.CooBuilder}
 * or {@code DenseMatrix.of}. Every object is {@link java.lang.AutoCloseable}: closing frees its memory
 * and later use is an IllegalStateException; memory not closed is freed when its arena is
 * ({@link dev.pullback.storage.NativeMemory} counts what is live). Data-sized allocations are checked
 * against {@link dev.pullback.storage.MemoryLimit} ({@code -Dpullback.maxBytes}). Not thread-safe for
 * writes: share a matrix between threads only for reading.
 */
package dev.pullback.storage;

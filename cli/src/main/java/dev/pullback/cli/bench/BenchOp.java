package dev.pullback.cli.bench;

/**
 * One operation {@code pullback bench --op NAME} can time. An op prepares a {@link Task} on the
 * input (allocating whatever it needs there, outside the timing) and the harness then times
 * {@link Task#run()} repeatedly. New ops (factor, solve, ...) implement this and add one line to
 * {@link BenchOps#standard()}.
 */
public interface BenchOp {
    /** The {@code --op} value, e.g. "spmv". */
    String name();

    /** One line for {@code --help} and error messages. */
    String description();

    /** Sets the operation up on the input; fails with a clear message when it does not apply. */
    Task prepare(BenchInput input) throws Exception;

    /** A prepared operation: timed by the harness, closed afterwards. */
    interface Task extends AutoCloseable {
        /** Runs the operation once and returns something derived from its result (kept from the JIT). */
        double run();

        /**
         * The compulsory memory traffic of one run in bytes (each operand read or written once), used
         * for GB/s against the bandwidth bound; 0 when the op is not bandwidth-bound.
         */
        long bytesPerRun();

        /** Which implementation ran, e.g. "simd-512" or "sparse-lu". */
        String implementation();

        /**
         * Threads one run keeps busy (1: the calling thread alone). With more, the calling thread's
         * CPU time says nothing about the run's, and the harness does not judge it.
         */
        default int threads() {
            return 1;
        }

        @Override
        default void close() throws Exception {}
    }
}

package dev.pullback.topopt;

/**
 * What one optimisation iteration reports. The objective is c at the design the iteration started
 * from; volume and change describe the updated design (as top88 prints them).
 *
 * @param index     1-based iteration number
 * @param objective c(x) = lᵀu
 * @param volume    mean of the updated filtered design
 * @param change    max |x' − x|
 * @param nanos     wall time per {@link Phase}, indexed by ordinal
 * @param cpuNanos  CPU time of the optimising thread per {@link Phase} (-1 when not measured)
 * @param bytes     heap bytes allocated per {@link Phase} (-1 when not measured)
 */
public record Iteration(int index, double objective, double volume, double change, long[] nanos, long[] cpuNanos,
        long[] bytes) {
    public long nanos(Phase p) {
        return nanos[p.ordinal()];
    }

    public long cpuNanos(Phase p) {
        return cpuNanos[p.ordinal()];
    }

    /** Sum of the phase CPU times. */
    public long totalCpuNanos() {
        long s = 0;
        for (long t : cpuNanos) s += t;
        return s;
    }

    public long bytes(Phase p) {
        return bytes[p.ordinal()];
    }

    /** Sum of the phase times. */
    public long totalNanos() {
        long s = 0;
        for (long t : nanos) s += t;
        return s;
    }
}

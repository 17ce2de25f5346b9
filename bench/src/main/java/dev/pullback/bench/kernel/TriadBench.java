package dev.pullback.bench.kernel;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bandwidth bound: STREAM's triad a = b + s·c on three arrays of n doubles (8M: 3 x 64 MB,
 * six times the 32 MB L3 here). GB/s = 24·n / time (STREAM counts two reads and one write).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TriadBench {
    @Param({"8388608"})
    public int n;

    double[] a;
    double[] b;
    double[] c;
    double s = 3.0;

    @Setup(Level.Trial)
    public void setUp() {
        a = new double[n];
        b = new double[n];
        c = new double[n];
        Arrays.fill(b, 1.0);
        Arrays.fill(c, 2.0);
    }

    @Benchmark
    public double[] triad() {
        double[] a = this.a, b = this.b, c = this.c;
        double s = this.s;
        for (int i = 0; i < a.length; i++) a[i] = b[i] + s * c[i];
        return a;
    }
}

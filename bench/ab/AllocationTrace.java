import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;

/**
 * Bytes allocated per bucket of calls of a latency workload (bench/latency's Workloads), with the
 * JVM's uptime, to line up with {@code -XX:+PrintCompilation} (on stdout; this prints on stderr):
 * <pre>
 * java @jvm.config [-XX:+PrintCompilation] -cp bench/target/benchmarks.jar bench/ab/AllocationTrace.java seed-dense-100 8000 250
 * </pre>
 */
public class AllocationTrace {
    public static void main(String[] args) throws Throwable {
        String name = args[0];
        int calls = Integer.parseInt(args[1]), bucket = Integer.parseInt(args[2]);
        Class<?> ws = Class.forName("dev.pullback.bench.latency.Workloads");
        Method create = ws.getDeclaredMethod("create", String.class);
        create.setAccessible(true);
        Object w = create.invoke(null, name);
        Method call = w.getClass().getDeclaredMethod("call");
        call.setAccessible(true);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var rt = ManagementFactory.getRuntimeMXBean();
        // a direct handle, so that reflection adds nothing to the bracket
        java.lang.invoke.MethodHandle mh = java.lang.invoke.MethodHandles.lookup().unreflect(call).bindTo(w);
        long sumB = 0; double acc = 0; long t0 = System.nanoTime();
        for (int c = 1; c <= calls; c++) {
            long a0 = threads.getCurrentThreadAllocatedBytes();
            acc += (double) mh.invoke();
            long b = threads.getCurrentThreadAllocatedBytes() - a0;
            sumB += b;
            if (c % bucket == 0) {
                System.err.printf("calls %6d  uptime %6d ms  bytes %,12d  last-call %,d  per-call-us %.1f%n", c, rt.getUptime(), sumB, b,
                        (System.nanoTime() - t0) / 1e3 / bucket);
                sumB = 0; t0 = System.nanoTime();
            }
        }
        System.out.println(acc);
    }
}

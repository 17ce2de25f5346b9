package dev.pullback.bench.soak;

import dev.pullback.factor.SparseFactorization;
import dev.pullback.gallery.Grids;
import dev.pullback.io.BinaryMatrixFile;
import dev.pullback.io.MappedMatrix;
import dev.pullback.io.MatrixFiles;
import dev.pullback.solvers.Solvers;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.NativeMemory;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.management.ObjectName;

/**
 * The soak: N cycles of everything that owns native memory or a file — write a matrix file, map it,
 * read it back, and for every solver of the registry analyse, factor, solve, solve-t, refactor and
 * close — then the growth of native memory (NMT summary diff against a baseline taken after a
 * warm-up), of Pullback's live arenas, of open file descriptors and of mappings of its files. Run by
 * {@code bench/soak [cycles]} (JVM flag -XX:NativeMemoryTracking=summary); exits 1 when anything grew
 * by more than its allowance (printed).
 */
public final class Soak {
    private Soak() {}

    public static void main(String[] args) throws Exception {
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("pullback-soak");
        Path file = dir.resolve("a.pbmat");
        // The soak's matrix is unsymmetric: every solver but "cholesky" and "ldlt" (symmetric matrices only).
        List<String> solvers = Solvers.names().stream().filter(s -> !s.equals("cholesky") && !s.equals("ldlt")).toList();
        int warmup = Math.min(2_000, cycles / 10 + 1);
        for (int c = 0; c < warmup; c++) cycle(c, file, solvers);
        String baseline = nmt("baseline");
        long arenas0 = NativeMemory.liveArenas(), bytes0 = NativeMemory.liveBytes();
        long fds0 = count(Path.of("/proc/self/fd")), maps0 = mapped(dir);
        long t0 = System.nanoTime();
        for (int c = 0; c < cycles; c++) {
            cycle(c, file, solvers);
            if ((c + 1) % 10_000 == 0) System.out.printf("%,d cycles, %.1f s%n", c + 1, (System.nanoTime() - t0) / 1e9);
        }
        System.gc();
        String diff = nmt("summary.diff");
        long arenas = NativeMemory.liveArenas() - arenas0, bytes = NativeMemory.liveBytes() - bytes0;
        long fds = count(Path.of("/proc/self/fd")) - fds0, maps = mapped(dir) - maps0;
        System.out.printf("%,d cycles of %d solvers in %.1f s (after %,d warm-up cycles)%n", cycles, solvers.size(),
                (System.nanoTime() - t0) / 1e9, warmup);
        System.out.printf("live arenas %+d, live bytes %+d, file descriptors %+d, mappings of the soak's files %+d%n", arenas, bytes, fds, maps);
        System.out.println(baseline.isEmpty() ? "(NMT off: run with -XX:NativeMemoryTracking=summary)" : diff);
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
        boolean ok = arenas == 0 && bytes == 0 && fds <= 2 && maps == 0;
        System.out.println(ok ? "soak: no growth" : "soak: GROWTH (allowance: arenas 0, bytes 0, file descriptors 2, mappings 0)");
        System.exit(ok ? 0 : 1);
    }

    private static void cycle(int c, Path file, List<String> solvers) throws Exception {
        try (CscMatrix a = Grids.convectionDiffusion2d(8 + c % 5, 7, 0.3, -0.1)) {
            MatrixFiles.write(file, a);
            try (MappedMatrix m = BinaryMatrixFile.open(file); CscMatrix back = MatrixFiles.readSparse(file)) {
                m.verify();
                int n = back.rows();
                DenseVector b = DenseVector.heap(n), x = DenseVector.heap(n);
                b.fill(1.0);
                for (String name : solvers) {
                    try (SparseFactorization f = Solvers.get(name).analyze(back.pattern()).factor(back)) {
                        f.solve(b, x);
                        f.solveTransposed(b, x);
                        f.refactor(back);
                        f.solve(b, x);
                    }
                }
            }
        }
    }

    /** A VM.native_memory command through the DiagnosticCommand MBean; empty when NMT is off. */
    private static String nmt(String what) {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {what}}, new String[] {String[].class.getName()});
            String s = String.valueOf(out);
            return s.contains("not enabled") ? "" : s;
        } catch (Exception e) {
            return "";
        }
    }

    private static long count(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    /** Mappings of files in {@code dir} that this process still holds. */
    private static long mapped(Path dir) throws Exception {
        String name = dir.getFileName().toString();
        try (Stream<String> s = Files.lines(Path.of("/proc/self/maps"))) {
            return s.filter(l -> l.contains(name)).count();
        }
    }
}

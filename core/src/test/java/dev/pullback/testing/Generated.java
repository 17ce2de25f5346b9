package dev.pullback.testing;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.pullback.storage.NativeMemory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Gen;
import org.quicktheories.core.Reporter;

/**
 * Property checks over generated cases. {@link #forAll} runs a property on fixed edge cases (empty,
 * 1x1, the ends of every range), then on cases that QuickTheories draws from a generator; a failing
 * drawn case is shrunk (its parameters moved toward their simplest values while the failure persists)
 * and reported smallest first. Every case must close the native memory it opens.
 *
 * <p>The drawn cases follow from one seed, new in every run unless the system property
 * {@value #SEED} fixes it. A failure's message names the test, the seed and the command that
 * replays exactly that run: {@code mvn -B test -Dtest='Class#method'
 * -Dsurefire.failIfNoSpecifiedTests=false -Dpullback.seed=S}.
 */
public final class Generated {
    /** System property that fixes the seed of the drawn cases (to replay a reported failure). */
    public static final String SEED = "pullback.seed";

    private Generated() {}

    /** A property of one case; it fails by throwing (an assertion or any other exception). */
    @FunctionalInterface
    public interface Property<T> {
        /** Checks the property on {@code value}. */
        void check(T value) throws Exception;
    }

    /**
     * Checks {@code property} on each of {@code edgeCases}, then on {@code examples} cases drawn
     * from {@code gen} (QuickTheories first tries the generator's shrink target, minimum and maximum).
     * Give the cases a readable {@code toString} (a record): failures print them.
     */
    public static <T> void forAll(int examples, List<T> edgeCases, Gen<T> gen, Property<T> property) {
        Long fixed = Long.getLong(SEED);
        forAll(callingTest(), fixed != null ? fixed : ThreadLocalRandom.current().nextLong(), examples, edgeCases, gen,
                property);
    }

    /** {@link #forAll(int, List, Gen, Property)} with the test's name and the seed given. */
    static <T> void forAll(String test, long seed, int examples, List<T> edgeCases, Gen<T> gen, Property<T> property) {
        for (T value : edgeCases) {
            try {
                run(property, value);
            } catch (Throwable e) {
                throw new AssertionError(test + ": edge case " + value + " failed: " + e
                        + "\nreplay: " + replay(test, null), e);
            }
        }
        // Shrinking re-runs the property once per cycle; QuickTheories' default (100 000 cycles)
        // would take minutes on a failing factorization.
        qt().withFixedSeed(seed).withExamples(examples).withShrinkCycles(Math.max(1000, 20 * examples))
                .withReporter(new Report(test, examples))
                .forAll(gen).checkAssert(value -> run(property, value));
    }

    /** The case of most random-matrix properties: a size, a density and the seed of a {@link java.util.Random}. */
    public record Sized(int n, double density, long seed) {}

    /** Sized cases: n in [minN, maxN], density in [minDensity, maxDensity], any seed. */
    public static Gen<Sized> sized(int minN, int maxN, double minDensity, double maxDensity) {
        return integers().between(minN, maxN).zip(doubles().between(minDensity, maxDensity), longs().all(), Sized::new);
    }

    /** The edge cases of {@link #sized}: each of {@link #ends}(minN, maxN) with each end of the density range. */
    public static List<Sized> sizedEdges(int minN, int maxN, double minDensity, double maxDensity) {
        List<Sized> edges = new ArrayList<>();
        for (int n : ends(minN, maxN)) {
            edges.add(new Sized(n, minDensity, 0));
            edges.add(new Sized(n, maxDensity, 0));
        }
        return edges.stream().distinct().toList();
    }

    /** The case of a random rows×cols matrix: its shape and the seed of a {@link java.util.Random}. */
    public record Shape(int rows, int cols, long seed) {}

    /** Shapes with rows and cols each in [min, max], any seed. */
    public static Gen<Shape> shapes(int min, int max) {
        return integers().between(min, max).zip(integers().between(min, max), longs().all(), Shape::new);
    }

    /** The edge cases of {@link #shapes}: every pair of {@link #ends}(min, max). */
    public static List<Shape> shapeEdges(int min, int max) {
        List<Shape> edges = new ArrayList<>();
        for (int rows : ends(min, max)) for (int cols : ends(min, max)) edges.add(new Shape(rows, cols, 0));
        return edges;
    }

    /** min, min + 1 and max without repeats: the edge cases of the integer range [min, max]. */
    public static int[] ends(int min, int max) {
        return Arrays.stream(new int[] {min, Math.min(min + 1, max), max}).distinct().toArray();
    }

    private static <T> void run(Property<T> property, T value) {
        long before = NativeMemory.liveArenas();
        try {
            property.check(value);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
        long leaked = NativeMemory.liveArenas() - before;
        if (leaked != 0) {
            throw new AssertionError(value + " leaked " + leaked
                    + " native arena(s): close every matrix, vector and factorization");
        }
    }

    private static String replay(String test, Long seed) {
        return "mvn -B test -Dtest='" + test + "' -Dsurefire.failIfNoSpecifiedTests=false"
                + (seed != null ? " -D" + SEED + "=" + seed : "");
    }

    /** Class#method of the test method that called forAll (the outermost frame of the caller's class). */
    private static String callingTest() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> {
            List<StackWalker.StackFrame> outside = frames.dropWhile(f -> f.getDeclaringClass() == Generated.class).toList();
            Class<?> caller = outside.getFirst().getDeclaringClass();
            StackWalker.StackFrame test = outside.stream().filter(f -> f.getDeclaringClass() == caller)
                    .reduce((a, b) -> b).orElseThrow();
            return caller.getSimpleName() + "#" + test.getMethodName();
        });
    }

    /** Turns QuickTheories' falsification into one AssertionError: test, seed, cases, cause, replay command. */
    private record Report(String test, int examples) implements Reporter {
        @Override
        public void falisification(long seed, int count, Object smallest, Throwable cause, List<Object> found,
                AsString<Object> toString) {
            throw new AssertionError(message(seed, count, smallest, found, toString) + "\ncause: " + cause, cause);
        }

        @Override
        public void falisification(long seed, int count, Object smallest, List<Object> found, AsString<Object> toString) {
            throw new AssertionError(message(seed, count, smallest, found, toString));
        }

        private String message(long seed, int count, Object smallest, List<Object> found, AsString<Object> toString) {
            // found runs from the smallest failing case to the first one drawn.
            Object first = found.getLast();
            return test + ": generated case " + count + " of " + examples + " failed (seed " + seed + ")"
                    + "\nsmallest failing case: " + toString.asString(smallest)
                    + (first.equals(smallest) ? "" : "\nfirst failing case: " + toString.asString(first))
                    + "\nreplay: " + replay(test, seed);
        }

        @Override
        public void valuesExhausted(int completed) {
            throw new AssertionError(test + ": the generator gave only " + completed + " usable cases");
        }
    }
}

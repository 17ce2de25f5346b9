package dev.pullback.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.pullback.storage.DenseMatrix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class GeneratedTest {
    @Test
    void runsTheEdgeCasesFirstThenEveryDrawnCase() {
        List<Long> seen = new ArrayList<>();
        Generated.forAll("T#m", 7, 300, List.of(-1L, -2L), longs().all(), seen::add);
        assertEquals(List.of(-1L, -2L), seen.subList(0, 2));
        assertEquals(302, seen.size(), "two edge cases and 300 drawn ones");
        assertEquals(302, seen.stream().distinct().count());
    }

    @Test
    void aFailureGivesTheSeedTheShrunkCaseAndTheReplayCommandAndTheSeedReplaysIt() {
        Generated.Property<Integer> small = v -> assertTrue(v < 1000, v + " is too large");
        AssertionError e = assertThrows(AssertionError.class,
                () -> Generated.forAll("T#m", 42, 100, List.of(), integers().between(0, 1_000_000), small));
        String m = e.getMessage();
        assertTrue(m.startsWith("T#m: generated case ") && m.contains(" of 100 failed (seed 42)"), m);
        int smallest = Integer.parseInt(m.replaceAll("(?s).*smallest failing case: (\\d+).*", "$1"));
        int first = Integer.parseInt(m.replaceAll("(?s).*first failing case: (\\d+).*", "$1"));
        assertTrue(smallest >= 1000 && smallest < first / 10, "shrunk from " + first + " to " + smallest);
        assertTrue(m.contains("replay: mvn -B test -Dtest='T#m' -Dsurefire.failIfNoSpecifiedTests=false -Dpullback.seed=42"), m);
        assertInstanceOf(AssertionFailedError.class, e.getCause());
        assertTrue(m.contains("cause: " + e.getCause()), m);
        AssertionError again = assertThrows(AssertionError.class,
                () -> Generated.forAll("T#m", 42, 100, List.of(), integers().between(0, 1_000_000), small));
        assertEquals(m, again.getMessage(), "the same seed, the same run");
    }

    @Test
    void aFailingEdgeCaseIsNamedAndTheTestNameIsTheCallers() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Generated.forAll(10, List.of(5, -3), integers().between(0, 9), v -> assertTrue(v >= 0, "negative")));
        String m = e.getMessage();
        assertTrue(m.startsWith("GeneratedTest#aFailingEdgeCaseIsNamedAndTheTestNameIsTheCallers: edge case -3 failed"), m);
        assertTrue(m.contains("negative"), m);
    }

    @Test
    void aCaseThatLeavesAnArenaOpenFails() {
        List<DenseMatrix> open = new ArrayList<>();
        try {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> Generated.forAll("T#m", 1, 10, List.of(3), integers().between(1, 4), n -> open.add(DenseMatrix.zeros(n, n))));
            assertTrue(e.getMessage().contains("edge case 3 failed") && e.getMessage().contains("3 leaked 1 native arena"),
                    e.getMessage());
        } finally {
            open.forEach(DenseMatrix::close);
        }
    }

    @Test
    void endsOfARange() {
        assertArrayEquals(new int[] {0, 1, 40}, Generated.ends(0, 40));
        assertArrayEquals(new int[] {1, 2}, Generated.ends(1, 2));
        assertArrayEquals(new int[] {5}, Generated.ends(5, 5));
    }
}

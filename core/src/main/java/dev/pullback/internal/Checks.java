package dev.pullback.internal;

import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Argument checks for public entry points; each message names the quantity and its bounds. */
public final class Checks {
    private Checks() {}

    public static void nonNegative(String what, long value) {
        if (value < 0) throw new IllegalArgumentException(what + " must be >= 0, got " + value);
    }

    public static void index(String what, long i, long bound) {
        if (i < 0 || i >= bound) {
            throw new IndexOutOfBoundsException(what + " " + i + " out of range [0, " + bound + ")");
        }
    }

    public static void sameLength(String op, long expected, long actual) {
        if (expected != actual) {
            throw new IllegalArgumentException(op + ": length " + actual + " does not match " + expected);
        }
    }

    /** Throws unless a vector of length {@code actual} can serve as {@code role} of length {@code expected}. */
    public static void vectorLength(String op, String role, long expected, long actual) {
        if (expected != actual) {
            throw new IllegalArgumentException(op + ": " + role + " has length " + actual
                    + ", expected " + expected);
        }
    }

    /**
     * Throws unless every entry of {@code v} is finite; the message names the first NaN or infinite
     * entry ({@code solve: b[3] is NaN; ...}). O(n), allocates nothing unless it throws.
     */
    public static void finite(String op, String role, DenseVector v) {
        int i = firstNonFinite(v);
        if (i >= 0) {
            throw new IllegalArgumentException(op + ": " + role + "[" + i + "] is " + v.get(i)
                    + "; it must be finite (NaN or infinity would make every entry of the result garbage)");
        }
    }

    /** As {@link #finite(String, String, DenseVector)} for every column of a matrix; names the entry (i, j). */
    public static void finite(String op, String role, DenseMatrix m) {
        MemorySegment s = m.segment();
        for (int j = 0; j < m.cols(); j++) {
            int i = firstNonFinite(s, (long) j * m.ld(), m.rows());
            if (i >= 0) {
                throw new IllegalArgumentException(op + ": " + role + "(" + i + ", " + j + ") is " + m.get(i, j)
                        + "; it must be finite (NaN or infinity would make every entry of the result garbage)");
            }
        }
    }

    /** The index of the first NaN or infinite entry of {@code v}, or -1 if every entry is finite. */
    public static int firstNonFinite(DenseVector v) {
        double[] a = v.heapArray();
        if (a != null) {
            for (int i = 0; i < a.length; i++) {
                if (!(Math.abs(a[i]) <= Double.MAX_VALUE)) return i;
            }
            return -1;
        }
        return firstNonFinite(v.segment(), 0, v.length());
    }

    private static int firstNonFinite(MemorySegment s, long from, int n) {
        for (int i = 0; i < n; i++) {
            if (!(Math.abs(s.getAtIndex(ValueLayout.JAVA_DOUBLE, from + i)) <= Double.MAX_VALUE)) return i;
        }
        return -1;
    }

    public static void square(String op, long rows, long cols) {
        if (rows != cols) {
            throw new IllegalArgumentException(op + " needs a square matrix, got " + rows + "x" + cols);
        }
    }
}

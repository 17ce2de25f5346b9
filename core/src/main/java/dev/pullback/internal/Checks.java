package dev.pullback.internal;

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

    public static void square(String op, long rows, long cols) {
        if (rows != cols) {
            throw new IllegalArgumentException(op + " needs a square matrix, got " + rows + "x" + cols);
        }
    }
}

package dev.pullback.ad;

import dev.pullback.internal.Checks;

import dev.pullback.storage.DenseVector;

/**
 * The two special cotangents of ChainRules, as sentinel vectors compared by identity (never by
 * contents). Both have length 0, so passing one where a kernel expects data fails a shape check
 * instead of computing garbage.
 *
 * <ul>
 *   <li>{@link #ZERO} as an incoming cotangent: the cotangent is exactly zero. The pullback skips its
 *       arithmetic (no transposed solve, no pass over the assembly map) and writes zeros.</li>
 *   <li>{@link #NONE} as a holder: the caller wants no cotangent for that input (a constant
 *       right-hand side, fixed weights). Nothing is computed or written for it.</li>
 * </ul>
 */
public final class Tangents {
    /** "This cotangent is exactly zero." Pass it where a pullback takes an incoming cotangent. */
    public static final DenseVector ZERO = DenseVector.heap(0);

    /** "I do not want this cotangent." Pass it where a pullback takes a holder. */
    public static final DenseVector NONE = DenseVector.heap(0);

    private Tangents() {}

    /** Whether {@code v} is the {@link #ZERO} sentinel. */
    public static boolean isZero(DenseVector v) {
        return v == ZERO;
    }

    /** Whether the caller wants a cotangent written into {@code holder} (it is not {@link #NONE}). */
    public static boolean wanted(DenseVector holder) {
        return holder != NONE;
    }

    /** Checks an incoming cotangent: {@link #ZERO} or a vector of length n, never {@link #NONE}. */
    static void checkCotangent(String op, String role, DenseVector v, int n) {
        if (v == null) throw new NullPointerException(op + ": " + role + " is null (use Tangents.ZERO for a zero cotangent)");
        if (v == NONE) {
            throw new IllegalArgumentException(op + ": " + role + " is Tangents.NONE, which marks an unwanted holder;"
                    + " an incoming cotangent that is zero is Tangents.ZERO");
        }
        if (v != ZERO && v.length() != n) {
            throw new IllegalArgumentException(op + ": " + role + " has length " + v.length() + ", expected " + n);
        }
    }

    /** Checks a holder: {@link #NONE} or a vector of length n, never {@link #ZERO}. */
    static void checkHolder(String op, String role, DenseVector v, int n) {
        if (v == null) throw new NullPointerException(op + ": " + role + " is null (use Tangents.NONE when it is not wanted)");
        if (v == ZERO) {
            throw new IllegalArgumentException(op + ": " + role + " is Tangents.ZERO, which marks a zero incoming"
                    + " cotangent; a holder that is not wanted is Tangents.NONE");
        }
        if (v != NONE && v.length() != n) {
            throw new IllegalArgumentException(op + ": " + role + " has length " + v.length() + ", expected " + n);
        }
    }
}

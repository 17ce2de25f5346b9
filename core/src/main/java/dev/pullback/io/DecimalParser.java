package dev.pullback.io;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Parses an ASCII decimal number from a byte range to the double that {@link Double#parseDouble}
 * returns for it, bit for bit, without allocating on the common paths.
 *
 * <p>The token is split into a decimal significand w (at most 19 significant digits, so it fits
 * in 64 unsigned bits) and an exponent q with value w·10^q. Three paths, fastest first:
 * <ol>
 * <li>Clinger's fast path: when w &lt; 10^15 (so w is an exact double) and |q| &le; 22 (so 10^|q|
 *     is an exact double), one IEEE multiplication or division w·10^q or w/10^-q is correctly
 *     rounded, hence equal to the correctly rounded decimal value.
 * <li>A 128-bit power table: 10^q = T·2^b with T in [2^127, 2^128). The table holds T' = ⌊T⌋
 *     (exact when q &ge; 0 and 5^q has at most 128 bits). With w normalised to 64 bits, the true
 *     product w·T lies in the closed interval [w·T', w·T' + w], computed exactly in 192 bits.
 *     Rounding to nearest-even is monotone, so when both ends of the interval round to the same
 *     double, that double is the answer. (In the manner of Eisel–Lemire, see D. Lemire, "Number
 *     parsing at a gigabyte per second", Software: Practice and Experience 51, 2021, but with the
 *     interval check in place of its error analysis.) The ends disagree only when the product is
 *     within w·2^-128 (relative) of a rounding boundary; then, and for subnormal or overflowing
 *     results, the third path decides.
 * <li>{@link Double#parseDouble} on the token's text, which also handles more than 19 significant
 *     digits, {@code nan}, {@code inf}, {@code infinity} (any case, optional sign).
 * </ol>
 * Only decimal forms are accepted ({@code [+-]digits[.digits][(e|E)[+-]digits]}, a leading or
 * trailing point allowed) and the special words; Java-only forms such as {@code 1d}, {@code 2f} or
 * hexadecimal floats are rejected.
 */
final class DecimalParser {
    private static final int MIN_Q = -342;
    private static final int MAX_Q = 308;
    private static final long[] T_HI = new long[MAX_Q - MIN_Q + 1];
    private static final long[] T_LO = new long[MAX_Q - MIN_Q + 1];
    private static final int[] T_EXP = new int[MAX_Q - MIN_Q + 1];
    private static final boolean[] T_EXACT = new boolean[MAX_Q - MIN_Q + 1];
    private static final double[] P10 = new double[23];
    private static final long FAIL = -1L;

    static {
        for (int k = 0; k < P10.length; k++) P10[k] = Double.parseDouble("1e" + k);
        BigInteger mask64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        for (int q = MIN_Q; q <= MAX_Q; q++) {
            int i = q - MIN_Q;
            BigInteger p5 = BigInteger.valueOf(5).pow(Math.abs(q));
            int len = p5.bitLength();
            BigInteger t;
            if (q >= 0) {
                // 10^q = 5^q·2^q = T'·2^(q + len - 128), T' = 5^q scaled to 128 bits.
                t = len <= 128 ? p5.shiftLeft(128 - len) : p5.shiftRight(len - 128);
                T_EXP[i] = q + len - 128;
                T_EXACT[i] = len <= 128;
            } else {
                // 10^q = 2^q/5^-q = (2^k/5^-q)·2^(q-k), k = 127 + len puts 2^k/5^-q in (2^127, 2^128).
                int k = 127 + len;
                t = BigInteger.ONE.shiftLeft(k).divide(p5);
                T_EXP[i] = q - k;
            }
            T_HI[i] = t.shiftRight(64).longValue();
            T_LO[i] = t.and(mask64).longValue();
        }
    }

    private DecimalParser() {}

    /** The double for the token in {@code b[off, end)}; NumberFormatException if it is not a number. */
    static double parse(byte[] b, int off, int end) {
        int p = off;
        boolean neg = false;
        if (p < end && (b[p] == '-' || b[p] == '+')) {
            neg = b[p] == '-';
            p++;
        }
        long w = 0;
        int digits = 0;
        int q = 0;
        boolean sawDigit = false;
        boolean dropped = false;
        while (p < end) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) break;
            sawDigit = true;
            if (digits < 19) {
                if (w != 0 || d != 0) {
                    w = w * 10 + d;
                    digits++;
                }
            } else {
                q++;
                dropped |= d != 0;
            }
            p++;
        }
        if (p < end && b[p] == '.') {
            p++;
            while (p < end) {
                int d = b[p] - '0';
                if (d < 0 || d > 9) break;
                sawDigit = true;
                if (digits < 19) {
                    if (w != 0 || d != 0) {
                        w = w * 10 + d;
                        digits++;
                    }
                    q--;
                } else {
                    dropped |= d != 0;
                }
                p++;
            }
        }
        if (p < end && sawDigit && (b[p] | 0x20) == 'e') {
            p++;
            boolean eneg = false;
            if (p < end && (b[p] == '-' || b[p] == '+')) {
                eneg = b[p] == '-';
                p++;
            }
            int e = 0;
            boolean any = false;
            while (p < end) {
                int d = b[p] - '0';
                if (d < 0 || d > 9) break;
                if (e < 100_000) e = e * 10 + d; // saturate: far beyond any double's range
                any = true;
                p++;
            }
            if (!any) return slow(b, off, end);
            q += eneg ? -e : e;
        }
        if (p != end || !sawDigit || dropped) return slow(b, off, end);
        if (w == 0) return neg ? -0.0 : 0.0;
        if (digits <= 15 && q >= -22 && q <= 22) {
            double v = w;
            v = q < 0 ? v / P10[-q] : v * P10[q];
            return neg ? -v : v;
        }
        long bits = tableBits(w, q);
        if (bits != FAIL) return Double.longBitsToDouble(neg ? bits | Long.MIN_VALUE : bits);
        return slow(b, off, end);
    }

    /** Bits of the double nearest w·10^q (w unsigned, nonzero), or FAIL when undecided here. */
    private static long tableBits(long w, int q) {
        if (q < MIN_Q || q > MAX_Q) return FAIL;
        int i = q - MIN_Q;
        int lzw = Long.numberOfLeadingZeros(w);
        long wn = w << lzw;
        long hi = T_HI[i];
        long lo = T_LO[i];
        // X = wn·T' as 192 bits x2:x1:x0.
        long h1 = Math.unsignedMultiplyHigh(wn, hi);
        long l1 = wn * hi;
        long h2 = Math.unsignedMultiplyHigh(wn, lo);
        long x0 = wn * lo;
        long x1 = l1 + h2;
        long x2 = h1 + (Long.compareUnsigned(x1, l1) < 0 ? 1 : 0);
        int e2 = T_EXP[i] - lzw;
        long a = round(x2, x1, x0, e2);
        if (T_EXACT[i] || a == FAIL) return a;
        // Upper end X + wn = wn·(T'+1) >= wn·T.
        long y0 = x0 + wn;
        long c0 = Long.compareUnsigned(y0, x0) < 0 ? 1 : 0;
        long y1 = x1 + c0;
        long y2 = x2 + (c0 == 1 && y1 == 0 ? 1 : 0);
        return round(y2, y1, y0, e2) == a ? a : FAIL;
    }

    /** Bits of the normal double nearest X·2^e2 (X = x2:x1:x0 >= 2^190), ties to even; FAIL if not normal. */
    private static long round(long x2, long x1, long x0, int e2) {
        int lz = Long.numberOfLeadingZeros(x2);
        long top = lz == 0 ? x2 : (x2 << lz) | (x1 >>> (64 - lz));
        boolean sticky = (top & 0x3FF) != 0 || (x1 << lz) != 0 || x0 != 0;
        long mant = top >>> 11;
        int e = 191 - lz + e2;
        if ((top & 0x400) != 0 && (sticky || (mant & 1) != 0)) {
            mant++;
            if (mant == 1L << 53) {
                mant >>>= 1;
                e++;
            }
        }
        int biased = e + 1023;
        if (biased <= 0 || biased >= 2047) return FAIL;
        return ((long) biased << 52) | (mant & ((1L << 52) - 1));
    }

    private static double slow(byte[] b, int off, int end) {
        String s = new String(b, off, end - off, StandardCharsets.ISO_8859_1);
        String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        switch (body.toLowerCase(java.util.Locale.ROOT)) {
            case "nan":
                return Double.NaN;
            case "inf", "infinity":
                return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            default:
                break;
        }
        for (int k = 0; k < body.length(); k++) {
            char c = body.charAt(k);
            if (!(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
                throw new NumberFormatException(s);
            }
        }
        return Double.parseDouble(s);
    }
}

package dev.pullback.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The hand-written parser must give exactly Double.parseDouble's double, bit for bit. */
class DecimalParserTest {

    private static double parse(String s) {
        byte[] b = ("##" + s + "##").getBytes(StandardCharsets.ISO_8859_1);
        return DecimalParser.parse(b, 2, b.length - 2);
    }

    private static void assertSame(String s) {
        double want = Double.parseDouble(s);
        double got = parse(s);
        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got),
                () -> s + ": parseDouble " + want + ", parser " + got);
    }

    @Property(tries = 3000)
    void everyDoubleInEveryPrintedForm(@ForAll("anyBits") double v) {
        assertSame(Double.toString(v));
        assertSame(String.format(Locale.ROOT, "%.17g", v));
        assertSame(String.format(Locale.ROOT, "%.16e", v));
        assertSame(String.format(Locale.ROOT, "%.15e", v));
        assertSame(String.format(Locale.ROOT, "%.6e", v));
        assertSame(String.format(Locale.ROOT, "%.3E", v));
    }

    @Property(tries = 3000)
    void randomDecimalStrings(@ForAll("decimals") String s) {
        assertSame(s);
    }

    @Provide
    Arbitrary<Double> anyBits() {
        return Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite);
    }

    @Provide
    Arbitrary<String> decimals() {
        Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(24);
        Arbitrary<Integer> point = Arbitraries.integers().between(-1, 24);
        Arbitrary<Integer> exp = Arbitraries.integers().between(-360, 330);
        Arbitrary<Boolean> hasExp = Arbitraries.of(true, false);
        Arbitrary<String> sign = Arbitraries.of("", "-", "+");
        return Combinators.combine(sign, digits, point, hasExp, exp).as((sg, d, pt, he, e) -> {
            String m = pt < 0 || pt > d.length() ? d : d.substring(0, pt) + "." + d.substring(pt);
            return sg + m + (he ? "e" + e : "");
        });
    }

    @Test
    void hardCases() {
        String[] cases = {
            "0", "-0", "+0", "0.0", "-0.0", "0e400", "1", "-1", "9007199254740993", "9007199254740992",
            "9007199254740994", "9007199254740995", "1e23", "8.98846567431158e307", "1.7976931348623157e308",
            "1.7976931348623158e308", "1.7976931348623159e308", "2e308", "2.2250738585072011e-308",
            "2.2250738585072012e-308", "2.2250738585072014e-308", "4.9e-324", "2.4703282292062327e-324",
            "2.4703282292062328e-324", "1e-400", "123456789012345678901234567890", "0.1", "0.2", "0.3",
            "3.0000000000000004", "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124", "7.2057594037927933e16",
            "5e-324", "1.", ".5", "-.5e-3", "1E5", "1e+05", "00000001.5000000", "18446744073709551615",
            "9999999999999999999", "10000000000000000000", "0.000000000000000000000000000001",
            "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "-Infinity", "+INF",
        };
        for (String c : cases) {
            if (c.toLowerCase(Locale.ROOT).contains("nan")) {
                assertEquals(Double.doubleToLongBits(Double.NaN), Double.doubleToLongBits(parse(c)), c);
            } else if (c.toLowerCase(Locale.ROOT).contains("inf")) {
                assertEquals(c.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, parse(c), c);
            } else {
                assertSame(c);
            }
        }
    }

    @Test
    void rejectsNonNumbersAndJavaOnlyForms() {
        for (String bad : new String[] {"", "-", "+", ".", "e5", "1e", "1e+", "--1", "1.2.3", "abc", "1d", "2f",
                "0x1p3", "1,5", "1e5e5", "in", "nana", "½"}) {
            assertThrows(NumberFormatException.class, () -> parse(bad), bad);
        }
    }
}

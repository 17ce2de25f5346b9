package dev.pullback.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.pullback.testing.Generated;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

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

    /** ±0, the ends of the subnormal and normal ranges, the neighbours of 1, 2^53 and beyond, 0.1 and 1e23. */
    private static final double[] EDGE_DOUBLES = {
        0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Math.nextDown(Double.MIN_NORMAL), Double.MIN_NORMAL,
        Math.nextUp(Double.MIN_NORMAL), Double.MAX_VALUE, -Double.MAX_VALUE, Math.nextDown(Double.MAX_VALUE), 1.0, -1.0,
        Math.nextUp(1.0), Math.nextDown(1.0), Math.ulp(1.0), 0.1, 1e23, 9007199254740992.0, 9007199254740994.0,
        Math.scalb(3.0, -1022), Math.scalb(1.0, 1023),
    };

    @Test
    void everyDoubleInEveryPrintedForm() {
        List<Double> edges = Arrays.stream(EDGE_DOUBLES).boxed().toList();
        Gen<Double> anyBits = longs().all().map(Double::longBitsToDouble).assuming(Double::isFinite);
        Generated.forAll(3000, edges, anyBits, v -> {
            assertSame(Double.toString(v));
            assertSame(String.format(Locale.ROOT, "%.17g", v));
            assertSame(String.format(Locale.ROOT, "%.16e", v));
            assertSame(String.format(Locale.ROOT, "%.15e", v));
            assertSame(String.format(Locale.ROOT, "%.6e", v));
            assertSame(String.format(Locale.ROOT, "%.3E", v));
        });
    }

    /** A sign, 1 to 24 digits, a decimal point anywhere or nowhere (-1 or past the end), an optional exponent. */
    private static String decimal(String sign, String digits, int point, boolean hasExp, int exp) {
        String m = point < 0 || point > digits.length() ? digits : digits.substring(0, point) + "." + digits.substring(point);
        return sign + m + (hasExp ? "e" + exp : "");
    }

    @Test
    void randomDecimalStrings() {
        List<String> edges = new ArrayList<>();
        for (String sign : new String[] {"", "-", "+"}) {
            for (String digits : new String[] {"0", "9", "0".repeat(24), "9".repeat(24), "1" + "0".repeat(23)}) {
                for (int point : new int[] {-1, 0, 1, 23, 24}) {
                    edges.add(decimal(sign, digits, point, false, 0));
                    for (int exp : new int[] {-360, -1, 0, 1, 330}) edges.add(decimal(sign, digits, point, true, exp));
                }
            }
        }
        Gen<String> decimals = arbitrary().pick("", "-", "+").zip(strings().betweenCodePoints('0', '9').ofLengthBetween(1, 24),
                integers().between(-1, 24), booleans().all(), integers().between(-360, 330), DecimalParserTest::decimal);
        Generated.forAll(3000, edges, decimals, DecimalParserTest::assertSame);
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

package dev.pullback.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Seeded mutations of a valid file: byte flips and overwrites, truncations, deleted and repeated
 * ranges, inserted control bytes (terminal escapes, NUL, CR, form feed), edits of numbers and of
 * the fields that size a matrix (Matrix Market size line, binary header, record header) to
 * boundary and huge values — for binary files and records usually with the checksums fixed, so
 * that the edit reaches the checks behind them. The same seed always gives the same mutant.
 */
final class Mutator {
    /** How a seed file is laid out, which decides the field edits and the checksums to fix. */
    enum Kind { TEXT, GZIP, BINARY, RECORD }

    /** A mutated input and the steps that made it. */
    record Mutant(byte[] bytes, String how) {}

    private static final long[] NUMBERS = {
        0, 1, -1, 2, 3, 7, 8, 63, 64, 65, 255, 4096, 46340, 46341, 65536, 1 << 20, 1 << 27,
        Integer.MAX_VALUE - 10, Integer.MAX_VALUE - 9, Integer.MAX_VALUE - 8, Integer.MAX_VALUE - 2,
        Integer.MAX_VALUE - 1, Integer.MAX_VALUE, 1L << 31, 1L << 32, 1L << 53, Long.MAX_VALUE, Long.MIN_VALUE,
    };
    private static final String[] TEXT_NUMBERS = {
        "99999999999999999999", "1e400", "-1e400", "nan", "-inf", "Infinity", "4.9e-324", "2.2250738585072014E-308",
        "0x10", "1.", ".5", "-", "+", "1e", "00000000000000000000001", "18446744073709551616",
    };
    private static final String[] CONTROL = {
        "\u001b[2J", "\u001b]0;title\u0007", "\u0000", "\r", "\f", "\t", "\u009b31m", "\u007f", "\n", "%", " ", "\u202e",
    };
    private static final String SPECIAL_BYTES = "\n 0-9.e%\u00ff\u0000";
    /** Binary header fields: offset and width. */
    private static final int[][] BINARY_FIELDS = {{8, 4}, {12, 4}, {16, 8}, {24, 8}, {32, 8}, {40, 8},
        {48, 8}, {56, 8}, {64, 8}, {72, 8}, {80, 8}, {88, 8}};
    /** Record header fields: offset and width. */
    private static final int[][] RECORD_FIELDS = {{4, 2}, {6, 2}, {8, 4}, {12, 4}, {16, 8}, {24, 8}, {32, 8}, {40, 4}};

    private Mutator() {}

    static Mutant mutate(byte[] seed, Kind kind, Random rnd) {
        StringBuilder how = new StringBuilder();
        int rounds = rnd.nextInt(4) == 0 ? 2 + rnd.nextInt(3) : 1;
        if (kind == Kind.GZIP && rnd.nextInt(3) != 0) {
            // Mutate the text inside, then compress again: a valid gzip stream of a bad matrix.
            byte[] text = gunzip(seed);
            for (int r = 0; r < rounds; r++) text = step(text, Kind.TEXT, rnd, how);
            how.insert(0, "gzip(").append(')');
            return new Mutant(gzip(text), how.toString());
        }
        byte[] b = seed;
        for (int r = 0; r < rounds; r++) b = step(b, kind, rnd, how);
        return new Mutant(b, how.toString());
    }

    private static byte[] step(byte[] b, Kind kind, Random rnd, StringBuilder how) {
        if (how.length() > 0) how.append(", ");
        boolean text = kind == Kind.TEXT;
        // Raw gzip bytes have no fields of ours to edit: byte-level steps only.
        int op = rnd.nextInt(text ? 10 : kind == Kind.GZIP ? 6 : 9);
        switch (op) {
            case 0 -> {
                int at = at(b, rnd);
                if (b.length == 0) return b;
                byte[] c = b.clone();
                int bit = rnd.nextInt(8);
                c[at] ^= (byte) (1 << bit);
                how.append("flip bit ").append(bit).append(" at ").append(at);
                return c;
            }
            case 1 -> {
                if (b.length == 0) return b;
                byte[] c = b.clone();
                int at = at(b, rnd);
                byte v = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : SPECIAL_BYTES.charAt(rnd.nextInt(SPECIAL_BYTES.length())));
                c[at] = v;
                how.append("set byte ").append(at).append(" to ").append(v & 0xFF);
                return c;
            }
            case 2 -> {
                int len = rnd.nextInt(b.length + 1);
                how.append("truncate to ").append(len);
                return Arrays.copyOf(b, len);
            }
            case 3 -> {
                String s = CONTROL[rnd.nextInt(CONTROL.length)];
                int at = rnd.nextInt(b.length + 1);
                how.append("insert ").append(escape(s)).append(" at ").append(at);
                return splice(b, at, 0, s.getBytes(StandardCharsets.ISO_8859_1));
            }
            case 4 -> {
                if (b.length == 0) return b;
                int at = at(b, rnd);
                int len = 1 + rnd.nextInt(Math.min(16, b.length - at));
                how.append("delete ").append(len).append(" at ").append(at);
                return splice(b, at, len, new byte[0]);
            }
            case 5 -> {
                if (b.length == 0) return b;
                int at = at(b, rnd);
                int len = 1 + rnd.nextInt(Math.min(64, b.length - at));
                int times = 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 200);
                byte[] chunk = Arrays.copyOfRange(b, at, at + len);
                ByteArrayOutputStream rep = new ByteArrayOutputStream();
                for (int t = 0; t < times; t++) rep.writeBytes(chunk);
                how.append("repeat ").append(len).append(" bytes at ").append(at).append(' ').append(times).append(" times");
                return splice(b, at, 0, rep.toByteArray());
            }
            default -> {
                return text ? editText(b, op, rnd, how) : editHeader(b, kind, rnd, how);
            }
        }
    }

    // ---------------------------------------------------------------- text

    /** Replaces a number of the text: any one, or one of the size line's (sizes, counts) with a huge claim. */
    private static byte[] editText(byte[] b, int op, Random rnd, StringBuilder how) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        List<int[]> numbers = numbers(s, op >= 8 ? sizeLine(s) : null);
        if (numbers.isEmpty()) {
            how.append("no number to edit");
            return b;
        }
        int[] n = numbers.get(rnd.nextInt(numbers.size()));
        String old = s.substring(n[0], n[1]);
        String v = switch (rnd.nextInt(4)) {
            case 0 -> Long.toString(NUMBERS[rnd.nextInt(NUMBERS.length)]);
            case 1 -> TEXT_NUMBERS[rnd.nextInt(TEXT_NUMBERS.length)];
            case 2 -> Long.toString(Math.max(0, Long.parseLong(old.length() > 18 ? "0" : old)) * (1 + rnd.nextInt(1000)));
            default -> Long.toString(Long.parseLong(old.length() > 18 ? "0" : old) + rnd.nextInt(3) - 1);
        };
        how.append(op >= 8 ? "size-line field " : "number ").append(old).append(" -> ").append(v);
        return splice(b, n[0], n[1] - n[0], v.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** [start, end) of the first line that is neither the banner, a comment nor blank, or null. */
    private static int[] sizeLine(String s) {
        int at = 0;
        for (int line = 0; at < s.length(); line++) {
            int end = s.indexOf('\n', at);
            if (end < 0) end = s.length();
            String t = s.substring(at, end).strip();
            if (line > 0 && !t.isEmpty() && !t.startsWith("%")) return new int[] {at, end};
            at = end + 1;
        }
        return null;
    }

    /** Digit runs, within [range[0], range[1]) if given. */
    private static List<int[]> numbers(String s, int[] range) {
        List<int[]> out = new ArrayList<>();
        int from = range == null ? 0 : range[0];
        int to = range == null ? s.length() : range[1];
        for (int i = from; i < to; i++) {
            if (!Character.isDigit(s.charAt(i))) continue;
            int j = i;
            while (j < to && Character.isDigit(s.charAt(j))) j++;
            out.add(new int[] {i, j});
            i = j;
        }
        return out;
    }

    // ---------------------------------------------------------------- binary and records

    /** Sets a header field to a boundary or huge value, then (usually) fixes the checksums so the edit gets past them. */
    private static byte[] editHeader(byte[] b, Kind kind, Random rnd, StringBuilder how) {
        int[][] fields = kind == Kind.BINARY ? BINARY_FIELDS : RECORD_FIELDS;
        int[] f = fields[rnd.nextInt(fields.length)];
        if (b.length < f[0] + f[1]) {
            how.append("field beyond the end");
            return b;
        }
        byte[] c = b.clone();
        ByteBuffer buf = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        long old = switch (f[1]) {
            case 2 -> buf.getShort(f[0]);
            case 4 -> buf.getInt(f[0]);
            default -> buf.getLong(f[0]);
        };
        long v = switch (rnd.nextInt(3)) {
            case 0 -> NUMBERS[rnd.nextInt(NUMBERS.length)];
            case 1 -> old + rnd.nextInt(17) - 8;
            default -> old * (2 + rnd.nextInt(1 << 20));
        };
        switch (f[1]) {
            case 2 -> buf.putShort(f[0], (short) v);
            case 4 -> buf.putInt(f[0], (int) v);
            default -> buf.putLong(f[0], v);
        }
        boolean fix = rnd.nextInt(4) != 0;
        how.append("header field at ").append(f[0]).append(": ").append(old).append(" -> ").append(v)
                .append(fix ? " (checksums fixed)" : "");
        if (fix) {
            if (kind == Kind.BINARY) fixBinary(c);
            else fixRecord(c);
        }
        return c;
    }

    /** Recomputes a binary file's payload CRC32C (bytes 128 to the end) and header CRC32C. */
    static void fixBinary(byte[] c) {
        if (c.length < 128) return;
        ByteBuffer buf = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C payload = new CRC32C();
        payload.update(c, 128, c.length - 128);
        buf.putInt(96, (int) payload.getValue());
        CRC32C header = new CRC32C();
        header.update(c, 0, 124);
        buf.putInt(124, (int) header.getValue());
    }

    /** Recomputes a record's CRC32C (header bytes 0-43, then the payload the header points to, if it is there). */
    static void fixRecord(byte[] c) {
        if (c.length < 48) return;
        ByteBuffer buf = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        long length = buf.getLong(24);
        int offset = buf.getInt(40);
        if (offset < 0 || offset > c.length || length < 0 || length > c.length - offset) return;
        CRC32C crc = new CRC32C();
        crc.update(c, 0, 44);
        crc.update(c, offset, (int) length);
        buf.putInt(44, (int) crc.getValue());
    }

    // ---------------------------------------------------------------- helpers

    private static int at(byte[] b, Random rnd) {
        return b.length == 0 ? 0 : rnd.nextInt(b.length);
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] c = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(insert, 0, c, at, insert.length);
        System.arraycopy(b, at + remove, c, at + insert.length, b.length - at - remove);
        return c;
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch >= 0x20 && ch < 0x7f) out.append(ch);
            else out.append(String.format("\\x%02x", (int) ch));
        }
        return out.toString();
    }

    static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] b) {
        try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return z.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.pullback.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Tokens of a Matrix Market file, read from a byte stream through one fixed buffer, with the
 * current line number for error messages. The text is never held beyond one buffer (64 KiB), so a
 * file of any size streams in constant memory; parsing a number allocates nothing unless it takes
 * {@link DecimalParser}'s slow path.
 *
 * <p>Lines end with LF (a CR before it is blank). Blanks are space, tab, CR and form feed. A token
 * is a maximal run of non-blank bytes on one line; it must fit in the buffer. A line may hold at
 * most {@link #MAX_LINE} bytes (checked at each refill, so to within one buffer): a stream without
 * line ends (/dev/zero, a binary file) is an error naming the line, not an endless read. File
 * content quoted in a message is escaped ({@link Printable}).
 */
final class MatrixMarketScanner implements Closeable {
    static final int BUFFER = 1 << 16;
    /** The longest line accepted, in bytes (1 MiB: an entry line takes under 100). */
    static final int MAX_LINE = 1 << 20;

    private final InputStream in;
    private final String file;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    private boolean eof;
    private long line = 1;
    /** Offset in the stream of buf[0], and of the first byte of the current line. */
    private long base;
    private long lineStart;
    private long sizeLine = -1;
    private int tokenStart;
    private int tokenEnd;

    MatrixMarketScanner(InputStream in, String file) {
        this.in = in;
        this.file = file;
    }

    String file() {
        return file;
    }

    long line() {
        return line;
    }

    /** The line of the size line, once the header has been read. */
    long sizeLine() {
        return sizeLine;
    }

    void sizeLine(long line) {
        sizeLine = line;
    }

    MatrixFileException error(String problem) {
        return new MatrixFileException(file, line, problem);
    }

    /** The next byte without consuming it, or -1 at end of file. */
    private int peek() throws IOException {
        if (pos == limit && !fill()) return -1;
        return buf[pos] & 0xFF;
    }

    /** Refills the buffer keeping bytes from {@code tokenStart} on; false at end of file. */
    private boolean fill() throws IOException {
        if (eof) return false;
        if (base + pos - lineStart > MAX_LINE) {
            throw error("line longer than " + MAX_LINE + " bytes (no line end): not a Matrix Market text file,"
                    + " or a damaged one");
        }
        int keep = pos - tokenStart;
        if (keep > 0 && tokenStart > 0) System.arraycopy(buf, tokenStart, buf, 0, keep);
        if (keep >= buf.length) throw error("token longer than " + BUFFER + " bytes");
        base += tokenStart;
        tokenStart = 0;
        pos = keep;
        limit = keep;
        int n = in.read(buf, limit, buf.length - limit);
        while (n == 0) n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    private static boolean blank(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f';
    }

    /** Skips blanks on the current line. */
    private void skipBlanks() throws IOException {
        tokenStart = pos;
        for (int c = peek(); c >= 0 && blank(c); c = peek()) {
            pos++;
            tokenStart = pos;
        }
    }

    /** Whether only blanks remain on the current line. */
    boolean atLineEnd() throws IOException {
        skipBlanks();
        int c = peek();
        return c < 0 || c == '\n';
    }

    /** Reads the next token of the current line; false when the line has no more. */
    boolean token() throws IOException {
        skipBlanks();
        tokenStart = pos;
        for (int c = peek(); c >= 0 && c != '\n' && !blank(c); c = peek()) pos++;
        tokenEnd = pos;
        return tokenEnd > tokenStart;
    }

    /** The current token as text, shortened and escaped for messages. */
    String tokenText() {
        int len = tokenEnd - tokenStart;
        String s = Printable.escape(new String(buf, tokenStart, Math.min(len, 40), StandardCharsets.ISO_8859_1));
        return len > 40 ? s + "..." : s;
    }

    /** Consumes the rest of the current line, which must be blank, and the line end. */
    void endLine(String after) throws IOException {
        if (!atLineEnd()) {
            token();
            throw error("unexpected token '" + tokenText() + "' after " + after);
        }
        skipLineEnd();
    }

    /** {@link #endLine} after the entry (i, j) (0-based), building no message unless it fails. */
    void endEntry(int i, int j) throws IOException {
        if (!atLineEnd()) {
            token();
            throw error("unexpected token '" + tokenText() + "' after entry (" + (i + 1) + ", " + (j + 1) + ")");
        }
        skipLineEnd();
    }

    private void skipLineEnd() throws IOException {
        if (peek() == '\n') {
            pos++;
            newLine();
        }
    }

    /** Counts the line end just consumed. */
    private void newLine() {
        line++;
        lineStart = base + pos;
    }

    /** Skips the current line whatever it holds. */
    void skipLine() throws IOException {
        for (int c = peek(); c >= 0; c = peek()) {
            pos++;
            tokenStart = pos;
            if (c == '\n') {
                newLine();
                return;
            }
        }
    }

    /**
     * Moves to the next line that holds a token, skipping blank lines and comment lines (first
     * non-blank byte '%'); false at end of file.
     */
    boolean nextContentLine() throws IOException {
        while (true) {
            skipBlanks();
            int c = peek();
            if (c < 0) return false;
            if (c == '\n') {
                pos++;
                newLine();
            } else if (c == '%') {
                skipLine();
            } else {
                return true;
            }
        }
    }

    /** Reads the current line as text (for the banner), at most {@code max} bytes kept; consumes it. */
    String readLine(int max) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = peek(); c >= 0; c = peek()) {
            pos++;
            tokenStart = pos;
            if (c == '\n') {
                newLine();
                break;
            }
            if (sb.length() < max) sb.append((char) c);
        }
        return sb.toString().strip();
    }

    /**
     * Up to {@code max} bytes of the current line from the read position, without consuming them
     * (fewer at a line end or the end of the file), as ISO-8859-1 text: escape before quoting it.
     */
    String peekLine(int max) throws IOException {
        // fill keeps the bytes in [tokenStart, pos) and appends after them: mark [pos, limit) so.
        tokenStart = pos;
        pos = limit;
        while (pos - tokenStart < max && fill()) pos = limit;
        pos = tokenStart;
        int end = pos;
        while (end < limit && end - pos < max && buf[end] != '\n') end++;
        return new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
    }

    /** Whether the file has ended (after skipping nothing). */
    boolean atEof() throws IOException {
        return peek() < 0;
    }

    /** The current token as a non-negative integer, or -1 if it is not one (or exceeds 2^63-1). */
    long tokenAsCount() {
        if (tokenEnd == tokenStart) return -1;
        long v = 0;
        for (int p = tokenStart; p < tokenEnd; p++) {
            int d = buf[p] - '0';
            if (d < 0 || d > 9) return -1;
            if (v > (Long.MAX_VALUE - d) / 10) return -1;
            v = v * 10 + d;
        }
        return v;
    }

    /** Reads a 1-based index token in [1, bound] and returns it 0-based. */
    int index(String what, int bound) throws IOException {
        if (!token()) throw error("missing " + what + " index");
        int p = tokenStart;
        long v = 0;
        if (p == tokenEnd) throw error("bad " + what + " index '" + tokenText() + "'");
        for (; p < tokenEnd; p++) {
            int d = buf[p] - '0';
            if (d < 0 || d > 9) {
                throw error("bad " + what + " index '" + tokenText() + "': expected a positive integer");
            }
            v = v * 10 + d;
            if (v > bound) break;
        }
        if (v < 1 || v > bound) {
            throw error(what + " index " + tokenText() + " out of range [1, " + bound + "]");
        }
        return (int) v - 1;
    }

    /** Reads a real value token. */
    double real() throws IOException {
        if (!token()) throw error("missing value: the entry has no number after its indices");
        try {
            return DecimalParser.parse(buf, tokenStart, tokenEnd);
        } catch (NumberFormatException e) {
            throw error("non-numeric value '" + tokenText() + "'");
        }
    }

    /** Reads an integer value token (optional sign, digits, |v| < 2^63), as a double. */
    double integer() throws IOException {
        if (!token()) throw error("missing value: the entry has no number after its indices");
        int p = tokenStart;
        boolean neg = false;
        if (buf[p] == '-' || buf[p] == '+') {
            neg = buf[p] == '-';
            p++;
        }
        if (p == tokenEnd) throw error("non-integer value '" + tokenText() + "' in an integer matrix");
        long v = 0;
        for (; p < tokenEnd; p++) {
            int d = buf[p] - '0';
            if (d < 0 || d > 9) throw error("non-integer value '" + tokenText() + "' in an integer matrix");
            if (v > (Long.MAX_VALUE - d) / 10) {
                throw error("integer value '" + tokenText() + "' does not fit in 64 bits");
            }
            v = v * 10 + d;
        }
        return neg ? -(double) v : (double) v;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

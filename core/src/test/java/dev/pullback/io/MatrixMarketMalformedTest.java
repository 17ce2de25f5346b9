package dev.pullback.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per class of malformed Matrix Market file: the message names the file, the line and the fault. */
class MatrixMarketMalformedTest {
    @TempDir
    Path dir;

    private static final String COO = "%%MatrixMarket matrix coordinate real general\n";

    /** Reads text as a file named bad.mtx, sparse and dense; both must fail the same way. */
    private MatrixFileException fails(String text, long line, String... fragments) throws IOException {
        Path f = dir.resolve("bad.mtx");
        Files.writeString(f, text, StandardCharsets.ISO_8859_1);
        MatrixFileException e = assertThrows(MatrixFileException.class, () -> MatrixMarket.readSparse(f).close());
        check(e, f.toString(), line, fragments);
        MatrixFileException d = assertThrows(MatrixFileException.class, () -> MatrixMarket.readDense(f).close());
        check(d, f.toString(), line, fragments);
        MatrixFileException m = assertThrows(MatrixFileException.class, () -> MatrixFiles.readSparse(f).close());
        check(m, f.toString(), line, fragments);
        return e;
    }

    private static void check(MatrixFileException e, String file, long line, String... fragments) {
        String msg = e.getMessage();
        assertEquals(file, e.file());
        assertEquals(line, e.line(), msg);
        assertTrue(msg.startsWith(file + ", line " + line + ": "), msg);
        for (String f : fragments) assertTrue(msg.contains(f), "'" + f + "' missing from: " + msg);
    }

    @Test
    void emptyFile() throws IOException {
        Path f = dir.resolve("empty.mtx");
        Files.writeString(f, "");
        MatrixFileException e = assertThrows(MatrixFileException.class, () -> MatrixMarket.readSparse(f));
        check(e, f.toString(), 1, "empty file");
        e = assertThrows(MatrixFileException.class, () -> MatrixFiles.readSparse(f));
        assertTrue(e.getMessage().contains("empty file"), e.getMessage());
    }

    @Test
    void badBanner() throws IOException {
        fails("%MatrixMarket matrix coordinate real general\n1 1 0\n", 1, "not a Matrix Market file");
        fails("%%MatrixMarket matrix coordinate real\n1 1 0\n", 1, "bad banner");
        fails("%%MatrixMarket matrix coordinate real general extra\n1 1 0\n", 1, "bad banner");
    }

    @Test
    void unknownObjectFormatFieldSymmetry() throws IOException {
        fails("%%MatrixMarket vector coordinate real general\n1 1 0\n", 1, "unknown object 'vector'");
        fails("%%MatrixMarket matrix sparse real general\n1 1 0\n", 1, "unknown format 'sparse'");
        fails("%%MatrixMarket matrix coordinate float general\n1 1 0\n", 1, "unknown field 'float'");
        fails("%%MatrixMarket matrix coordinate complex general\n1 1 0\n", 1, "complex");
        fails("%%MatrixMarket matrix coordinate real upper\n1 1 0\n", 1, "unknown symmetry 'upper'");
        fails("%%MatrixMarket matrix coordinate real hermitian\n1 1 0\n", 1, "hermitian");
        fails("%%MatrixMarket matrix array pattern general\n1 1\n", 1, "array file cannot have the pattern field");
        fails("%%MatrixMarket matrix coordinate pattern skew-symmetric\n1 1 0\n", 1, "cannot be skew-symmetric");
    }

    @Test
    void badSizeLine() throws IOException {
        fails(COO + "% c\n3 3\n", 3, "bad size line '3 3'");
        fails(COO + "3 3 1 4\n1 1 1\n", 2, "bad size line");
        fails(COO + "3 -3 1\n1 1 1\n", 2, "bad size line '3 -3 1'");
        fails(COO + "3 x 1\n", 2, "bad size line");
        fails("%%MatrixMarket matrix array real general\n2 2 4\n", 2, "'rows cols'");
        fails(COO + "% only comments\n", 3, "missing size line");
        fails(COO + "3000000000 2 1\n", 2, "exceeds the limit");
        fails("%%MatrixMarket matrix coordinate real symmetric\n3 4 1\n", 2, "must be square", "3x4");
    }

    @Test
    void indexOutOfRange() throws IOException {
        MatrixFileException e = fails(COO + "3 2 2\n1 1 1.0\n4 1 2.0\n", 4, "row index 4 out of range [1, 3]");
        assertTrue(e.problem().startsWith("row index 4"), e.problem());
        fails(COO + "3 2 1\n1 3 1.0\n", 3, "column index 3 out of range [1, 2]");
        fails(COO + "3 2 1\n0 1 1.0\n", 3, "row index 0 out of range");
        fails(COO + "3 2 1\n99999999999999999999 1 1.0\n", 3, "row index 99999999999999999999 out of range");
        fails(COO + "3 2 1\n1.5 1 1.0\n", 3, "bad row index '1.5'");
        fails(COO + "3 2 1\n-1 1 1.0\n", 3, "bad row index '-1'");
    }

    @Test
    void tooFewEntries() throws IOException {
        fails(COO + "3 3 3\n1 1 1\n2 2 2\n", 5, "ends after 2 of the 3 entries declared on line 2");
        fails(COO + "3 3 3\n1 1 1\n2 2 2", 4, "ends after 2 of the 3 entries");
        fails("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n", 6, "ends after 3 of the 4 values");
        // a size line claiming 1.5 billion entries: a clear error, not an OutOfMemoryError from
        // reserving 18 GB for entries the file does not have
        fails(COO + "3 3 1500000000\n1 1 1\n", 4, "ends after 1 of the 1500000000 entries");
        fails(COO.replace("general", "symmetric") + "3 3 1500000000\n1 1 1\n", 4,
                "ends after 1 of the 1500000000 entries");
    }

    @Test
    void tooManyEntries() throws IOException {
        fails(COO + "3 3 1\n1 1 1\n2 2 2\n", 4, "more entries than the 1 declared on line 2");
        fails("%%MatrixMarket matrix array real general\n1 2\n1\n2\n3\n", 5, "more values than the 2");
    }

    @Test
    void nonNumericValue() throws IOException {
        fails(COO + "2 2 2\n1 1 1.0\n2 2 abc\n", 4, "non-numeric value 'abc'");
        fails(COO + "2 2 1\n1 1 1,5\n", 3, "non-numeric value '1,5'");
        fails(COO + "2 2 1\n1 1 0x1p3\n", 3, "non-numeric value '0x1p3'");
        fails(COO + "2 2 1\n1 1 1.0d\n", 3, "non-numeric value '1.0d'");
        fails("%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 1.5\n", 3, "non-integer value '1.5'");
        fails("%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 99999999999999999999\n", 3,
                "does not fit in 64 bits");
        fails("%%MatrixMarket matrix array real general\n1 1\nfoo\n", 3, "non-numeric value 'foo'");
    }

    @Test
    void missingValue() throws IOException {
        fails(COO + "2 2 2\n1 1 1.0\n2 2\n", 4, "missing value");
        fails(COO + "2 2 1\n1\n", 3, "missing column index");
    }

    @Test
    void extraTokenOnAnEntryLine() throws IOException {
        fails(COO + "2 2 1\n1 1 1.0 2.0\n", 3, "unexpected token '2.0' after entry (1, 1)");
        fails("%%MatrixMarket matrix array real general\n1 2\n1 2\n", 3, "unexpected token '2'");
    }

    @Test
    void patternWithValues() throws IOException {
        fails("%%MatrixMarket matrix coordinate pattern general\n2 2 2\n1 1\n2 2 5.0\n", 4,
                "pattern file has no values", "'5.0'");
    }

    @Test
    void symmetricFileWithUpperTriangleEntry() throws IOException {
        fails("%%MatrixMarket matrix coordinate real symmetric\n3 3 2\n2 1 1\n1 3 2\n", 4, "(1, 3) is above the diagonal");
        fails("%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 1\n1 2 1\n", 3, "above the diagonal");
    }

    @Test
    void skewSymmetricWithNonzeroDiagonal() throws IOException {
        fails("%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 2\n2 1 1\n2 2 0.5\n", 4,
                "nonzero diagonal entry (2, 2) = 0.5");
    }

    @Test
    void tokenLongerThanTheBuffer() throws IOException {
        String huge = "1".repeat(MatrixMarketScanner.BUFFER + 10);
        fails(COO + "1 1 1\n1 1 " + huge + "\n", 3, "token longer than");
    }

    @Test
    void denseTooLarge() throws IOException {
        Path f = dir.resolve("big.mtx");
        Files.writeString(f, COO + "100000 100000 1\n1 1 1\n");
        MatrixFileException e = assertThrows(MatrixFileException.class, () -> MatrixMarket.readDense(f));
        check(e, f.toString(), 2, "exceeds 2^31-1 values");
    }

    @Test
    void streamNamesTheGivenName() {
        byte[] text = (COO + "2 2 1\n3 1 1\n").getBytes(StandardCharsets.US_ASCII);
        MatrixFileException e = assertThrows(MatrixFileException.class,
                () -> MatrixMarket.readSparse(new ByteArrayInputStream(text), "stdin"));
        check(e, "stdin", 3, "row index 3");
    }
}

package dev.pullback.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.NativeMemory;
import dev.pullback.testing.Generated;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

class BinaryMatrixFileTest {
    @TempDir
    Path dir;

    @Test
    void cscRoundTripIsBitExactAndZeroCopy() {
        Generated.forAll(60, Generated.shapeEdges(0, 12), Generated.shapes(0, 12),
                c -> cscRoundTripIsBitExactAndZeroCopy(c.rows(), c.cols(), c.seed()));
    }

    private void cscRoundTripIsBitExactAndZeroCopy(int rows, int cols, long seed) throws IOException {
        Random r = new Random(seed);
        Path f = dir.resolve("csc-" + seed + BinaryMatrixFile.EXTENSION);
        try (CscMatrix a = TestMatrices.sparse(r, rows, cols, r.nextDouble() * 0.6)) {
            double[] v = a.valuesArray();
            for (int k = 0; k < v.length; k++) {
                if (r.nextInt(8) == 0) v[k] = Double.longBitsToDouble(0x7ff0000000000001L + r.nextInt(1000)); // NaN payloads
            }
            a.setValues(v);
            BinaryMatrixFile.write(f, a);
            assertEquals(0, Files.size(f) % 64, "file size is a multiple of 64");
            for (BinaryMatrixFile.Verify verify : BinaryMatrixFile.Verify.values()) {
                try (MappedMatrix m = BinaryMatrixFile.open(f, verify)) {
                    CscMatrix b = m.sparse();
                    TestMatrices.assertSameMatrix(a, b, false);
                    assertTrue(b.values().isMapped() && b.pattern().rowIdx().isMapped(), "a view of the mapping");
                    assertEquals(0, b.values().address() % 64);
                    assertEquals(0, b.pattern().rowIdx().address() % 64);
                    assertEquals(0, b.pattern().colPtr().address() % 64);
                    assertTrue(b.isReadOnly());
                }
            }
            BinaryMatrixFile.Header h = BinaryMatrixFile.readHeader(f);
            assertEquals(BinaryMatrixFile.Kind.CSC, h.kind());
            assertEquals(a.nnz(), h.nnz());
            assertEquals(Files.size(f), h.fileSize());
        }
    }

    private record DenseCase(int rows, int cols, int extraLd, long seed) {}

    @Test
    void denseRoundTripPacksAnyLeadingDimension() {
        List<DenseCase> edges = new ArrayList<>();
        for (Generated.Shape s : Generated.shapeEdges(0, 9)) {
            for (int extraLd : new int[] {0, 3}) edges.add(new DenseCase(s.rows(), s.cols(), extraLd, 0));
        }
        Gen<DenseCase> gen = integers().between(0, 9).zip(integers().between(0, 9), integers().between(0, 3), longs().all(),
                DenseCase::new);
        Generated.forAll(40, edges, gen, c -> denseRoundTripPacksAnyLeadingDimension(c.rows(), c.cols(), c.extraLd(), c.seed()));
    }

    private void denseRoundTripPacksAnyLeadingDimension(int rows, int cols, int extraLd, long seed) throws IOException {
        Path f = dir.resolve("dense-" + seed + BinaryMatrixFile.EXTENSION);
        int ld = Math.max(rows, 1) + extraLd;
        try (Arena arena = NativeMemory.openArena(); DenseMatrix ref = TestMatrices.dense(new Random(seed), rows, cols)) {
            MemorySegment seg = NativeMemory.doubles(arena, (long) ld * cols);
            seg.fill((byte) 0x55);
            DenseMatrix a = DenseMatrix.view(seg, rows, cols, ld);
            for (int j = 0; j < cols; j++) for (int i = 0; i < rows; i++) a.set(i, j, ref.get(i, j));
            BinaryMatrixFile.write(f, a);
            try (MappedMatrix m = BinaryMatrixFile.open(f)) {
                TestMatrices.assertSameMatrix(ref, m.dense(), false);
                assertEquals(Math.max(rows, 1), m.dense().ld());
                assertTrue(m.dense().segment().isReadOnly());
            }
        }
    }

    private Path sample() throws IOException {
        Path f = dir.resolve("m" + BinaryMatrixFile.EXTENSION);
        try (CscMatrix a = TestMatrices.sparse(new Random(3), 40, 30, 0.2)) {
            BinaryMatrixFile.write(f, a);
        }
        return f;
    }

    private static void assertFailsNaming(Path f, BinaryMatrixFile.Verify verify, String fragment) {
        MatrixFileException e = assertThrows(MatrixFileException.class, () -> BinaryMatrixFile.open(f, verify).close());
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        if (fragment != null) assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void everyTruncationIsAnError() throws IOException {
        Path f = sample();
        byte[] whole = Files.readAllBytes(f);
        Path t = dir.resolve("t" + BinaryMatrixFile.EXTENSION);
        for (int len = 0; len < whole.length; len += len < 200 ? 1 : 37) {
            Files.write(t, Arrays.copyOf(whole, len));
            for (BinaryMatrixFile.Verify v : BinaryMatrixFile.Verify.values()) assertFailsNaming(t, v, "truncated");
            MatrixFileException e = assertThrows(MatrixFileException.class, () -> BinaryMatrixFile.readHeader(t));
            assertTrue(e.getMessage().startsWith(t + ": ") && e.getMessage().contains("truncated"), e.getMessage());
        }
        Files.write(t, Arrays.copyOf(whole, whole.length + 64));
        assertFailsNaming(t, BinaryMatrixFile.Verify.FULL, "trailing data");
    }

    @Test
    void everyHeaderBitFlipIsAnError() throws IOException {
        Path f = sample();
        byte[] whole = Files.readAllBytes(f);
        Path t = dir.resolve("h" + BinaryMatrixFile.EXTENSION);
        for (int bit = 0; bit < BinaryMatrixFile.HEADER_SIZE * 8; bit++) {
            byte[] b = whole.clone();
            b[bit >>> 3] ^= (byte) (1 << (bit & 7));
            Files.write(t, b);
            String expect = bit < 64 ? "bad magic" : "header checksum mismatch";
            assertFailsNaming(t, BinaryMatrixFile.Verify.HEADER_ONLY, expect);
            assertFailsNaming(t, BinaryMatrixFile.Verify.FULL, expect);
        }
    }

    @Test
    void payloadBitFlipsAreCaughtByTheChecksum() throws IOException {
        Path f = sample();
        byte[] whole = Files.readAllBytes(f);
        Path t = dir.resolve("p" + BinaryMatrixFile.EXTENSION);
        Random r = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int bit = BinaryMatrixFile.HEADER_SIZE * 8 + r.nextInt((whole.length - BinaryMatrixFile.HEADER_SIZE) * 8);
            byte[] b = whole.clone();
            b[bit >>> 3] ^= (byte) (1 << (bit & 7));
            Files.write(t, b);
            assertFailsNaming(t, BinaryMatrixFile.Verify.FULL, "payload checksum mismatch");
        }
    }

    /** Without the payload checksum a flipped index is still caught by the structure check; values are not checked. */
    @Test
    void headerOnlyStillRangeChecksTheStructure() throws IOException {
        Path f = dir.resolve("s" + BinaryMatrixFile.EXTENSION);
        try (CscMatrix a = CscMatrix.of(3, 2, new int[] {0, 2, 3}, new int[] {0, 2, 1}, new double[] {1, 2, 3})) {
            BinaryMatrixFile.write(f, a);
        }
        byte[] whole = Files.readAllBytes(f);
        ByteBuffer bb = ByteBuffer.wrap(whole).order(ByteOrder.LITTLE_ENDIAN);
        long rowIdxAt = bb.getLong(64);
        long valuesAt = bb.getLong(80);
        byte[] badRow = whole.clone();
        ByteBuffer.wrap(badRow).order(ByteOrder.LITTLE_ENDIAN).putInt((int) rowIdxAt + 4, 7);
        Path t = dir.resolve("t" + BinaryMatrixFile.EXTENSION);
        Files.write(t, badRow);
        assertFailsNaming(t, BinaryMatrixFile.Verify.HEADER_ONLY, "corrupt CSC structure: row index 7");
        assertFailsNaming(t, BinaryMatrixFile.Verify.FULL, "payload checksum");
        byte[] badValue = whole.clone();
        ByteBuffer.wrap(badValue).order(ByteOrder.LITTLE_ENDIAN).putDouble((int) valuesAt, 42.0);
        Files.write(t, badValue);
        try (MappedMatrix m = BinaryMatrixFile.open(t, BinaryMatrixFile.Verify.HEADER_ONLY)) {
            assertEquals(42.0, m.sparse().value(0), "HEADER_ONLY does not read the values");
        }
        assertFailsNaming(t, BinaryMatrixFile.Verify.FULL, "payload checksum");
    }

    /** A header that is consistent and correctly checksummed but describes something else. */
    @Test
    void consistentlyWrongHeadersAreNamed() throws IOException {
        Path f = sample();
        byte[] whole = Files.readAllBytes(f);
        Path t = dir.resolve("w" + BinaryMatrixFile.EXTENSION);
        Files.write(t, withHeaderInt(whole, 8, 2));
        assertFailsNaming(t, BinaryMatrixFile.Verify.FULL, "unsupported format version 2");
        Files.write(t, withHeaderInt(whole, 12, 9));
        assertFailsNaming(t, BinaryMatrixFile.Verify.FULL, "unknown matrix kind 9");
        // rows 40 -> 41 changes no size and leaves every row index in range: a valid 41x30 matrix.
        Files.write(t, withHeaderInt(whole, 16, 41));
        try (MappedMatrix m = BinaryMatrixFile.open(t)) {
            assertEquals(41, m.rows());
        }
        // rows 40 -> 20: sizes still agree, but stored row indices now fall outside the shape.
        Files.write(t, withHeaderInt(whole, 16, 20));
        assertFailsNaming(t, BinaryMatrixFile.Verify.FULL, "corrupt CSC structure");
        // cols 30 -> 31: the colPtr section would be 4 bytes longer than the header says.
        Files.write(t, withHeaderInt(whole, 24, 31));
        assertFailsNaming(t, BinaryMatrixFile.Verify.FULL, "section 0 length is 124, expected 128");
        Files.write(t, withHeaderInt(whole, 24, 300));
        assertFailsNaming(t, BinaryMatrixFile.Verify.FULL, "header declares");
        Files.write(t, withHeaderInt(whole, 100, 1));
        assertFailsNaming(t, BinaryMatrixFile.Verify.FULL, "reserved header byte 100");
    }

    private static byte[] withHeaderInt(byte[] file, int offset, int value) {
        byte[] b = file.clone();
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(offset, value);
        CRC32C crc = new CRC32C();
        crc.update(b, 0, 124);
        h.putInt(124, (int) crc.getValue());
        return b;
    }

    @Test
    void notABinaryFile() throws IOException {
        Path t = dir.resolve("x" + BinaryMatrixFile.EXTENSION);
        Files.writeString(t, "%%MatrixMarket matrix coordinate real general\n" + "%".repeat(200) + "\n");
        assertFailsNaming(t, BinaryMatrixFile.Verify.FULL, "bad magic");
    }

    @Test
    void mappedMatrixIsReadOnlyAndUnusableAfterClose() throws IOException {
        Path f = sample();
        CscMatrix a;
        MappedMatrix m = BinaryMatrixFile.open(f);
        try (m) {
            a = m.sparse();
            double before = a.value(0);
            CscMatrix view = a;
            // JDK 25 reports a write to a read-only segment as IllegalArgumentException.
            assertThrows(IllegalArgumentException.class, () -> view.setValue(0, 1.0));
            assertThrows(IllegalArgumentException.class, () -> view.values().set(ValueLayout.JAVA_DOUBLE, 0, 1.0));
            assertThrows(IllegalArgumentException.class, () -> view.pattern().rowIdx().set(ValueLayout.JAVA_INT, 0, 1));
            assertEquals(Double.doubleToRawLongBits(before), Double.doubleToRawLongBits(a.value(0)));
            assertThrows(IllegalStateException.class, m::dense);
            assertFalse(m.isClosed());
        }
        m.close();
        assertTrue(m.isClosed());
        assertTrue(a.isClosed());
        CscMatrix closed = a;
        assertThrows(IllegalStateException.class, () -> closed.value(0));
        assertThrows(IllegalStateException.class, () -> closed.pattern().row(0));
        assertThrows(IllegalStateException.class, () -> closed.pattern().colStart(1));

        Path d = dir.resolve("d" + BinaryMatrixFile.EXTENSION);
        try (DenseMatrix x = DenseMatrix.of(new double[][] {{1, 2}, {3, 4}})) {
            BinaryMatrixFile.write(d, x);
        }
        DenseMatrix x;
        try (MappedMatrix md = BinaryMatrixFile.open(d)) {
            x = md.dense();
            DenseMatrix view = x;
            assertEquals(3.0, x.get(1, 0));
            assertThrows(IllegalArgumentException.class, () -> view.set(0, 0, 9.0));
            assertThrows(IllegalStateException.class, md::sparse);
        }
        DenseMatrix closedDense = x;
        assertThrows(IllegalStateException.class, () -> closedDense.get(0, 0));
    }

    @Test
    void failedOpenLeavesNothingMapped() throws IOException {
        Path f = sample();
        byte[] b = Files.readAllBytes(f);
        b[b.length - 100] ^= 1;
        Path t = dir.resolve("c" + BinaryMatrixFile.EXTENSION);
        Files.write(t, b);
        long before = NativeMemory.liveArenas();
        assertThrows(MatrixFileException.class, () -> BinaryMatrixFile.open(t));
        assertEquals(before, NativeMemory.liveArenas());
    }
}

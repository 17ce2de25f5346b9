package dev.pullback.chronicle;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.chronicle.MatrixCodec.Checksum;
import dev.pullback.chronicle.MatrixFormatException.Problem;
import dev.pullback.chronicle.RecordHeader.Kind;
import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.NativeMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ChronicleLeaks.class)
class MatrixCodecTest {
    private static final Random RND = new Random(2026);

    /** Every kind of Bytes the codec copies through: fixed direct, elastic direct, elastic heap. */
    private static List<Supplier<Bytes<?>>> kinds(long capacity) {
        return List.of(() -> Bytes.allocateDirect(capacity), () -> Bytes.allocateElasticDirect(16),
                () -> Bytes.allocateElasticOnHeap(16));
    }

    private static DenseMatrix randomDense(int rows, int cols) {
        double[] v = new double[rows * cols];
        for (int k = 0; k < v.length; k++) v[k] = RND.nextGaussian();
        return DenseMatrix.ofColumnMajor(rows, cols, v);
    }

    private static CscMatrix randomCsc(int rows, int cols, double density) {
        CooBuilder b = new CooBuilder(rows, cols);
        for (int j = 0; j < cols; j++) {
            if (j % 3 == 1) continue; // some empty columns, first one included when cols > 1
            for (int i = 0; i < rows; i++) if (RND.nextDouble() < density) b.add(i, j, RND.nextGaussian());
        }
        return b.build(CooBuilder.Zeros.KEEP);
    }

    private static void assertSameDense(DenseMatrix expected, DenseMatrix actual) {
        assertEquals(expected.rows(), actual.rows());
        assertEquals(expected.cols(), actual.cols());
        for (int j = 0; j < expected.cols(); j++) {
            for (int i = 0; i < expected.rows(); i++) assertEquals(expected.get(i, j), actual.get(i, j));
        }
    }

    private static void assertSameCsc(CscMatrix expected, CscMatrix actual) {
        assertEquals(expected.rows(), actual.rows());
        assertEquals(expected.cols(), actual.cols());
        assertArrayEquals(expected.pattern().colPtrArray(), actual.pattern().colPtrArray());
        assertArrayEquals(expected.pattern().rowIdxArray(), actual.pattern().rowIdxArray());
        assertArrayEquals(expected.valuesArray(), actual.valuesArray());
    }

    @Test
    void denseRoundTripsThroughEveryKindOfBytes() {
        int[][] shapes = {{0, 0}, {1, 1}, {3, 5}, {5, 3}, {0, 4}, {4, 0}, {17, 9}};
        for (Supplier<Bytes<?>> kind : kinds(1 << 14)) {
            Bytes<?> bytes = kind.get();
            try {
                for (int[] s : shapes) {
                    try (DenseMatrix a = randomDense(s[0], s[1])) {
                        long start = bytes.writePosition();
                        long n = MatrixCodec.write(a, bytes);
                        assertEquals(start + n, bytes.writePosition());
                        assertEquals(0, n % 8);
                        try (DenseMatrix back = MatrixCodec.readDense(bytes)) {
                            assertSameDense(a, back);
                        }
                        assertEquals(bytes.writePosition(), bytes.readPosition());
                    }
                }
            } finally {
                bytes.releaseLast();
            }
        }
    }

    @Test
    void aDenseMatrixWithPaddedColumnsIsWrittenPacked() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = NativeMemory.doubles(arena, 5 * 4);
            for (int k = 0; k < 20; k++) seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, k, k);
            DenseMatrix a = DenseMatrix.view(seg, 3, 4, 5);
            Bytes<?> bytes = Bytes.allocateDirect(1024);
            try (DenseMatrix back = MatrixCodec.readDense(bytes, 0 * MatrixCodec.writeAt(a, bytes, 0))) {
                assertEquals(3, back.ld());
                assertSameDense(a, back);
            } finally {
                bytes.releaseLast();
            }
        }
    }

    @Test
    void cscRoundTripsIncludingEmptyColumns() {
        for (Supplier<Bytes<?>> kind : kinds(1 << 16)) {
            Bytes<?> bytes = kind.get();
            try (CscMatrix empty = CscMatrix.of(0, 0, new int[] {0}, new int[0], new double[0]);
                 CscMatrix one = CscMatrix.of(1, 1, new int[] {0, 1}, new int[] {0}, new double[] {-2.5});
                 CscMatrix noEntries = CscMatrix.of(4, 3, new int[] {0, 0, 0, 0}, new int[0], new double[0]);
                 CscMatrix wide = randomCsc(6, 40, 0.3);
                 CscMatrix tall = randomCsc(50, 7, 0.2)) {
                for (CscMatrix a : List.of(empty, one, noEntries, wide, tall)) {
                    MatrixCodec.write(a, bytes);
                    try (CscMatrix back = MatrixCodec.readCsc(bytes)) {
                        assertSameCsc(a, back);
                    }
                }
                assertEquals(0, wide.pattern().colCount(1), "the test matrix has empty columns");
            } finally {
                bytes.releaseLast();
            }
        }
    }

    @Test
    void vectorsRoundTripAndRecordsFollowEachOther() {
        Bytes<?> bytes = Bytes.allocateElasticDirect(8);
        try (DenseVector x = DenseVector.of(1, 2, 3); DenseVector none = DenseVector.of();
             DenseMatrix a = randomDense(2, 3)) {
            MatrixCodec.write(x, bytes);
            MatrixCodec.write(a, bytes);
            MatrixCodec.write(none, bytes);
            try (DenseVector x2 = MatrixCodec.readVector(bytes); DenseMatrix a2 = MatrixCodec.readDense(bytes);
                 DenseVector none2 = MatrixCodec.readVector(bytes)) {
                assertArrayEquals(x.toArray(), x2.toArray());
                assertTrue(x2.isOffHeap());
                assertSameDense(a, a2);
                assertEquals(0, none2.length());
            }
            assertEquals(0, bytes.readRemaining());
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void theBytesFollowTheDocumentedFormat() {
        Bytes<?> bytes = Bytes.allocateDirect(1024);
        try (CscMatrix a = CscMatrix.of(3, 2, new int[] {0, 2, 3}, new int[] {0, 2, 1}, new double[] {1.5, -2, 4})) {
            long n = MatrixCodec.writeAt(a, bytes, 8);
            byte[] raw = raw(bytes, 8, n);
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals("PBMX", new String(raw, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(1, b.getShort(4));
            assertEquals(2, b.getShort(6));
            assertEquals(3, b.getInt(8));
            assertEquals(2, b.getInt(12));
            assertEquals(3, b.getLong(16));
            long payloadLength = b.getLong(24);
            assertEquals(12 * 3 + 4 * 3, payloadLength);
            assertEquals(n, b.getLong(32));
            int po = b.getInt(40);
            assertEquals(0, (bytes.addressForRead(8) + po) % 64, "payload on a 64-byte boundary of memory");
            assertEquals(1.5, b.getDouble(po));
            assertEquals(4.0, b.getDouble(po + 16));
            assertEquals(2, b.getInt(po + 24 + 4 * 1));
            assertEquals(1, b.getInt(po + 24 + 12 + 4 * 2));
            CRC32C crc = new CRC32C();
            crc.update(raw, 0, 44);
            crc.update(raw, po, (int) payloadLength);
            assertEquals((int) crc.getValue(), b.getInt(44));
            RecordHeader h = MatrixCodec.header(bytes, 8);
            assertEquals(new RecordHeader(Kind.CSC, 3, 2, 3, po, payloadLength, n, b.getInt(44)), h);
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void viewsShareTheRecordMemoryBothWays() {
        Bytes<?> bytes = Bytes.allocateDirect(4096);
        try (DenseMatrix a = randomDense(4, 3); CscMatrix s = randomCsc(5, 6, 0.5); DenseVector x = DenseVector.of(7, 8)) {
            long at1 = MatrixCodec.writeAt(a, bytes, 4);
            long at2 = 4 + at1 + MatrixCodec.writeAt(s, bytes, 4 + at1);
            MatrixCodec.writeAt(x, bytes, at2);
            try (BytesView<DenseMatrix> va = MatrixCodec.viewDense(bytes, 4, Checksum.VERIFY);
                 BytesView<CscMatrix> vs = MatrixCodec.viewCsc(bytes, 4 + at1, Checksum.VERIFY);
                 BytesView<DenseVector> vx = MatrixCodec.viewVector(bytes, at2, Checksum.SKIP)) {
                assertSameDense(a, va.get());
                assertSameCsc(s, vs.get());
                assertArrayEquals(x.toArray(), vx.get().toArray());
                RecordHeader h = MatrixCodec.header(bytes, 4);
                long entry = 4 + h.payloadOffset() + 8L * (1 + 2 * 4); // (1, 2)
                bytes.writeDouble(entry, 123.0);
                assertEquals(123.0, va.get().get(1, 2), "Chronicle write seen through the view");
                va.get().set(3, 0, -9.0);
                assertEquals(-9.0, bytes.readDouble(4 + h.payloadOffset() + 8L * 3), "view write seen through Chronicle");
                assertEquals(bytes.addressForRead(4 + h.payloadOffset()), va.get().segment().address());
                assertEquals(h.recordLength(), va.segment().byteSize());
            }
            // The payload changed after writing: the record no longer verifies, and says so.
            MatrixFormatException e = assertThrows(MatrixFormatException.class, () -> MatrixCodec.readDense(bytes, 4));
            assertEquals(Problem.CHECKSUM, e.problem());
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void aRecordMovedOffAlignmentIsCopiedButNotViewed() {
        Bytes<?> heap = Bytes.allocateElasticOnHeap(64);
        Bytes<?> direct = Bytes.allocateDirect(1024);
        try (DenseMatrix a = randomDense(3, 3)) {
            long n = MatrixCodec.write(a, heap);
            byte[] raw = new byte[(int) n];
            heap.read(0, raw, 0, raw.length);
            long offset = 8 - direct.addressForRead(0) % 8 + 4; // payload lands on an address = 4 mod 8
            direct.write(offset, raw, 0, raw.length);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MatrixCodec.viewDense(direct, offset, Checksum.VERIFY));
            assertTrue(e.getMessage().contains("not 8-byte aligned") && e.getMessage().contains("read"), e.getMessage());
            try (DenseMatrix back = MatrixCodec.readDense(direct, offset)) {
                assertSameDense(a, back);
            }
            e = assertThrows(IllegalArgumentException.class, () -> MatrixCodec.viewDense(heap, 0, Checksum.SKIP));
            assertTrue(e.getMessage().contains("on-heap"), e.getMessage());
        } finally {
            heap.releaseLast();
            direct.releaseLast();
        }
    }

    /** n bytes at offset of direct Bytes, read through their store (Bytes.read stops at readLimit). */
    private static byte[] raw(Bytes<?> bytes, long offset, long n) {
        byte[] raw = new byte[(int) n];
        assertEquals(n, bytes.bytesStore().read(offset, raw, 0, raw.length));
        return raw;
    }

    /** Writes a 2x3 dense record at 0 and returns its raw bytes for tampering. */
    private static byte[] record() {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(64);
        try (DenseMatrix a = randomDense(2, 3)) {
            long n = MatrixCodec.write(a, bytes);
            byte[] raw = new byte[(int) n];
            bytes.read(0, raw, 0, raw.length);
            return raw;
        } finally {
            bytes.releaseLast();
        }
    }

    private static MatrixFormatException readBroken(byte[] raw, int length) {
        Bytes<?> bytes = Bytes.allocateDirect(Math.max(length, 1));
        try {
            bytes.write(0, raw, 0, length);
            bytes.writePosition(length);
            MatrixFormatException e = assertThrows(MatrixFormatException.class, () -> MatrixCodec.readDense(bytes));
            assertEquals(0, bytes.readPosition(), "a failed read does not advance");
            MatrixFormatException v = assertThrows(MatrixFormatException.class,
                    () -> MatrixCodec.viewDense(bytes, 0, Checksum.VERIFY));
            assertEquals(e.problem(), v.problem(), "view and copy agree on what is wrong");
            return e;
        } finally {
            bytes.releaseLast();
        }
    }

    private static void putInt(byte[] raw, int at, int v) {
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
    }

    @Test
    void badBytesNameWhatIsWrong() {
        byte[] raw = record();
        raw[0] ^= 1;
        MatrixFormatException e = readBroken(raw, raw.length);
        assertEquals(Problem.MAGIC, e.problem());
        assertTrue(e.getMessage().contains("PBMX"), e.getMessage());

        raw = record();
        raw[4] = 2;
        e = readBroken(raw, raw.length);
        assertEquals(Problem.VERSION, e.problem());
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());

        raw = record();
        raw[6] = 9;
        assertEquals(Problem.KIND, readBroken(raw, raw.length).problem());

        raw = record();
        putInt(raw, 8, -2);
        assertEquals(Problem.SHAPE, readBroken(raw, raw.length).problem());

        raw = record();
        putInt(raw, 8, 3); // 3x3 would need 72 payload bytes, the header says 48
        e = readBroken(raw, raw.length);
        assertEquals(Problem.SHAPE, e.problem(), e.getMessage());

        raw = record();
        e = readBroken(raw, raw.length - 8);
        assertEquals(Problem.LENGTH, e.problem());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        e = readBroken(record(), 20);
        assertEquals(Problem.LENGTH, e.problem());
        assertTrue(e.getMessage().contains("header needs 48"), e.getMessage());

        raw = record();
        raw[raw.length - 1 - (raw.length - 48 - 48) % 8] ^= 0x10; // a payload byte
        assertEquals(Problem.CHECKSUM, readBroken(raw, raw.length).problem());

        raw = record(); // rows and cols swapped: consistent lengths, caught by the checksum
        putInt(raw, 8, 3);
        putInt(raw, 12, 2);
        e = readBroken(raw, raw.length);
        assertEquals(Problem.CHECKSUM, e.problem());
        assertTrue(e.getMessage().contains("stored CRC32C"), e.getMessage());
    }

    @Test
    void aRecordOfAnotherKindIsRefusedByName() {
        Bytes<?> bytes = Bytes.allocateDirect(1024);
        try (CscMatrix s = CscMatrix.identity(3)) {
            MatrixCodec.writeAt(s, bytes, 0);
            MatrixFormatException e = assertThrows(MatrixFormatException.class, () -> MatrixCodec.readDense(bytes, 0));
            assertEquals(Problem.KIND, e.problem());
            assertTrue(e.getMessage().contains("CSC"), e.getMessage());
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void anInvalidPatternWithAValidChecksumIsAPatternError() {
        Bytes<?> bytes = Bytes.allocateDirect(1024);
        try (CscMatrix s = CscMatrix.of(3, 2, new int[] {0, 2, 3}, new int[] {0, 2, 1}, new double[] {1, 2, 3})) {
            long n = MatrixCodec.writeAt(s, bytes, 0);
            RecordHeader h = MatrixCodec.header(bytes, 0);
            long rowIdx = h.payloadOffset() + 8L * 3 + 4L * 3;
            bytes.writeInt(rowIdx, 2); // rows 2, 2 in column 0
            byte[] raw = raw(bytes, 0, n);
            CRC32C crc = new CRC32C();
            crc.update(raw, 0, 44);
            crc.update(raw, h.payloadOffset(), (int) h.payloadLength());
            bytes.writeInt(44, (int) crc.getValue());
            MatrixFormatException e = assertThrows(MatrixFormatException.class, () -> MatrixCodec.readCsc(bytes, 0));
            assertEquals(Problem.PATTERN, e.problem());
            assertTrue(e.getMessage().contains("strictly increasing"), e.getMessage());
            e = assertThrows(MatrixFormatException.class, () -> MatrixCodec.viewCsc(bytes, 0, Checksum.VERIFY));
            assertEquals(Problem.PATTERN, e.problem());
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void recordsCrossChunksOfAChunkedMapping(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        net.openhft.chronicle.bytes.MappedBytes chunked =
                net.openhft.chronicle.bytes.MappedBytes.mappedBytes(dir.resolve("q.bin").toFile(), 1 << 16);
        try (DenseMatrix a = randomDense(100, 150); CscMatrix s = randomCsc(300, 200, 0.1)) {
            MatrixCodec.write(a, chunked); // 120 000 bytes: spans two 64 KiB chunks
            MatrixCodec.write(s, chunked);
            chunked.readPosition(0);
            try (DenseMatrix a2 = MatrixCodec.readDense(chunked); CscMatrix s2 = MatrixCodec.readCsc(chunked)) {
                assertSameDense(a, a2);
                assertSameCsc(s, s2);
            }
        } finally {
            chunked.releaseLast();
        }
    }

    @Test
    void aRecordThatDoesNotFitIsRefusedBeforeWriting() {
        Bytes<?> bytes = Bytes.allocateDirect(100);
        try (DenseMatrix a = randomDense(4, 4)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatrixCodec.write(a, bytes));
            assertTrue(e.getMessage().contains("176 bytes") && e.getMessage().contains("has 100"), e.getMessage());
            assertEquals(0, bytes.writePosition());
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void randomRoundTripsAgreeWithTheSource() {
        Bytes<?> bytes = Bytes.allocateDirect(1 << 20);
        try {
            for (int trial = 0; trial < 40; trial++) {
                bytes.clear();
                int rows = RND.nextInt(30), cols = RND.nextInt(30);
                try (CscMatrix s = randomCsc(rows, cols, RND.nextDouble()); DenseMatrix d = randomDense(rows, cols)) {
                    long n1 = MatrixCodec.writeAt(s, bytes, 0);
                    MatrixCodec.writeAt(d, bytes, n1);
                    try (CscMatrix s2 = MatrixCodec.readCsc(bytes, 0); DenseMatrix d2 = MatrixCodec.readDense(bytes, n1);
                         BytesView<CscMatrix> sv = MatrixCodec.viewCsc(bytes, 0, Checksum.VERIFY);
                         BytesView<DenseMatrix> dv = MatrixCodec.viewDense(bytes, n1, Checksum.VERIFY)) {
                        assertSameCsc(s, s2);
                        assertSameCsc(s, sv.get());
                        assertSameDense(d, d2);
                        assertSameDense(d, dv.get());
                    }
                }
            }
        } finally {
            bytes.releaseLast();
        }
    }
}

package dev.pullback.chronicle;

import dev.pullback.chronicle.MatrixFormatException.Problem;
import dev.pullback.chronicle.RecordHeader.Kind;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;

/**
 * Writes Pullback matrices and vectors into Chronicle Bytes as self-describing records, and reads
 * them back, either as a copy in Pullback storage or as a zero-copy {@link BytesView}. Use it to pass
 * a matrix through a Chronicle Queue or a file that two processes map.
 *
 * <h2>Record format, version 1 (little-endian)</h2>
 * <pre>
 * offset size field
 *  0     4    magic "PBMX" (bytes 50 42 4D 58)
 *  4     2    version = 1
 *  6     2    kind: 1 dense, 2 CSC, 3 vector
 *  8     4    rows            (a vector's length)
 * 12     4    cols            (1 for a vector)
 * 16     8    nnz             (rows·cols for dense and vectors)
 * 24     8    payloadLength   dense 8·rows·cols; vector 8·rows; CSC 12·nnz + 4·(cols+1)
 * 32     8    recordLength    payloadOffset + payloadLength rounded up to a multiple of 8
 * 40     4    payloadOffset   &gt;= 48; zero padding between 48 and it
 * 44     4    CRC32C of bytes [0, 44) followed by the payload
 * payloadOffset: payload
 *   dense  rows·cols doubles, column-major, leading dimension rows
 *   CSC    nnz doubles (values), cols+1 ints (colPtr), nnz ints (rowIdx)
 *   vector rows doubles
 * </pre>
 * The writer pads so that the payload starts on a 64-byte boundary of memory (of the Bytes'
 * positions for on-heap Bytes). A file mapped by two processes, or a queue file, is mapped at a page
 * boundary in both, so the reader sees the same alignment and can view the payload in place; the
 * doubles of a record moved to another offset may be misaligned, and {@code view*} then refuses it
 * (the {@code read*} copies still work).
 *
 * <h2>Errors</h2>
 * Bad bytes raise {@link MatrixFormatException}, whose {@link MatrixFormatException#problem()} says
 * what is wrong: magic, version, kind, shape, length (also a truncated record), checksum, or pattern.
 * Header fields are validated before anything is allocated, so a corrupted size cannot make a reader
 * allocate gigabytes. A record whose CRC32C matches has, with probability 1 − 2⁻³², not been damaged
 * since it was written (CRC32C detects every error burst of up to 32 bits).
 *
 * <h2>Which Bytes</h2>
 * Writing and copying reads work on any Bytes, elastic or on-heap (through a heap buffer when the
 * memory cannot be pinned; then a record is limited to 2 GiB). Views need memory with a fixed address,
 * as {@link ChronicleViews} explains. Stream methods taking a {@code Bytes} work at its write or read
 * position and advance it; methods taking an offset use absolute offsets, bounded by the memory that
 * exists ({@code start() + realCapacity()}), since a reader of a shared mapping does not see the
 * writer's positions (for on-heap and elastic Bytes, by their read or write limit, as Chronicle's own
 * absolute reads are).
 */
public final class MatrixCodec {
    /** "PBMX" read as a little-endian int. */
    public static final int MAGIC = 0x584D4250;
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 48;
    /** The writer aligns payloads to this many bytes. */
    public static final int PAYLOAD_ALIGNMENT = 64;

    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort S = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int CRC_OFFSET = 44;
    private static final long MAX_HEAP_RECORD = Integer.MAX_VALUE - 16;

    /** Whether a zero-copy view checks the CRC32C first (one pass over the payload) or trusts it. */
    public enum Checksum { VERIFY, SKIP }

    private MatrixCodec() {}

    // ---------------------------------------------------------------- writing

    /** Appends {@code a} at the write position of {@code out} and advances it; returns the bytes written. */
    public static long write(DenseMatrix a, Bytes<?> out) {
        return append(out, Payload.of(a));
    }

    /** Appends {@code a} at the write position of {@code out} and advances it; returns the bytes written. */
    public static long write(CscMatrix a, Bytes<?> out) {
        return append(out, Payload.of(a));
    }

    /** Appends {@code v} at the write position of {@code out} and advances it; returns the bytes written. */
    public static long write(DenseVector v, Bytes<?> out) {
        return append(out, Payload.of(v));
    }

    /** Writes {@code a} at absolute {@code offset} of {@code out}; returns the record length. */
    public static long writeAt(DenseMatrix a, BytesStore<?, ?> out, long offset) {
        return writeRecord(out, offset, absoluteWriteLimit(out), Payload.of(a));
    }

    /** Writes {@code a} at absolute {@code offset} of {@code out}; returns the record length. */
    public static long writeAt(CscMatrix a, BytesStore<?, ?> out, long offset) {
        return writeRecord(out, offset, absoluteWriteLimit(out), Payload.of(a));
    }

    /** Writes {@code v} at absolute {@code offset} of {@code out}; returns the record length. */
    public static long writeAt(DenseVector v, BytesStore<?, ?> out, long offset) {
        return writeRecord(out, offset, absoluteWriteLimit(out), Payload.of(v));
    }

    /** An upper bound on the bytes a record of this kind and size takes (header, worst padding, payload). */
    public static long maxRecordBytes(Kind kind, int rows, int cols, long nnz) {
        return align8(HEADER_BYTES + PAYLOAD_ALIGNMENT - 1 + payloadBytes(kind, rows, cols, nnz));
    }

    private static long append(Bytes<?> out, Payload p) {
        checkByteOrder();
        long pos = out.writePosition();
        long limit = Math.min(out.writeLimit(), Pin.isPinnable(out) ? out.start() + out.realCapacity() : Long.MAX_VALUE);
        long n = writeRecord(out, pos, limit, p);
        out.writePosition(pos + n);
        return n;
    }

    private static long writeRecord(BytesStore<?, ?> out, long offset, long limit, Payload p) {
        checkByteOrder();
        long minimal = align8(HEADER_BYTES + p.bytes);
        if (offset < out.start() || offset > limit || minimal > limit - offset) {
            throw new IllegalArgumentException("a " + p + " record needs at least " + minimal + " bytes at offset " + offset
                    + ", but " + Pin.describe(out) + " has " + Math.max(0, limit - offset) + " bytes there (writable up to "
                    + limit + ")");
        }
        boolean pinnable = Pin.isPinnable(out);
        long base = pinnable ? out.addressForRead(offset) : offset;
        int payloadOffset = HEADER_BYTES + (int) (-(base + HEADER_BYTES) & (PAYLOAD_ALIGNMENT - 1));
        long recordLength = align8(payloadOffset + p.bytes);
        if (recordLength > limit - offset) {
            // Only the alignment padding was missing: write without it (views then may refuse the record).
            payloadOffset = HEADER_BYTES;
            recordLength = minimal;
        }
        if (pinnable) {
            try (Pin pin = Pin.open(out, offset, recordLength, 1, false)) {
                if (!pin.segment().isReadOnly()) {
                    fill(pin.segment(), p, payloadOffset, recordLength);
                    return recordLength;
                }
            }
        }
        if (recordLength > MAX_HEAP_RECORD) {
            throw new IllegalArgumentException("a " + p + " record of " + recordLength + " bytes is too large to go"
                    + " through a heap buffer into " + Pin.describe(out) + ": use fixed-capacity direct Bytes");
        }
        byte[] buf = new byte[(int) recordLength];
        fill(MemorySegment.ofArray(buf), p, payloadOffset, recordLength);
        copyIn(out, offset, buf);
        return recordLength;
    }

    /**
     * Writes buf at offset through Chronicle. Its absolute writes do not move from chunk to chunk of a
     * chunked mapping, so Bytes are written as a stream from offset; their write position is restored.
     */
    private static void copyIn(BytesStore<?, ?> out, long offset, byte[] buf) {
        if (!(out instanceof Bytes<?> stream)) {
            out.write(offset, buf, 0, buf.length);
            return;
        }
        long saved = stream.writePosition();
        stream.writePosition(offset);
        try {
            stream.write(buf, 0, buf.length);
        } finally {
            stream.writePosition(saved);
        }
    }

    private static void fill(MemorySegment rec, Payload p, int payloadOffset, long recordLength) {
        rec.set(I, 0, MAGIC);
        rec.set(S, 4, (short) VERSION);
        rec.set(S, 6, (short) p.kind.code());
        rec.set(I, 8, p.rows);
        rec.set(I, 12, p.cols);
        rec.set(L, 16, p.nnz);
        rec.set(L, 24, p.bytes);
        rec.set(L, 32, recordLength);
        rec.set(I, 40, payloadOffset);
        rec.asSlice(HEADER_BYTES, payloadOffset - HEADER_BYTES).fill((byte) 0);
        p.writer.copyInto(rec, payloadOffset);
        rec.asSlice(payloadOffset + p.bytes).fill((byte) 0);
        rec.set(I, CRC_OFFSET, crc(rec, payloadOffset, p.bytes));
    }

    /** CRC32C of the header before its checksum field, then of the payload. */
    private static int crc(MemorySegment rec, long payloadOffset, long payloadLength) {
        CRC32C c = new CRC32C();
        c.update(rec.asSlice(0, CRC_OFFSET).asByteBuffer());
        long chunk = 1L << 30;
        for (long at = 0; at < payloadLength; at += chunk) {
            c.update(rec.asSlice(payloadOffset + at, Math.min(chunk, payloadLength - at)).asByteBuffer());
        }
        return (int) c.getValue();
    }

    // ---------------------------------------------------------------- reading

    /** Parses and validates the header of the record at {@code offset} (not its checksum). */
    public static RecordHeader header(BytesStore<?, ?> in, long offset) {
        checkByteOrder();
        long limit = absoluteLimit(in);
        checkOffset(in, offset, limit);
        if (Pin.isPinnable(in)) {
            try (Pin pin = Pin.open(in, offset, Math.min(HEADER_BYTES, limit - offset), 1, false)) {
                return parseHeader(pin.segment(), offset, limit - offset);
            }
        }
        return parseHeader(copyOut(in, offset, Math.min(HEADER_BYTES, limit - offset)), offset, limit - offset);
    }

    /** Copies the dense record at the read position into a new matrix (owning its memory) and advances. */
    public static DenseMatrix readDense(Bytes<?> in) {
        return (DenseMatrix) readAdvancing(in, Kind.DENSE);
    }

    /** Copies the dense record at absolute {@code offset} into a new matrix that owns its memory. */
    public static DenseMatrix readDense(BytesStore<?, ?> in, long offset) {
        return (DenseMatrix) read(in, offset, absoluteLimit(in), Kind.DENSE).value;
    }

    /** Copies the CSC record at the read position into a new matrix (owning its memory) and advances. */
    public static CscMatrix readCsc(Bytes<?> in) {
        return (CscMatrix) readAdvancing(in, Kind.CSC);
    }

    /** Copies the CSC record at absolute {@code offset} into a new matrix that owns its memory. */
    public static CscMatrix readCsc(BytesStore<?, ?> in, long offset) {
        return (CscMatrix) read(in, offset, absoluteLimit(in), Kind.CSC).value;
    }

    /** Copies the vector record at the read position into a new off-heap vector and advances. */
    public static DenseVector readVector(Bytes<?> in) {
        return (DenseVector) readAdvancing(in, Kind.VECTOR);
    }

    /** Copies the vector record at absolute {@code offset} into a new off-heap vector (owning its memory). */
    public static DenseVector readVector(BytesStore<?, ?> in, long offset) {
        return (DenseVector) read(in, offset, absoluteLimit(in), Kind.VECTOR).value;
    }

    // ---------------------------------------------------------------- zero-copy views

    /**
     * The dense record at {@code offset}, viewed in place (see {@link BytesView} for lifetimes). O(1)
     * with {@link Checksum#SKIP}; {@link Checksum#VERIFY} reads the payload once first.
     *
     * @throws IllegalArgumentException if the memory cannot be viewed (on-heap, elastic) or the payload
     *         is not 8-byte aligned in memory (the record was moved since it was written): read a copy
     * @throws MatrixFormatException if the record is bad
     */
    public static BytesView<DenseMatrix> viewDense(BytesStore<?, ?> in, long offset, Checksum checksum) {
        @SuppressWarnings("unchecked")
        BytesView<DenseMatrix> v = (BytesView<DenseMatrix>) view(in, offset, Kind.DENSE, checksum);
        return v;
    }

    /** The CSC record at {@code offset}, viewed in place; its pattern is validated (O(nnz + cols)). */
    public static BytesView<CscMatrix> viewCsc(BytesStore<?, ?> in, long offset, Checksum checksum) {
        @SuppressWarnings("unchecked")
        BytesView<CscMatrix> v = (BytesView<CscMatrix>) view(in, offset, Kind.CSC, checksum);
        return v;
    }

    /** The vector record at {@code offset}, viewed in place. */
    public static BytesView<DenseVector> viewVector(BytesStore<?, ?> in, long offset, Checksum checksum) {
        @SuppressWarnings("unchecked")
        BytesView<DenseVector> v = (BytesView<DenseVector>) view(in, offset, Kind.VECTOR, checksum);
        return v;
    }

    // ---------------------------------------------------------------- internals

    private record Decoded(Object value, long recordLength) {}

    private static Object readAdvancing(Bytes<?> in, Kind kind) {
        long pos = in.readPosition();
        Decoded d = read(in, pos, in.readLimit(), kind);
        in.readPosition(pos + d.recordLength);
        return d.value;
    }

    private static Decoded read(BytesStore<?, ?> in, long offset, long limit, Kind want) {
        checkByteOrder();
        checkOffset(in, offset, limit);
        if (Pin.isPinnable(in)) {
            try (Pin pin = Pin.open(in, offset, limit - offset, 1, false)) {
                RecordHeader h = parseHeader(pin.segment(), offset, limit - offset);
                expectKind(h, want, offset);
                MemorySegment rec = pin.segment().asSlice(0, h.recordLength());
                verify(rec, h, offset);
                return new Decoded(copy(rec, h, offset), h.recordLength());
            }
        }
        RecordHeader h = parseHeader(copyOut(in, offset, Math.min(HEADER_BYTES, limit - offset)), offset, limit - offset);
        expectKind(h, want, offset);
        if (h.recordLength() > MAX_HEAP_RECORD) {
            throw new IllegalArgumentException("a record of " + h.recordLength() + " bytes is too large to copy out of "
                    + Pin.describe(in) + " through a heap buffer: keep large matrices in fixed-capacity direct Bytes");
        }
        MemorySegment rec = copyOut(in, offset, h.recordLength());
        verify(rec, h, offset);
        return new Decoded(copy(rec, h, offset), h.recordLength());
    }

    private static BytesView<?> view(BytesStore<?, ?> in, long offset, Kind want, Checksum checksum) {
        checkByteOrder();
        Pin.checkPinnable(in);
        long limit = absoluteLimit(in);
        checkOffset(in, offset, limit);
        Pin pin = Pin.open(in, offset, limit - offset, 1, true);
        try {
            RecordHeader h = parseHeader(pin.segment(), offset, limit - offset);
            expectKind(h, want, offset);
            MemorySegment rec = pin.segment().asSlice(0, h.recordLength());
            if (checksum == Checksum.VERIFY) verify(rec, h, offset);
            MemorySegment payload = rec.asSlice(h.payloadOffset(), h.payloadLength());
            if (payload.address() % Double.BYTES != 0) {
                throw new IllegalArgumentException("the payload of the record at offset " + offset + " is at address 0x"
                        + Long.toHexString(payload.address()) + ", not 8-byte aligned (the record was moved since it was"
                        + " written): it cannot be viewed in place; read a copy with MatrixCodec.read*");
            }
            Object content = switch (h.kind()) {
                case DENSE -> DenseMatrix.view(payload, h.rows(), h.cols(), Math.max(h.rows(), 1));
                case VECTOR -> DenseVector.view(payload);
                case CSC -> {
                    try {
                        yield ChronicleViews.packedCsc(payload, h.rows(), h.cols(), (int) h.nnz());
                    } catch (IllegalArgumentException e) {
                        throw new MatrixFormatException(Problem.PATTERN, offset, e.getMessage(), e);
                    }
                }
            };
            return new BytesView<>(pin, content, rec);
        } catch (RuntimeException | Error e) {
            pin.close();
            throw e;
        }
    }

    /** Validates the 48 header bytes at the start of {@code seg}; {@code available} bytes follow offset. */
    static RecordHeader parseHeader(MemorySegment seg, long offset, long available) {
        if (available < HEADER_BYTES) {
            throw new MatrixFormatException(Problem.LENGTH, offset, "only " + available
                    + " bytes are available, a header needs " + HEADER_BYTES);
        }
        int magic = seg.get(I, 0);
        if (magic != MAGIC) {
            throw new MatrixFormatException(Problem.MAGIC, offset, String.format(
                    "found 0x%08x, expected 0x%08x (\"PBMX\")", magic, MAGIC));
        }
        int version = seg.get(S, 4) & 0xFFFF;
        if (version != VERSION) {
            throw new MatrixFormatException(Problem.VERSION, offset, "format version " + version
                    + ", this reader knows version " + VERSION);
        }
        int code = seg.get(S, 6) & 0xFFFF;
        Kind kind = Kind.of(code);
        if (kind == null) throw new MatrixFormatException(Problem.KIND, offset, "unknown kind " + code);
        int rows = seg.get(I, 8);
        int cols = seg.get(I, 12);
        long nnz = seg.get(L, 16);
        checkShape(kind, rows, cols, nnz, offset);
        long payloadLength = seg.get(L, 24);
        long expected = payloadBytes(kind, rows, cols, nnz);
        String what = describe(kind, rows, cols, nnz);
        if (payloadLength != expected) {
            throw new MatrixFormatException(Problem.LENGTH, offset, "payloadLength is " + payloadLength + " but a "
                    + what + " needs " + expected + " bytes");
        }
        long recordLength = seg.get(L, 32);
        int payloadOffset = seg.get(I, 40);
        if (payloadOffset < HEADER_BYTES) {
            throw new MatrixFormatException(Problem.LENGTH, offset, "payloadOffset " + payloadOffset
                    + " is inside the " + HEADER_BYTES + "-byte header");
        }
        if (recordLength != align8(payloadOffset + payloadLength)) {
            throw new MatrixFormatException(Problem.LENGTH, offset, "recordLength " + recordLength + " disagrees with"
                    + " payloadOffset " + payloadOffset + " + payloadLength " + payloadLength + " (expected "
                    + align8(payloadOffset + payloadLength) + ")");
        }
        if (recordLength > available) {
            throw new MatrixFormatException(Problem.LENGTH, offset, "truncated: the " + what + " record needs "
                    + recordLength + " bytes, only " + available + " are available");
        }
        return new RecordHeader(kind, rows, cols, nnz, payloadOffset, payloadLength, recordLength, seg.get(I, CRC_OFFSET));
    }

    private static void checkShape(Kind kind, int rows, int cols, long nnz, long offset) {
        if (rows < 0 || cols < 0 || nnz < 0) {
            throw new MatrixFormatException(Problem.SHAPE, offset, "negative shape " + rows + "x" + cols + " or nnz " + nnz);
        }
        String bad = switch (kind) {
            case DENSE -> nnz != (long) rows * cols ? "a dense " + rows + "x" + cols + " matrix has nnz " + (long) rows * cols
                    + ", the header says " + nnz
                    : (long) Math.max(rows, 1) * cols > Integer.MAX_VALUE ? "a dense " + rows + "x" + cols
                    + " matrix exceeds 2^31-1 entries" : null;
            case VECTOR -> cols != 1 || nnz != rows ? "a vector record has cols 1 and nnz = rows, the header says "
                    + rows + "x" + cols + " with nnz " + nnz : null;
            case CSC -> nnz > Integer.MAX_VALUE || nnz > (long) rows * cols || cols == Integer.MAX_VALUE
                    ? "a " + rows + "x" + cols + " CSC matrix cannot hold nnz " + nnz : null;
        };
        if (bad != null) throw new MatrixFormatException(Problem.SHAPE, offset, bad);
    }

    private static void expectKind(RecordHeader h, Kind want, long offset) {
        if (h.kind() != want) {
            throw new MatrixFormatException(Problem.KIND, offset, "the record holds a " + describe(h.kind(), h.rows(),
                    h.cols(), h.nnz()) + ", not a " + want.name().toLowerCase() + " record");
        }
    }

    private static void verify(MemorySegment rec, RecordHeader h, long offset) {
        int computed = crc(rec, h.payloadOffset(), h.payloadLength());
        if (computed != h.checksum()) {
            throw new MatrixFormatException(Problem.CHECKSUM, offset, String.format(
                    "stored CRC32C 0x%08x, computed 0x%08x over the header and %d payload bytes: the record was damaged",
                    h.checksum(), computed, h.payloadLength()));
        }
    }

    /** The record's contents in new Pullback storage that owns its memory. */
    private static Object copy(MemorySegment rec, RecordHeader h, long offset) {
        long at = h.payloadOffset();
        int rows = h.rows();
        int cols = h.cols();
        switch (h.kind()) {
            case DENSE -> {
                DenseMatrix m = DenseMatrix.zeros(rows, cols);
                // rows > 0 makes ld = rows, so the columns are contiguous on both sides.
                if (rows > 0) MemorySegment.copy(rec, at, m.segment(), 0, h.payloadLength());
                return m;
            }
            case VECTOR -> {
                DenseVector v = DenseVector.offHeap(rows);
                MemorySegment.copy(rec, at, v.segment(), 0, h.payloadLength());
                return v;
            }
            case CSC -> {
                int nnz = (int) h.nnz();
                double[] values = new double[nnz];
                int[] colPtr = new int[cols + 1];
                int[] rowIdx = new int[nnz];
                MemorySegment.copy(rec, ValueLayout.JAVA_DOUBLE_UNALIGNED, at, values, 0, nnz);
                at += (long) nnz * Double.BYTES;
                MemorySegment.copy(rec, ValueLayout.JAVA_INT_UNALIGNED, at, colPtr, 0, cols + 1);
                at += (cols + 1L) * Integer.BYTES;
                MemorySegment.copy(rec, ValueLayout.JAVA_INT_UNALIGNED, at, rowIdx, 0, nnz);
                if (colPtr[cols] != nnz) {
                    throw new MatrixFormatException(Problem.PATTERN, offset, "colPtr[" + cols + "] = " + colPtr[cols]
                            + " but the header says nnz " + nnz);
                }
                try {
                    return CscMatrix.of(rows, cols, colPtr, rowIdx, values);
                } catch (IllegalArgumentException e) {
                    throw new MatrixFormatException(Problem.PATTERN, offset, e.getMessage(), e);
                }
            }
            default -> throw new AssertionError(h.kind());
        }
    }

    /**
     * n bytes at offset, copied out of Chronicle into a heap segment, eight at a time with absolute
     * {@code readLong}: Chronicle 2026.4's bulk {@code read(byte[])} on a chunked mapping does not move
     * to the next chunk (it returned wrong bytes past the chunk's overlap in a test), while its
     * absolute reads do. This path serves only memory that cannot be pinned.
     */
    private static MemorySegment copyOut(BytesStore<?, ?> in, long offset, long n) {
        MemorySegment b = MemorySegment.ofArray(new byte[(int) n]);
        long whole = n & ~7L;
        try {
            for (long k = 0; k < whole; k += 8) b.set(ValueLayout.JAVA_LONG_UNALIGNED, k, in.readLong(offset + k));
            for (long k = whole; k < n; k++) b.set(ValueLayout.JAVA_BYTE, k, in.readByte(offset + k));
        } catch (java.nio.BufferUnderflowException e) {
            throw new MatrixFormatException(Problem.LENGTH, offset, "truncated: " + n + " bytes needed, fewer can be read"
                    + " from " + Pin.describe(in), e);
        }
        return b;
    }

    private static void checkOffset(BytesStore<?, ?> in, long offset, long limit) {
        if (offset < in.start() || offset > limit) {
            throw new IllegalArgumentException("offset " + offset + " is outside " + Pin.describe(in) + ", which holds ["
                    + in.start() + ", " + limit + ")");
        }
    }

    /**
     * Where absolute reads must stop: the memory that exists, for memory that can be pinned (a reader
     * of a shared mapping does not see the writer's positions); Chronicle's own read limit otherwise,
     * since its reads through other Bytes stop there.
     */
    private static long absoluteLimit(BytesStore<?, ?> b) {
        if (Pin.isPinnable(b) || !(b instanceof Bytes<?> bytes)) return b.start() + b.realCapacity();
        return bytes.readLimit();
    }

    /** Where absolute writes must stop: the memory that exists if pinnable, else Chronicle's write limit. */
    private static long absoluteWriteLimit(BytesStore<?, ?> b) {
        if (Pin.isPinnable(b) || !(b instanceof Bytes<?> bytes)) return b.start() + b.realCapacity();
        return bytes.writeLimit();
    }

    static long payloadBytes(Kind kind, int rows, int cols, long nnz) {
        return switch (kind) {
            case DENSE -> (long) rows * cols * Double.BYTES;
            case VECTOR -> (long) rows * Double.BYTES;
            case CSC -> nnz * (Double.BYTES + Integer.BYTES) + (cols + 1L) * Integer.BYTES;
        };
    }

    private static String describe(Kind kind, int rows, int cols, long nnz) {
        return switch (kind) {
            case DENSE -> rows + "x" + cols + " dense matrix";
            case VECTOR -> "vector of length " + rows;
            case CSC -> rows + "x" + cols + " CSC matrix with nnz " + nnz;
        };
    }

    private static long align8(long n) {
        return (n + 7) & ~7L;
    }

    private static void checkByteOrder() {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("the Pullback record format is little-endian and Chronicle Bytes"
                    + " use the native order; this platform is " + ByteOrder.nativeOrder());
        }
    }

    /** What one record holds, and how to copy it into a record's payload. */
    private record Payload(Kind kind, int rows, int cols, long nnz, long bytes, PayloadCopier writer) {
        static Payload of(DenseMatrix a) {
            int rows = a.rows();
            int cols = a.cols();
            int ld = a.ld();
            MemorySegment src = a.segment();
            return new Payload(Kind.DENSE, rows, cols, (long) rows * cols, payloadBytes(Kind.DENSE, rows, cols, 0),
                    (rec, at) -> {
                        long col = (long) rows * Double.BYTES;
                        if (rows == 0) return;
                        if (ld == rows) {
                            MemorySegment.copy(src, 0, rec, at, col * cols);
                            return;
                        }
                        for (int j = 0; j < cols; j++) {
                            MemorySegment.copy(src, (long) j * ld * Double.BYTES, rec, at + j * col, col);
                        }
                    });
        }

        static Payload of(CscMatrix a) {
            int cols = a.cols();
            int nnz = a.nnz();
            return new Payload(Kind.CSC, a.rows(), cols, nnz, payloadBytes(Kind.CSC, a.rows(), cols, nnz),
                    (rec, at) -> {
                        long v = (long) nnz * Double.BYTES;
                        long c = (cols + 1L) * Integer.BYTES;
                        MemorySegment.copy(a.values(), 0, rec, at, v);
                        MemorySegment.copy(a.pattern().colPtr(), 0, rec, at + v, c);
                        MemorySegment.copy(a.pattern().rowIdx(), 0, rec, at + v + c, (long) nnz * Integer.BYTES);
                    });
        }

        static Payload of(DenseVector x) {
            int n = x.length();
            return new Payload(Kind.VECTOR, n, 1, n, payloadBytes(Kind.VECTOR, n, 1, n),
                    (rec, at) -> MemorySegment.copy(x.segment(), 0, rec, at, (long) n * Double.BYTES));
        }

        @Override
        public String toString() {
            return describe(kind, rows, cols, nnz);
        }
    }

    @FunctionalInterface
    private interface PayloadCopier {
        void copyInto(MemorySegment rec, long at);
    }
}

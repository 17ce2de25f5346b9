package dev.pullback.io;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.NativeMemory;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.CRC32C;

/**
 * Pullback's binary matrix file: a 128-byte header and 64-byte aligned sections of raw
 * little-endian arrays, opened by memory-mapping (FFM {@code FileChannel.map(READ_ONLY, 0, size,
 * arena)}) into read-only, zero-copy {@link CscMatrix} / {@link DenseMatrix} views.
 *
 * <h2>Layout (version 1, all integers little-endian)</h2>
 * <pre>
 *   0  8 bytes  magic  89 'P' 'B' 'M' 'A' 'T' 0D 0A   (non-ASCII first byte; CR LF catch text-mode damage)
 *   8  u32      format version = 1
 *  12  u32      kind: 1 = dense (column-major), 2 = CSC
 *  16  i64      rows
 *  24  i64      cols
 *  32  i64      CSC: nnz;  dense: leading dimension ld = max(rows, 1)
 *  40  i64      file size in bytes
 *  48  i64 ×2   section 0 offset, length: dense values (ld·cols doubles) | CSC colPtr (cols+1 ints)
 *  64  i64 ×2   section 1 offset, length: CSC rowIdx (nnz ints)           | dense: 0, 0
 *  80  i64 ×2   section 2 offset, length: CSC values (nnz doubles)        | dense: 0, 0
 *  96  u32      CRC32C of bytes [128, file size)   (the payload, padding included)
 * 100  24 bytes reserved, zero
 * 124  u32      CRC32C of bytes [0, 124)           (the header)
 * </pre>
 * Section 0 starts at byte 128; every section starts at the next multiple of 64 after the one
 * before; the file ends at the next multiple of 64 after the last section; padding is zero. The
 * layout is fully determined by (kind, rows, cols, nnz), and the reader checks that it is exactly
 * that. Since mappings start on a page boundary, every mapped array is 64-byte aligned.
 *
 * <h2>Opening and its cost</h2>
 * {@link #open(Path)} (= {@link Verify#FULL}) checks the magic, version, header checksum, every
 * size and offset against the file's length, and the payload checksum: a CRC32C pass over the
 * whole file, O(size) (hardware CRC32C runs at several GB/s, so its cost is that of reading the
 * file once — from the page cache or the disk). {@link Verify#HEADER_ONLY} skips the payload
 * checksum: a dense file then maps in O(1); a CSC file is still structure-checked by
 * {@link CscPattern#view} (O(cols + nnz), reading colPtr and rowIdx but not the values), so no
 * corrupt index can ever be used, but flipped value bits go unnoticed. Either way a truncated or
 * damaged header is an error, never wrong numbers.
 *
 * <p>Files are written atomically (temporary file, force, rename): a reader that has the old file
 * mapped keeps seeing the old content, whole. A mapped file must not be modified in place by
 * another process: the mapping shows the other process's writes as they happen (values change
 * under an open matrix, a factorization goes stale without its version moving, a CSC structure
 * checked at open may no longer hold), and reading pages past a truncated end kills the access with
 * an InternalError (SIGBUS). What is cheap to detect is checked: {@link MappedMatrix#verify()}
 * compares the file's size, modification time and header with those at open (one {@code stat}),
 * and {@link MatrixFiles}' copying reads verify after their copy. Big-endian platforms are not
 * supported (the views are zero-copy).
 */
public final class BinaryMatrixFile {
    /** How much {@link #open(Path, Verify)} checks. */
    public enum Verify {
        /** Header and payload checksums, sizes, structure: O(file size). */
        FULL,
        /** Header checksum and sizes; CSC structure (O(cols + nnz)); no payload checksum. */
        HEADER_ONLY
    }

    /** What a file holds. */
    public enum Kind { DENSE, CSC }

    /** The decoded header of a file. For a dense file {@code nnz} is rows·cols. */
    public record Header(Kind kind, int version, int rows, int cols, long nnz, long fileSize) {
        /** E.g. {@code pullback-binary csc v1}. */
        public String describe() {
            return "pullback-binary " + kind.name().toLowerCase(java.util.Locale.ROOT) + " v" + version;
        }
    }

    /** The conventional file name extension. */
    public static final String EXTENSION = ".pbmat";

    static final byte[] MAGIC = {(byte) 0x89, 'P', 'B', 'M', 'A', 'T', '\r', '\n'};
    static final int VERSION = 1;
    static final int HEADER_SIZE = 128;
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    private static final int ALIGN = 64;
    private static final int KIND_DENSE = 1;
    private static final int KIND_CSC = 2;
    private static final int OFF_VERSION = 8;
    private static final int OFF_KIND = 12;
    private static final int OFF_ROWS = 16;
    private static final int OFF_COLS = 24;
    private static final int OFF_NNZ = 32;
    private static final int OFF_SIZE = 40;
    private static final int OFF_SECTIONS = 48;
    private static final int OFF_PAYLOAD_CRC = 96;
    private static final int OFF_RESERVED = 100;
    private static final int OFF_HEADER_CRC = 124;
    private static final long CHUNK = 1 << 30;

    private BinaryMatrixFile() {}

    /** Whether {@code first} (the first bytes of a file) starts with this format's magic. */
    public static boolean hasMagic(byte[] first, int length) {
        if (length < MAGIC.length) return false;
        for (int k = 0; k < MAGIC.length; k++) if (first[k] != MAGIC[k]) return false;
        return true;
    }

    // ------------------------------------------------------------------ layout

    /** Section offsets and lengths {off0, len0, off1, len1, off2, len2} and the file size, at [6]. */
    private static long[] layout(int kind, long rows, long cols, long nnzOrLd) {
        long[] s = new long[7];
        long at = HEADER_SIZE;
        long[] lengths = kind == KIND_DENSE
                ? new long[] {Math.multiplyExact(Math.multiplyExact(nnzOrLd, cols), Double.BYTES), 0, 0}
                : new long[] {(cols + 1) * Integer.BYTES, nnzOrLd * Integer.BYTES, nnzOrLd * Double.BYTES};
        int sections = kind == KIND_DENSE ? 1 : 3;
        for (int k = 0; k < sections; k++) {
            s[2 * k] = at;
            s[2 * k + 1] = lengths[k];
            at = align(at + lengths[k]);
        }
        s[6] = at;
        return s;
    }

    private static long align(long x) {
        return (x + ALIGN - 1) & -ALIGN;
    }

    private static void requireLittleEndian() {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("the binary matrix format maps little-endian data zero-copy;"
                    + " this platform is big-endian");
        }
    }

    // ------------------------------------------------------------------ writing

    /** Writes a CSC matrix (pattern and values) atomically. */
    public static void write(Path path, CscMatrix a) throws IOException {
        requireLittleEndian();
        CscPattern p = a.pattern();
        long[] lay = layout(KIND_CSC, p.rows(), p.cols(), p.nnz());
        MemorySegment[] parts = {p.colPtr(), p.rowIdx(), a.values()};
        AtomicFiles.write(path, ch -> {
            CRC32C crc = new CRC32C();
            long at = HEADER_SIZE;
            ch.position(at);
            for (int k = 0; k < 3; k++) {
                at = pad(ch, at, lay[2 * k], crc);
                at += put(ch, parts[k].asSlice(0, lay[2 * k + 1]), crc);
            }
            pad(ch, at, lay[6], crc);
            writeHeader(ch, KIND_CSC, p.rows(), p.cols(), p.nnz(), lay, crc);
        });
    }

    /** Writes a dense matrix atomically, packed with leading dimension max(rows, 1). */
    public static void write(Path path, DenseMatrix a) throws IOException {
        requireLittleEndian();
        int rows = a.rows();
        int cols = a.cols();
        long ld = Math.max(rows, 1);
        long[] lay = layout(KIND_DENSE, rows, cols, ld);
        AtomicFiles.write(path, ch -> {
            CRC32C crc = new CRC32C();
            long at = HEADER_SIZE;
            ch.position(at);
            MemorySegment m = a.segment();
            long colBytes = (long) rows * Double.BYTES;
            if (rows == 0 || a.ld() == rows) {
                if (rows > 0) at += put(ch, m.asSlice(0, colBytes * cols), crc);
            } else {
                for (int j = 0; j < cols; j++) {
                    at += put(ch, m.asSlice((long) j * a.ld() * Double.BYTES, colBytes), crc);
                }
            }
            // rows == 0: ld = 1, the section is cols zero doubles.
            at = pad(ch, at, lay[0] + lay[1], crc);
            pad(ch, at, lay[6], crc);
            writeHeader(ch, KIND_DENSE, rows, cols, ld, lay, crc);
        });
    }

    private static long put(FileChannel ch, MemorySegment s, CRC32C crc) throws IOException {
        long n = s.byteSize();
        for (long off = 0; off < n; off += CHUNK) {
            ByteBuffer b = s.asSlice(off, Math.min(CHUNK, n - off)).asByteBuffer();
            crc.update(b.duplicate());
            while (b.hasRemaining()) ch.write(b);
        }
        return n;
    }

    /** Writes zero bytes from {@code at} up to {@code to}; returns {@code to}. */
    private static long pad(FileChannel ch, long at, long to, CRC32C crc) throws IOException {
        if (to > at) {
            ByteBuffer zeros = ByteBuffer.allocate((int) (to - at));
            crc.update(zeros.duplicate());
            while (zeros.hasRemaining()) ch.write(zeros);
        }
        return to;
    }

    private static void writeHeader(FileChannel ch, int kind, long rows, long cols, long nnzOrLd, long[] lay,
            CRC32C payload) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        h.put(0, MAGIC);
        h.putInt(OFF_VERSION, VERSION).putInt(OFF_KIND, kind);
        h.putLong(OFF_ROWS, rows).putLong(OFF_COLS, cols).putLong(OFF_NNZ, nnzOrLd).putLong(OFF_SIZE, lay[6]);
        for (int k = 0; k < 6; k++) h.putLong(OFF_SECTIONS + 8 * k, lay[k]);
        h.putInt(OFF_PAYLOAD_CRC, (int) payload.getValue());
        CRC32C hc = new CRC32C();
        hc.update(h.array(), 0, OFF_HEADER_CRC);
        h.putInt(OFF_HEADER_CRC, (int) hc.getValue());
        while (h.hasRemaining()) ch.write(h, h.position());
    }

    // ------------------------------------------------------------------ reading

    /** Reads and checks only the header (sizes against the file's length; no payload checksum). */
    public static Header readHeader(Path path) throws IOException {
        requireLittleEndian();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            long size = ch.size();
            int n = 0;
            while (h.hasRemaining() && n >= 0) n = ch.read(h);
            if (size < HEADER_SIZE || h.hasRemaining()) {
                throw new MatrixFileException(path.toString(), "truncated: " + size + " bytes, but a binary matrix"
                        + " file starts with a " + HEADER_SIZE + "-byte header");
            }
            return decode(path.toString(), MemorySegment.ofBuffer(h.flip()), size).header();
        }
    }

    /** {@link #open(Path, Verify)} with {@link Verify#FULL}: every byte checked, O(file size). */
    public static MappedMatrix open(Path path) throws IOException {
        return open(path, Verify.FULL);
    }

    /**
     * Maps a file read-only and returns the handle that owns the mapping. The matrix it exposes is
     * a zero-copy view; writing to it throws (read-only segment), and any use after {@link MappedMatrix#close()} is an
     * IllegalStateException.
     */
    public static MappedMatrix open(Path path, Verify verify) throws IOException {
        requireLittleEndian();
        String name = path.toString();
        Arena arena = NativeMemory.openArena();
        try {
            MemorySegment file;
            BasicFileAttributes at;
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                long size = ch.size();
                if (size < HEADER_SIZE) {
                    throw new MatrixFileException(name, "truncated: " + size + " bytes, but a binary matrix file"
                            + " starts with a " + HEADER_SIZE + "-byte header");
                }
                at = Files.readAttributes(path, BasicFileAttributes.class);
                if (at.size() != size) {
                    throw new MatrixFileException(name, "changed size while it was being opened (" + size + " bytes,"
                            + " then " + at.size() + "): another process is writing it in place");
                }
                file = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            }
            Decoded d = decode(name, file, file.byteSize());
            if (verify == Verify.FULL) {
                int crc = crc(file.asSlice(HEADER_SIZE));
                if (crc != d.payloadCrc) {
                    throw new MatrixFileException(name, String.format("payload checksum mismatch (stored %08x,"
                            + " computed %08x): the data is corrupt", d.payloadCrc, crc));
                }
            }
            return view(name, file, d, arena, new MappedMatrix.Origin(path, at, file.asSlice(0, HEADER_SIZE)
                    .toArray(BYTE)));
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    private record Decoded(Header header, long nnzOrLd, long[] layout, int payloadCrc) {}

    private static Decoded decode(String name, MemorySegment file, long size) throws MatrixFileException {
        ByteBuffer h = file.asSlice(0, HEADER_SIZE).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < MAGIC.length; k++) {
            if (h.get(k) != MAGIC[k]) {
                throw new MatrixFileException(name, "not a Pullback binary matrix file (bad magic number)");
            }
        }
        CRC32C hc = new CRC32C();
        hc.update(h.duplicate().limit(OFF_HEADER_CRC));
        int stored = h.getInt(OFF_HEADER_CRC);
        if ((int) hc.getValue() != stored) {
            throw new MatrixFileException(name, String.format("header checksum mismatch (stored %08x, computed %08x):"
                    + " the header is corrupt", stored, (int) hc.getValue()));
        }
        int version = h.getInt(OFF_VERSION);
        if (version != VERSION) {
            throw new MatrixFileException(name, "unsupported format version " + version + " (this reader knows "
                    + VERSION + ")");
        }
        int kind = h.getInt(OFF_KIND);
        if (kind != KIND_DENSE && kind != KIND_CSC) {
            throw new MatrixFileException(name, "unknown matrix kind " + kind + " (1 = dense, 2 = CSC)");
        }
        for (int k = OFF_RESERVED; k < OFF_HEADER_CRC; k++) {
            if (h.get(k) != 0) throw new MatrixFileException(name, "reserved header byte " + k + " is not zero");
        }
        long rows = h.getLong(OFF_ROWS);
        long cols = h.getLong(OFF_COLS);
        long third = h.getLong(OFF_NNZ);
        if (rows < 0 || cols < 0 || rows > MatrixMarket.MAX_DIM || cols > MatrixMarket.MAX_DIM) {
            throw new MatrixFileException(name, "bad shape " + rows + "x" + cols + " (each must be in [0, "
                    + MatrixMarket.MAX_DIM + "])");
        }
        if (kind == KIND_DENSE && third != Math.max(rows, 1)) {
            throw new MatrixFileException(name, "bad leading dimension " + third + " for " + rows + " rows");
        }
        if (kind == KIND_DENSE && Math.max(rows, 1) * cols > Integer.MAX_VALUE) {
            throw new MatrixFileException(name, "a dense " + rows + "x" + cols + " matrix exceeds 2^31-1 values");
        }
        if (kind == KIND_CSC && (third < 0 || third > Integer.MAX_VALUE)) {
            throw new MatrixFileException(name, "bad nnz " + third + " (must be in [0, 2^31-1])");
        }
        long[] lay = layout(kind, rows, cols, third);
        long declared = h.getLong(OFF_SIZE);
        if (declared != lay[6]) {
            throw new MatrixFileException(name, "header declares " + declared + " bytes, but a " + rows + "x" + cols
                    + " " + (kind == KIND_CSC ? "CSC matrix with nnz " + third : "dense matrix") + " takes " + lay[6]);
        }
        for (int k = 0; k < 6; k++) {
            long v = h.getLong(OFF_SECTIONS + 8 * k);
            if (v != lay[k]) {
                throw new MatrixFileException(name, "section " + k / 2 + " " + (k % 2 == 0 ? "offset" : "length")
                        + " is " + v + ", expected " + lay[k]);
            }
        }
        if (size < lay[6]) {
            throw new MatrixFileException(name, "truncated: " + size + " bytes, the header declares " + lay[6]);
        }
        if (size > lay[6]) {
            throw new MatrixFileException(name, size + " bytes, but the header declares " + lay[6]
                    + " (trailing data)");
        }
        long nnz = kind == KIND_CSC ? third : rows * cols;
        Header header = new Header(kind == KIND_CSC ? Kind.CSC : Kind.DENSE, version, (int) rows, (int) cols, nnz, size);
        return new Decoded(header, third, lay, h.getInt(OFF_PAYLOAD_CRC));
    }

    private static int crc(MemorySegment s) {
        CRC32C crc = new CRC32C();
        long n = s.byteSize();
        for (long off = 0; off < n; off += CHUNK) crc.update(s.asSlice(off, Math.min(CHUNK, n - off)).asByteBuffer());
        return (int) crc.getValue();
    }

    private static MappedMatrix view(String name, MemorySegment file, Decoded d, Arena arena,
            MappedMatrix.Origin origin) throws MatrixFileException {
        Header h = d.header();
        long[] lay = d.layout();
        if (h.kind() == Kind.DENSE) {
            DenseMatrix m = DenseMatrix.view(file.asSlice(lay[0], lay[1]), h.rows(), h.cols(), (int) d.nnzOrLd());
            return new MappedMatrix(name, h, null, m, arena, file, origin);
        }
        CscPattern p;
        try {
            p = CscPattern.view(h.rows(), h.cols(), file.asSlice(lay[0], lay[1]), file.asSlice(lay[2], lay[3]));
        } catch (IllegalArgumentException e) {
            throw new MatrixFileException(name, "corrupt CSC structure: " + e.getMessage());
        }
        if (p.nnz() != h.nnz()) {
            throw new MatrixFileException(name, "corrupt CSC structure: colPtr[cols] = " + p.nnz()
                    + " but the header says nnz = " + h.nnz());
        }
        CscMatrix m = CscMatrix.view(p, file.asSlice(lay[4], lay[5]));
        return new MappedMatrix(name, h, m, null, arena, file, origin);
    }
}

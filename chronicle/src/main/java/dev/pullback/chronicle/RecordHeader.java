package dev.pullback.chronicle;

/**
 * The parsed header of one matrix record written by {@link MatrixCodec}.
 *
 * @param kind          what the payload holds
 * @param rows          rows (a vector's length for {@link Kind#VECTOR})
 * @param cols          columns (1 for a vector)
 * @param nnz           stored entries: rows·cols for dense and vectors, the pattern's nnz for CSC
 * @param payloadOffset bytes from the record's start to the payload (header plus alignment padding)
 * @param payloadLength bytes of payload
 * @param recordLength  bytes from this record's start to the next one's (a multiple of 8)
 * @param checksum      the CRC32C stored in the header
 */
public record RecordHeader(Kind kind, int rows, int cols, long nnz, int payloadOffset, long payloadLength,
                           long recordLength, int checksum) {
    /** The kinds of record; {@link #code()} is what the header stores. */
    public enum Kind {
        /** Column-major doubles, leading dimension = rows. */
        DENSE(1),
        /** Packed CSC: nnz doubles (values), cols+1 ints (colPtr), nnz ints (rowIdx). */
        CSC(2),
        /** n doubles. */
        VECTOR(3);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Kind of(int code) {
            for (Kind k : values()) if (k.code == code) return k;
            return null;
        }
    }
}

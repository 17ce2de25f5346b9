package dev.pullback.storage;

/**
 * A request for more memory than {@link MemoryLimit} allows; thrown before anything is allocated.
 * The message names what the memory was for, the bytes it needs, the limit, and how to raise it.
 */
public final class MemoryLimitException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final long bytes;
    private final long limit;

    /**
     * @param what  what the memory is for ("a dense 40000x40000 matrix")
     * @param bytes the bytes it needs
     * @param limit the limit in force
     */
    public MemoryLimitException(String what, long bytes, long limit) {
        super(what + " needs " + MemoryLimit.describe(bytes) + ", more than the limit of "
                + MemoryLimit.describe(limit) + "; raise it with -D" + MemoryLimit.PROPERTY + "=<bytes, or k/m/g/t>"
                + " (default: the JVM's maximum heap, -Xmx)");
        this.bytes = bytes;
        this.limit = limit;
    }

    /** The bytes the request needed. */
    public long bytes() {
        return bytes;
    }

    /** The limit in force when the request failed. */
    public long limit() {
        return limit;
    }
}

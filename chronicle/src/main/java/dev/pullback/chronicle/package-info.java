/**
 * Interoperation with Chronicle Bytes (net.openhft:chronicle-bytes, an optional dependency): Pullback
 * matrices and vectors viewed in place over Chronicle memory ({@link dev.pullback.chronicle.ChronicleViews},
 * {@link dev.pullback.chronicle.BytesView}), and a versioned, checksummed record format to pass them
 * through Chronicle Bytes, a Chronicle Queue or a file mapped by several processes
 * ({@link dev.pullback.chronicle.MatrixCodec}).
 *
 * <p>Only this package imports {@code net.openhft}; the rest of Pullback runs without Chronicle on
 * the class path. Flags Chronicle Bytes 2026.4 needs on JDK 25 (all in the project's jvm.config;
 * measured by removing each one):
 * <ul>
 *   <li>{@code --add-opens=java.base/java.lang.reflect=ALL-UNNAMED} and
 *       {@code --add-exports=java.base/sun.nio.ch=ALL-UNNAMED}: without either, mapping a file
 *       ({@code MappedBytes}) fails;</li>
 *   <li>{@code --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED}: without it Chronicle warns that
 *       it cannot clean direct ByteBuffers promptly;</li>
 *   <li>{@code --sun-misc-unsafe-memory-access=allow}: without it the JDK warns that Chronicle uses
 *       {@code sun.misc.Unsafe} memory access (and a future JDK will refuse it);</li>
 *   <li>{@code --add-exports=java.base/jdk.internal.util=ALL-UNNAMED}: for an optional fast path of
 *       Chronicle's byte comparisons; nothing this package does changes without it.</li>
 * </ul>
 * Pullback's own {@code --enable-native-access=ALL-UNNAMED} covers the {@code MemorySegment.reinterpret}
 * calls the views make (without it: a warning).
 */
package dev.pullback.chronicle;

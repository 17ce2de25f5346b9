/**
 * Interoperation with Chronicle Bytes (net.openhft:chronicle-bytes, an optional dependency): Pullback
 * matrices and vectors viewed in place over Chronicle memory ({@link dev.pullback.chronicle.ChronicleViews},
 * {@link dev.pullback.chronicle.BytesView}), and a versioned, checksummed record format to pass them
 * through Chronicle Bytes, a Chronicle Queue or a file mapped by several processes
 * ({@link dev.pullback.chronicle.MatrixCodec}).
 *
 * <p>Only this package imports {@code net.openhft}; the rest of Pullback runs without Chronicle on
 * the class path. A JVM that uses it needs the flags that Chronicle needs on JDK 25 (they are in the
 * project's jvm.config): {@code --add-opens=java.base/java.lang.reflect=ALL-UNNAMED},
 * {@code --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED},
 * {@code --add-exports=java.base/sun.nio.ch=ALL-UNNAMED},
 * {@code --add-exports=java.base/jdk.internal.util=ALL-UNNAMED} and
 * {@code --sun-misc-unsafe-memory-access=allow}; Pullback's own {@code --enable-native-access=ALL-UNNAMED}
 * covers the {@code MemorySegment.reinterpret} calls the views make.
 */
package dev.pullback.chronicle;

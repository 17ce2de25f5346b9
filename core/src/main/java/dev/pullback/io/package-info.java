/**
 * Files: Matrix Market (streaming reader with exact number parsing, atomic writer) and Pullback's
 * binary format (memory-mapped, CRC32C-checked). Start with {@link dev.pullback.io.MatrixFiles}
 * ({@code readSparse}, {@code readDense}, {@code readVector}, {@code write}); every malformed file is a
 * {@link dev.pullback.io.MatrixFileException} naming the file, the line and the fault, and readers
 * allocate in proportion to what a file holds, never to what its header claims.
 */
package dev.pullback.io;

package dev.pullback.chronicle;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.io.File;
import net.openhft.chronicle.bytes.MappedBytes;

/**
 * The second JVM of {@link TwoProcessTest}: maps the file it is given with
 * {@code MappedBytes.singleMappedBytes} and writes, as two records at offsets 0 and after the first,
 * the n×n tridiagonal system A x = b whose solution is {@link #solution}.
 *
 * <p>A has diagonal 4 + sin i and off-diagonals −1 + cos(i + j/2)/2 at (i, j = i±1): a row's two
 * off-diagonal magnitudes sum to at most 3 and the diagonal is at least 3, neither bound reached at
 * integer i, so A is strictly diagonally dominant.
 */
public final class TridiagonalWriter {
    private TridiagonalWriter() {}

    static double diagonal(int i) {
        return 4 + Math.sin(i);
    }

    static double offDiagonal(int i, int j) {
        return -1 + 0.5 * Math.cos(i + 0.5 * j);
    }

    static double solution(int i) {
        return Math.cos(0.01 * i) + 0.1 * i;
    }

    /** A, assembled column by column (rows j−1, j, j+1 of column j). */
    static CscMatrix matrix(int n) {
        int[] colPtr = new int[n + 1];
        int nnz = n == 0 ? 0 : 3 * n - 2;
        int[] rowIdx = new int[nnz];
        double[] values = new double[nnz];
        int k = 0;
        for (int j = 0; j < n; j++) {
            for (int i = Math.max(0, j - 1); i <= Math.min(n - 1, j + 1); i++) {
                rowIdx[k] = i;
                values[k++] = i == j ? diagonal(i) : offDiagonal(i, j);
            }
            colPtr[j + 1] = k;
        }
        return CscMatrix.of(n, n, colPtr, rowIdx, values);
    }

    /** Writes A and b = A·solution into the file; args: path, n, file size. */
    public static void main(String[] args) throws Exception {
        File file = new File(args[0]);
        int n = Integer.parseInt(args[1]);
        long size = Long.parseLong(args[2]);
        MappedBytes mapped = MappedBytes.singleMappedBytes(file, size);
        try (CscMatrix a = matrix(n); DenseVector b = DenseVector.offHeap(n)) {
            for (int j = 0; j < n; j++) {
                for (int k = a.pattern().colStart(j); k < a.pattern().colEnd(j); k++) {
                    int i = a.pattern().row(k);
                    b.set(i, b.get(i) + a.value(k) * solution(j));
                }
            }
            long first = MatrixCodec.writeAt(a, mapped, 0);
            MatrixCodec.writeAt(b, mapped, first);
        } finally {
            mapped.releaseLast();
        }
    }
}

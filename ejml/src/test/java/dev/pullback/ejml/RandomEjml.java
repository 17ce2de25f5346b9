package dev.pullback.ejml;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;

/** Random EJML matrices with the features a converter must keep, and an independent reading of them. */
final class RandomEjml {
    private RandomEjml() {}

    /**
     * A rows×cols EJML CSC matrix: about a quarter of the columns empty, the others a random subset
     * of rows, about half of them in shuffled order ({@code indicesSorted} false then); values
     * include explicit +0.0 and -0.0; arrays sometimes longer than nz_length (EJML's spare capacity).
     */
    static DMatrixSparseCSC sparse(int rows, int cols, Random rnd) {
        int[][] colRows = new int[cols][];
        int nnz = 0;
        boolean sorted = true;
        for (int j = 0; j < cols; j++) {
            int count = rows == 0 || rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(Math.min(rows, 6));
            int[] perm = permutation(rows, rnd);
            colRows[j] = Arrays.copyOf(perm, count);
            if (rnd.nextBoolean()) Arrays.sort(colRows[j]);
            for (int k = 1; k < count; k++) sorted &= colRows[j][k] > colRows[j][k - 1];
            nnz += count;
        }
        int spare = rnd.nextBoolean() ? rnd.nextInt(5) : 0;
        DMatrixSparseCSC a = new DMatrixSparseCSC(rows, cols, 0);
        a.nz_rows = new int[nnz + spare];
        a.nz_values = new double[nnz + spare];
        int k = 0;
        for (int j = 0; j < cols; j++) {
            for (int r : colRows[j]) {
                a.nz_rows[k] = r;
                int kind = rnd.nextInt(10);
                a.nz_values[k] = kind == 0 ? 0.0 : kind == 1 ? -0.0 : rnd.nextGaussian();
                k++;
            }
            a.col_idx[j + 1] = k;
        }
        a.nz_length = nnz;
        a.indicesSorted = sorted && rnd.nextBoolean();
        return a;
    }

    /** A rows×cols dense EJML matrix of Gaussian values; sometimes with a data array longer than rows·cols. */
    static DMatrixRMaj dense(int rows, int cols, Random rnd) {
        DMatrixRMaj a = rnd.nextBoolean() ? new DMatrixRMaj(rows, cols) : new DMatrixRMaj(rows + 2, cols + 1);
        a.reshape(rows, cols, false); // keeps the longer array when it is large enough
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) a.set(i, j, rnd.nextGaussian());
        return a;
    }

    /**
     * An n×n EJML CSC matrix, strictly diagonally dominant by columns (so nonsingular and well
     * conditioned): each column holds its diagonal and each other row with probability
     * {@code density}, in shuffled order ({@code indicesSorted} false).
     */
    static DMatrixSparseCSC diagonallyDominant(int n, double density, Random rnd) {
        DMatrixSparseCSC a = new DMatrixSparseCSC(n, n, 0);
        int[] rows = new int[n];
        double[] values = new double[n];
        int total = 0;
        a.nz_rows = new int[0];
        a.nz_values = new double[0];
        for (int j = 0; j < n; j++) {
            int count = 0;
            double offSum = 0;
            for (int i : permutation(n, rnd)) {
                if (i != j && rnd.nextDouble() >= density) continue;
                rows[count] = i;
                values[count] = i == j ? 0 : 2 * rnd.nextDouble() - 1;
                offSum += Math.abs(values[count]);
                count++;
            }
            for (int k = 0; k < count; k++) {
                if (rows[k] == j) values[k] = (rnd.nextBoolean() ? 1 : -1) * (1 + offSum);
            }
            a.nz_rows = Arrays.copyOf(a.nz_rows, total + count);
            a.nz_values = Arrays.copyOf(a.nz_values, total + count);
            System.arraycopy(rows, 0, a.nz_rows, total, count);
            System.arraycopy(values, 0, a.nz_values, total, count);
            total += count;
            a.col_idx[j + 1] = total;
        }
        a.nz_length = total;
        a.indicesSorted = false;
        return a;
    }

    /** Column j of an EJML CSC matrix as row → value, read straight from its arrays. */
    static TreeMap<Integer, Double> column(DMatrixSparseCSC a, int j) {
        TreeMap<Integer, Double> c = new TreeMap<>();
        for (int k = a.col_idx[j]; k < a.col_idx[j + 1]; k++) c.put(a.nz_rows[k], a.nz_values[k]);
        return c;
    }

    private static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int s = rnd.nextInt(i + 1), t = p[i];
            p[i] = p[s];
            p[s] = t;
        }
        return p;
    }
}

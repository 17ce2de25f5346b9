package dev.pullback.topopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.storage.DenseVector;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SparseDotProductTest {

    @Test
    void forwardIsTheDenseDotAndDuplicatesAreSummed() {
        int n = 37;
        int[] idx = {5, 0, 36, 5, 17};
        double[] val = {2.5, -1.0, 0.75, 0.5, 3.0};
        double[] l = new double[n];
        for (int k = 0; k < idx.length; k++) l[idx[k]] += val[k];
        SparseDotProduct f = new SparseDotProduct(n, idx, val);
        assertEquals(n, f.length());
        Random rnd = new Random(3);
        for (int trial = 0; trial < 5; trial++) {
            DenseVector u = DenseVector.heap(n);
            double dense = 0;
            for (int i = 0; i < n; i++) {
                u.set(i, rnd.nextGaussian());
                dense += l[i] * u.get(i);
            }
            assertEquals(dense, f.forward(u), 1e-14 * (1 + Math.abs(dense)));
        }
    }

    @Test
    void pullbackIsTheScaledWeightsWithZerosElsewhere() {
        int n = 11;
        SparseDotProduct f = new SparseDotProduct(n, new int[] {3, 9, 3}, new double[] {1.0, -2.0, 0.5});
        DenseVector u = DenseVector.heap(n);
        u.fill(1.0);
        f.forward(u);
        DenseVector ubar = DenseVector.heap(n);
        ubar.fill(Double.NaN);
        f.pullback(-2.0, ubar);
        for (int i = 0; i < n; i++) {
            double want = i == 3 ? -3.0 : i == 9 ? 4.0 : 0.0;
            assertEquals(want, ubar.get(i), 0.0, "ubar[" + i + "]");
        }
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparseDotProduct(4, new int[] {1, 4}, new double[] {1, 1}));
        assertTrue(e.getMessage().contains("index 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SparseDotProduct(4, new int[] {-1}, new double[] {1}));
        assertTrue(e.getMessage().contains("index -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SparseDotProduct(4, new int[] {1}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("1 indices but 2 values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SparseDotProduct(4, new int[] {2}, new double[] {Double.NaN}));
        assertTrue(e.getMessage().contains("not finite"), e.getMessage());
        SparseDotProduct f = new SparseDotProduct(4, new int[] {2}, new double[] {1});
        assertThrows(IllegalStateException.class, () -> f.pullback(1.0, DenseVector.heap(4)));
        e = assertThrows(IllegalArgumentException.class, () -> f.forward(DenseVector.heap(5)));
        assertTrue(e.getMessage().contains("length 5"), e.getMessage());
    }
}

package dev.pullback.moduleclient;

import dev.pullback.ad.DotProduct;
import dev.pullback.ad.LinearSolve;
import dev.pullback.ad.RankOne;
import dev.pullback.kernel.KernelProvider;
import dev.pullback.solvers.Factorizers;
import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;

/**
 * A user of the core from outside its module, run by ModulePathTest in child JVMs (core on the module
 * path or the class path, with or without the Vector API): f = aᵀA⁻¹b for a small unsymmetric sparse
 * A, its gradient ∂f/∂b = λ = A⁻ᵀa checked against a central finite difference. Prints the module the
 * core runs in, the kernels' name, and "ok"; exits 1 on a failed check.
 */
public final class SolveAndPullback {
    private SolveAndPullback() {}

    public static void main(String[] args) {
        int n = 40;
        CooBuilder coo = new CooBuilder(n, n);
        for (int i = 0; i < n; i++) {
            coo.add(i, i, 4.0 + i % 3);
            if (i + 1 < n) coo.add(i, i + 1, -1.0);
            if (i >= 3) coo.add(i, i - 3, -0.5 - 0.01 * i);
        }
        DenseVector a = DenseVector.heap(n), b = DenseVector.heap(n), db = DenseVector.heap(n);
        DenseVector xbar = DenseVector.heap(n), da = DenseVector.heap(n);
        for (int i = 0; i < n; i++) {
            a.set(i, Math.sin(i + 1.0));
            b.set(i, Math.cos(0.5 * i));
        }
        try (CscMatrix m = coo.build(CooBuilder.Zeros.DROP); LinearSolve<CscMatrix> solve = new LinearSolve<>(Factorizers.sparseLu())) {
            DotProduct f = new DotProduct(a);
            double value = f.forward(solve.forward(m, b));
            f.pullback(1.0, xbar, da);
            RankOne dA = solve.pullback(xbar, db);
            int k = 7;
            double h = 1e-6, b0 = b.get(k);
            b.set(k, b0 + h);
            double up = f.forward(solve.forward(m, b));
            b.set(k, b0 - h);
            double down = f.forward(solve.forward(m, b));
            double fd = (up - down) / (2 * h);
            boolean ok = Double.isFinite(value) && Math.abs(fd - db.get(k)) <= 1e-6 * Math.max(1, Math.abs(fd))
                    && Double.isFinite(dA.get(0, 1));
            System.out.println("module " + CscMatrix.class.getModule().getName());
            System.out.println("kernels " + KernelProvider.kernels().name());
            System.out.println(ok ? "ok" : "gradient mismatch: adjoint " + db.get(k) + ", finite difference " + fd);
            if (!ok) System.exit(1);
        }
    }
}

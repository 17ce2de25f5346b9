package dev.pullback.factor;

/** Which algorithm holds a factorization's factors (reported by {@link SparseFactorization#method()}). */
public enum Method {
    /** Dense LU with partial pivoting: blocked, on the SIMD GEMM. */
    DENSE_LU("dense", "dense LU, partial pivoting"),
    /** Left-looking sparse LU (Gilbert–Peierls) with threshold pivoting on any row, KLU class. */
    GILBERT_PEIERLS("gilbert_peierls", "sparse LU, Gilbert-Peierls"),
    /** Multifrontal supernodal LU: dense fronts on the SIMD kernels, pivots inside each supernode. */
    SUPERNODAL_LU("supernodal", "supernodal LU, multifrontal"),
    /** Block triangular form, a Gilbert–Peierls LU per irreducible diagonal block. */
    BTF_LU("btf", "block triangular form, sparse LU per block"),
    /** Supernodal (multifrontal) Cholesky A = LLᵀ of a symmetric positive definite matrix, AMD order. */
    CHOLESKY("cholesky", "cholesky (supernodal, AMD)"),
    /** Supernodal (multifrontal) LDLᵀ of a symmetric indefinite matrix: 1×1/2×2 pivots, delayed pivots. */
    LDLT("ldlt", "LDLt (supernodal, 1x1/2x2 and delayed pivots)");

    private final String label;
    private final String description;

    Method(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** A short lower-case name for reports and JSON, e.g. "supernodal". */
    public String label() {
        return label;
    }

    /** A short human-readable name, e.g. "supernodal LU, multifrontal". */
    public String description() {
        return description;
    }
}

package dev.pullback.sparse;

import dev.pullback.dense.CscDenseLu;
import dev.pullback.dense.DenseAnalysis;
import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseOptions;
import dev.pullback.factor.Method;
import dev.pullback.factor.SparseFactorization;
import dev.pullback.factor.SingularMatrixException;
import dev.pullback.factor.SolveReport;
import dev.pullback.internal.Checks;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.factor.NotPositiveDefiniteException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A sparse factorization that is {@link SupernodalCholesky} for symmetric positive definite matrices,
 * {@link SupernodalLdlt} for other symmetric ones,
 * {@link SupernodalLu} where that works and {@link SparseLu} otherwise, or the dense LU
 * ({@link CscDenseLu}) of a small matrix whose factors would be nearly dense.
 *
 * <p>Dense route, tried first ({@link #denseRoute}) under {@link Ordering#AUTO}: a pattern of order
 * at most {@value #DENSE_MAX_N} whose factors are predicted to hold at least
 * min({@value #DENSE_FILL} n², {@value #DENSE_PER_COLUMN} n) entries is factored dense. The
 * prediction is nnz(L + U) ≈ 2·nnz(Cholesky of A + Aᵀ) − n in AMD's order (the count the fill test
 * below uses; for an unsymmetric pattern it somewhat overestimates a Gilbert–Peierls LU's fill). At
 * such fill a sparse LU does most of the dense LU's n³/3 flops one indexed entry at a time, the
 * dense one in blocked SIMD kernels. The two thresholds follow the measured crossover of refactor +
 * both solves (docs/PERFORMANCE.md, 2026-12-07 'dense route').
 *
 * <p>Rule: a pattern whose structural symmetry ({@link Symbolic#symmetry()}) is below
 * {@value #MIN_SYMMETRY} is first put in block triangular form (maximum transversal, strongly
 * connected components: O(nnz) on such patterns); when it falls apart into diagonal blocks of at
 * most {@value #BTF_MAX_BLOCK} n columns, {@link BtfLu} factors the blocks alone (AMD order per
 * block, as KLU): the entries outside them are never factored, where an LU of the whole matrix
 * fills across the blocks (tens of times the fill on a cascade of coupled units). Otherwise such a
 * pattern goes to SparseLu (COLAMD order; the structure of A + Aᵀ would carry too many explicit
 * zeros). Otherwise A + Aᵀ is ordered by {@code SymmetricOrder} (AMD, or nested
 * dissection on large patterns with large fronts; natural order when the
 * options say so); if its Cholesky factor has fewer than {@value #MIN_FILL} times nnz(A) entries,
 * SparseLu factors: with so little fill the fronts are tiny and the dense kernels have nothing to
 * gain (SupernodalLu then factors and solves slower than SparseLu; on FEM and grid matrices, with
 * several times more fill, it factors several times faster: docs/PERFORMANCE.md, 2026-12-01
 * 'little fill goes to SparseLu'). It does so in the order of the fill test (COLAMD's if the
 * options name it), sized by the test's count and without counting again (see
 * {@link Symbolic#choleskyNonzeros()}): AMD's order, its dense nodes taken out of the graph, filled
 * slightly less than COLAMD's on the circuit-like benchmark matrix, and a second ordering would
 * only add to the factor's time (docs/PERFORMANCE.md, 2026-12-01 'AMD order for the little-fill
 * case'). Otherwise SupernodalLu is tried: a pivot that its supernode's rows cannot provide is
 * delayed to the parent front ({@link #methodReason()} then counts the delays); when delays would
 * outgrow its factors it throws {@link SupernodalPivotException} and A is factored by SparseLu,
 * whose threshold partial pivoting may take any row.
 * {@link #method()} says which one holds the factors and {@link #methodReason()} why. The rule runs
 * on the pattern alone ({@link #analyze}); the analysis can serve every matrix of that pattern.
 *
 * <p>Symmetric patterns (structural symmetry 1) that pass the fill test go to
 * {@link SupernodalCholesky} in the same order, when at (re)factor time the values are symmetric
 * (each mirror pair equal within 4ε relative) with a positive diagonal: half the flops, memory and
 * solve traffic of the LU. Symmetric values whose diagonal is not all positive, or whose Cholesky
 * factor meets a pivot ≤ 0 ({@link NotPositiveDefiniteException}), go to {@link SupernodalLdlt} on
 * the same analysis (1×1/2×2 and delayed pivots, half the LU's flops too). Values that are not
 * symmetric, or that LDLᵀ finds singular, take the LU route above on the same supernodes (on first
 * need the LU's map of A into the fronts is added to the symmetric analysis; the pattern is not
 * analysed again); {@link #methodReason()} then says why Cholesky (and LDLᵀ) were declined. A
 * refactor checks the values again and returns to Cholesky, or LDLᵀ, when they allow it. A symmetric
 * pattern with a column that has no diagonal entry (a KKT or Stokes matrix) cannot be Cholesky's:
 * its analysis is LDLᵀ's from the start, in the order of {@link ZeroDiagonalPairs} (far fewer delayed
 * pivots than AMD's), with the same LU route for values that are not symmetric.
 *
 * <p>{@link #refactor} keeps the method: on SupernodalLu it re-chooses the pivots and their delays,
 * allocating nothing while they fit its storage (see {@link SupernodalLu}); if the delays outgrow
 * its factors, this object switches to a fresh SparseLu factorization (which allocates, once) and
 * stays with it. On SparseLu, refactor keeps
 * P and Q and allocates nothing. Both solves allocate nothing. Accuracy: that of the method used
 * (backward error of order n·ε times the pivot growth, see {@link #reciprocalPivotGrowth()}).
 */
public final class AdaptiveSparseLu implements SparseFactorization {
    /** Patterns less symmetric than this go straight to {@link SparseLu}. */
    public static final double MIN_SYMMETRY = 0.5;

    /**
     * Largest diagonal block, as a fraction of n, of a block triangular form that {@link BtfLu} takes
     * for a pattern less symmetric than {@link #MIN_SYMMETRY} (see the class comment).
     */
    public static final double BTF_MAX_BLOCK = 0.5;

    /** Cholesky nonzeros of the ordered A + Aᵀ per nonzero of A below which {@link SparseLu} is used. */
    public static final double MIN_FILL = 1.5;

    /** Largest order the dense route takes (see the class comment). */
    public static final int DENSE_MAX_N = 400;

    /** Predicted nnz(L + U) per n² from which the dense route is taken at any order up to {@link #DENSE_MAX_N}. */
    public static final double DENSE_FILL = 0.5;

    /** Predicted nnz(L + U) per column from which the dense route is taken (orders 80 to {@link #DENSE_MAX_N}). */
    public static final int DENSE_PER_COLUMN = 40;

    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final double EPS = Math.ulp(1.0);

    private final AdaptiveAnalysis analysis;
    private CscDenseLu dense;
    /** A pattern that fell apart into small diagonal blocks (see {@link #BTF_MAX_BLOCK}). */
    private BtfLu btf;
    /** The analysis whose LU route is in use: {@link #analysis}, or its LU route when Cholesky was declined. */
    private AdaptiveAnalysis luAnalysis;
    /** The Cholesky route: the factor while in use, the cursor of the symmetry check, why Cholesky was declined (null when not). */
    private SupernodalCholesky cholesky;
    private int[] mirror;
    private String declined;
    /** Symmetric values whose diagonal is not all positive, or that Cholesky refused: the LDLᵀ factor in use, its analysis (Cholesky's structure). */
    private SupernodalLdlt ldlt;
    private LdltAnalysis ldltAnalysis;
    /** Whether the last {@link #whyNotCholesky} found the values symmetric (whatever their diagonal). */
    private boolean symmetricValues;
    private SupernodalLu supernodal;
    private SparseLu gp;
    private String fallbackReason;

    private AdaptiveSparseLu(AdaptiveAnalysis analysis) {
        this.analysis = analysis;
    }

    /** {@link #factor(CscMatrix, SparseOptions)} with the default options. */
    public static AdaptiveSparseLu factor(CscMatrix a) {
        return factor(a, SparseOptions.defaults());
    }

    /**
     * Analyses A's pattern by the rule in the class comment and factors A.
     *
     * @throws SingularMatrixException  A is singular (the column named)
     * @throws IllegalArgumentException A is not square or has a NaN/infinite entry
     */
    public static AdaptiveSparseLu factor(CscMatrix a, SparseOptions options) {
        return analyze(a.pattern(), options).factor(a);
    }

    /** Chooses the method for a square pattern by the rule in the class comment, and analyses for it. */
    public static AdaptiveAnalysis analyze(CscPattern a, SparseOptions options) {
        Checks.square("sparse LU", a.rows(), a.cols());
        SymmetricStructure sym = SymmetricStructure.of(a);
        // The symmetric order and its Cholesky count serve the dense route's test and the fill test
        // below. The fill test takes AMD's own bound on the count (exact without dense nodes), not a
        // count from the elimination tree: the supernodal analysis counts the columns anyway.
        SymmetricOrder symmetric = null;
        long cholesky = 0;
        if (denseCandidate(a, options)) {
            symmetric = SymmetricOrder.of(sym, options);
            cholesky = symmetric.choleskyNonzeros(sym);
            AdaptiveAnalysis dense = denseRoute(a, cholesky);
            if (dense != null) return dense;
        }
        if (sym.symmetry < MIN_SYMMETRY) {
            String reason = String.format("structural symmetry %.3f is below %.2f", sym.symmetry, MIN_SYMMETRY);
            AdaptiveAnalysis btf = btfRoute(a, options, reason);
            return btf != null ? btf : new AdaptiveAnalysis(SparseLu.analyze(a, sym, options), reason, null);
        }
        if (symmetric == null) {
            symmetric = SymmetricOrder.of(sym, options);
            cholesky = symmetric.choleskyNonzeros(sym);
        }
        int[] order = symmetric.perm;
        Ordering used = symmetric.used;
        boolean counted = symmetric.exact || symmetric.cholesky < 0;
        if (cholesky < MIN_FILL * a.nnz()) {
            String reason = String.format("little fill: nnz(Cholesky of A + Aᵀ) is at most %d, below %.1f nnz(A)",
                    cholesky, MIN_FILL);
            // The test's order is factored (COLAMD's if the caller named it), with the test's figure
            // as the storage size and no second count.
            Symbolic symbolic = options.ordering() == Ordering.COLAMD
                    ? SparseLu.analyzeColamd(a, sym, options, cholesky)
                    : new Symbolic(options, a.cols(), a.nnz(), used, order, sym.symmetry, counted ? cholesky : -1,
                            cholesky);
            return new AdaptiveAnalysis(symbolic, reason, null);
        }
        String reason = String.format("structural symmetry %.3f, nnz(Cholesky of A + Aᵀ) %.1f nnz(A)", sym.symmetry,
                (double) cholesky / Math.max(1, a.nnz())) + (symmetric.reason.isEmpty() ? "" : "; order " + symmetric.reason);
        if (sym.symmetry == 1.0) return choleskyRoute(a, sym, symmetric, options, cholesky, reason);
        Symbolic fallback = new Symbolic(options, a.cols(), a.nnz(), used, order, sym.symmetry, -1, cholesky);
        return new AdaptiveAnalysis(SupernodalLu.analyze(a, sym, order, used, options, reason), reason, fallback);
    }

    /**
     * BtfLu's analysis when A's block triangular form has diagonal blocks of at most
     * {@value #BTF_MAX_BLOCK} n columns, else null (a structurally singular pattern too: SparseLu then
     * names the column it cannot pivot). The ordering within blocks is AMD under {@link Ordering#AUTO}.
     */
    private static AdaptiveAnalysis btfRoute(CscPattern a, SparseOptions options, String why) {
        BlockTriangularForm form = BlockTriangularForm.of(a);
        int n = a.cols();
        if (!form.isStructurallyNonsingular() || form.largestBlock() > BTF_MAX_BLOCK * n) return null;
        String reason = String.format("%s; block triangular form: %d diagonal blocks, the largest %d of %d columns"
                + " (at most %.1f n): a sparse LU per block", why, form.blocks(), form.largestBlock(), n, BTF_MAX_BLOCK);
        return new AdaptiveAnalysis(BtfLu.analyze(form, a.nnz(), options), reason, null);
    }

    /** The dense route is considered: a nonempty pattern of order at most {@value #DENSE_MAX_N}, {@link Ordering#AUTO}. */
    private static boolean denseCandidate(CscPattern a, SparseOptions options) {
        return a.cols() > 0 && a.cols() <= DENSE_MAX_N && options.ordering() == Ordering.AUTO;
    }

    /**
     * The dense LU's analysis when A is small ({@code n <= }{@value #DENSE_MAX_N}) and its predicted
     * factors are nearly dense (at least min({@value #DENSE_FILL} n², {@value #DENSE_PER_COLUMN} n),
     * see the class comment), else null.
     * Only under {@link Ordering#AUTO}: an ordering the caller names asks for a sparse method.
     */
    static AdaptiveAnalysis denseRoute(CscPattern a, SymmetricStructure sym, SparseOptions options) {
        if (!denseCandidate(a, options)) return null;
        long[] bound = new long[1];
        int[] order = SupernodalLu.symmetricOrder(sym, Ordering.AMD, options, bound);
        return denseRoute(a, bound[0] >= 0 ? bound[0] : EliminationTree.choleskyNonzeros(sym, order));
    }

    /** {@link #denseRoute(CscPattern, SymmetricStructure, SparseOptions)} given the Cholesky count in AMD's order. */
    private static AdaptiveAnalysis denseRoute(CscPattern a, long cholesky) {
        int n = a.cols();
        double fill = predictedFill(n, cholesky), threshold = Math.min(DENSE_FILL, (double) DENSE_PER_COLUMN / n);
        if (fill < threshold) return null;
        String reason = String.format("small and nearly dense: n = %d <= %d and nnz(L + U) is predicted at %.2f n²"
                + " (from the Cholesky count of A + Aᵀ), at least min(%.1f n², %d n) = %.2f n²", n, DENSE_MAX_N, fill,
                DENSE_FILL, DENSE_PER_COLUMN, threshold);
        return new AdaptiveAnalysis(CscDenseLu.analyze(a, reason), reason, null);
    }

    /** nnz(L + U) per n² predicted from nnz(Cholesky of A + Aᵀ), diagonal included once: (2c − n)/n². */
    static double predictedFill(int n, long cholesky) {
        return (2.0 * cholesky - n) / ((double) n * n);
    }

    /** Factors A by the analysis' method; a supernodal pivot failure falls back to its Gilbert–Peierls analysis. */
    static AdaptiveSparseLu factor(CscMatrix a, AdaptiveAnalysis s) {
        AdaptiveSparseLu f = new AdaptiveSparseLu(s);
        if (s.chosen instanceof DenseAnalysis d) {
            f.dense = d.factor(a);
            return f;
        }
        if (s.chosen instanceof BtfAnalysis b) {
            f.btf = b.factor(a);
            return f;
        }
        if (s.chosen instanceof CholeskyAnalysis || s.chosen instanceof LdltAnalysis) {
            f.factorCholeskyRoute(a, (SupernodeAnalysis) s.chosen);
            return f;
        }
        f.factorLuRoute(a, s);
        return f;
    }

    /** The LU route of analysis {@code s}: SupernodalLu, on a pivot failure SparseLu; or SparseLu as the rule chose. */
    private void factorLuRoute(CscMatrix a, AdaptiveAnalysis s) {
        luAnalysis = s;
        if (s.chosen instanceof SupernodalAnalysis sn) {
            try {
                supernodal = sn.factor(a);
                return;
            } catch (SupernodalPivotException e) {
                fallbackReason = e.getMessage();
                gp = s.fallback.factor(a);
                return;
            }
        }
        fallbackReason = s.methodReason();
        gp = ((Symbolic) s.chosen).factor(a);
    }

    // ---------------------------------------------------------------- the Cholesky route

    /**
     * A symmetric pattern: {@link SupernodalCholesky} in the fill test's order, and, for values that
     * are not symmetric positive definite, the supernodal LU in the same order (analysed when first
     * needed, see {@link AdaptiveAnalysis#luRoute}).
     */
    private static AdaptiveAnalysis choleskyRoute(CscPattern a, SymmetricStructure sym, SymmetricOrder symmetric,
            SparseOptions options, long cholesky, String luReason) {
        int[] order = symmetric.perm;
        Ordering used = symmetric.used;
        AdaptiveAnalysis.LuInputs lu = new AdaptiveAnalysis.LuInputs(order, used, options, cholesky, luReason);
        int noDiagonal = columnWithoutDiagonal(a);
        if (noDiagonal >= 0) {
            String reason = "symmetric pattern without a diagonal entry in column " + noDiagonal + " (a saddle point):"
                    + " LDLt for symmetric values, in AMD's order with such columns paired with a neighbour";
            Ordering paired = SupernodalLdlt.ldltOrdering(used);
            return new AdaptiveAnalysis(SupernodalLdlt.analyze(a, sym, ZeroDiagonalPairs.order(a, sym, paired, options),
                    paired, options, reason), reason, null, lu);
        }
        String reason = "symmetric pattern, values symmetric with a positive diagonal; nnz(L) "
                + String.format("%.1f", (double) cholesky / Math.max(1, a.nnz())) + " nnz(A)";
        return new AdaptiveAnalysis(SupernodalCholesky.analyze(a, sym, order, used, options, reason, symmetric.tree), reason,
                null, lu);
    }

    /** The first column of the pattern with no diagonal entry, −1 when every column has one. */
    private static int columnWithoutDiagonal(CscPattern a) {
        MemorySegment cp = a.colPtr(), ri = a.rowIdx();
        for (int j = 0, n = a.cols(); j < n; j++) {
            boolean diagonal = false;
            for (int p = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1); p < e && !diagonal; p++) diagonal = ri.getAtIndex(I, p) == j;
            if (!diagonal) return j;
        }
        return -1;
    }

    /**
     * Cholesky when A's values pass {@link #whyNotCholesky}, and its factor finds every pivot
     * positive; else LDLᵀ when the values are symmetric (a diagonal not all positive, or a pivot
     * ≤ 0); else, or when LDLᵀ finds A singular, the LU route.
     */
    private void factorCholeskyRoute(CscMatrix a, SupernodeAnalysis c) {
        mirror = new int[a.cols()];
        String why = whyNotCholesky(a);
        if (why == null) {
            try {
                cholesky = ((CholeskyAnalysis) c).factor(a); // values that pass have every diagonal entry: a Cholesky analysis
                return;
            } catch (NotPositiveDefiniteException e) {
                why = "Cholesky stopped: " + e.getMessage();
            }
        }
        declined = why;
        if (symmetricValues) {
            try {
                ldlt = ldltAnalysis(c).factor(a);
                return;
            } catch (SingularMatrixException e) {
                declined = why + "; LDLt stopped: " + e.getMessage();
            }
        }
        factorLuRoute(a, analysis.luRoute(a.pattern()));
    }

    /** The route's LDLᵀ analysis, or one on Cholesky's structure (the same order and supernodes; made once). */
    private LdltAnalysis ldltAnalysis(SupernodeAnalysis c) {
        if (c instanceof LdltAnalysis l) return l;
        if (ldltAnalysis == null) ldltAnalysis = new LdltAnalysis(c.structure, c.options, c.methodReason());
        return ldltAnalysis;
    }

    /**
     * Refactor on the Cholesky route: Cholesky again when the values allow it (allocation-free when
     * the Cholesky factor is the one in use), else the LU route (analysed and factored once when
     * first needed, then refactored).
     */
    private void refactorCholeskyRoute(CscMatrix a) {
        if (a.cols() != analysis.n() || a.nnz() != analysis.nnz()) {
            throw new IllegalArgumentException("refactor needs the pattern that was factored (n = " + analysis.n()
                    + ", nnz " + analysis.nnz() + "), got " + a.pattern());
        }
        // the factorization in use keeps the factored pattern: a route switch must not take another one
        ((SparseLuBase<?>) delegate()).checkSamePattern(a);
        String why = whyNotCholesky(a);
        if (why == null) {
            try {
                if (cholesky != null) {
                    cholesky.refactor(a);
                } else {
                    SupernodalCholesky fresh = ((CholeskyAnalysis) analysis.chosen).factor(a);
                    closeLu();
                    closeLdlt();
                    cholesky = fresh;
                }
                declined = null;
                return;
            } catch (NotPositiveDefiniteException e) {
                why = "Cholesky stopped: " + e.getMessage();
            }
        }
        declined = why;
        if (cholesky != null) {
            cholesky.close();
            cholesky = null;
        }
        if (symmetricValues) {
            try {
                if (ldlt != null) {
                    ldlt.refactor(a);
                } else {
                    SupernodalLdlt fresh = ldltAnalysis((SupernodeAnalysis) analysis.chosen).factor(a);
                    closeLu();
                    ldlt = fresh;
                }
                return;
            } catch (SingularMatrixException e) {
                declined = why + "; LDLt stopped: " + e.getMessage();
                closeLdlt();
            }
        }
        closeLdlt();
        if (supernodal == null && gp == null) factorLuRoute(a, analysis.luRoute(a.pattern()));
        else refactorLuRoute(a);
    }

    /**
     * Null when A's values suit Cholesky: every diagonal entry stored and positive, and every
     * off-diagonal a_ij equal to a_ji within 4ε·max(|a_ij|, |a_ji|) (the factor reads the lower
     * triangle only, so such a difference changes the solution by no more than rounding does);
     * else the first reason against, naming the entry. One pass over A; allocates nothing (a
     * per-column cursor into the upper triangle, sized once, finds each mirror: the pattern is
     * symmetric and its rows sorted, so the mirrors come in order).
     */
    private String whyNotCholesky(CscMatrix a) {
        final int[] cursor = mirror;
        symmetricValues = false;
        String diagonalReason = null;
        MemorySegment cp = a.pattern().colPtr(), ri = a.pattern().rowIdx(), ax = a.values();
        int n = a.cols();
        for (int j = 0; j < n; j++) cursor[j] = cp.getAtIndex(I, j);
        for (int j = 0; j < n; j++) {
            boolean diagonal = false;
            for (int p = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1); p < e; p++) {
                int i = ri.getAtIndex(I, p);
                if (i < j) continue;
                double v = ax.getAtIndex(D, p);
                if (i == j) {
                    if (!(v > 0) && diagonalReason == null) {
                        diagonalReason = "diagonal entry A(" + j + ", " + j + ") is " + v + ", not positive";
                    }
                    diagonal = true;
                    continue;
                }
                int q = cursor[i]++;
                if (q >= cp.getAtIndex(I, i + 1) || ri.getAtIndex(I, q) != j) {
                    return "pattern not symmetric: A(" + i + ", " + j + ") is stored but A(" + j + ", " + i + ") is not";
                }
                double w = ax.getAtIndex(D, q);
                if (!(Math.abs(v - w) <= 4 * EPS * Math.max(Math.abs(v), Math.abs(w)))) {
                    return "values not symmetric: A(" + i + ", " + j + ") = " + v + " but A(" + j + ", " + i + ") = " + w;
                }
            }
            if (!diagonal && diagonalReason == null) diagonalReason = "no diagonal entry in column " + j;
        }
        symmetricValues = true;
        return diagonalReason;
    }

    private void closeLdlt() {
        if (ldlt != null) ldlt.close();
        ldlt = null;
    }

    private void closeLu() {
        if (supernodal != null) supernodal.close();
        if (gp != null) gp.close();
        supernodal = null;
        gp = null;
    }

    /**
     * New values, same pattern; see the class comment for what it keeps and when it allocates.
     *
     * @throws IllegalArgumentException a different pattern, or a NaN/infinite value
     * @throws SingularMatrixException  the new values are singular
     */
    @Override
    public void refactor(CscMatrix a) {
        if (dense != null) {
            dense.refactor(a);
            return;
        }
        if (btf != null) {
            btf.refactor(a);
            return;
        }
        if (analysis.chosen instanceof CholeskyAnalysis || analysis.chosen instanceof LdltAnalysis) {
            refactorCholeskyRoute(a);
            return;
        }
        refactorLuRoute(a);
    }

    private void refactorLuRoute(CscMatrix a) {
        if (supernodal != null) {
            try {
                supernodal.refactor(a);
                return;
            } catch (SupernodalPivotException e) {
                SparseLu replacement = luAnalysis.fallback.factor(a);
                supernodal.close();
                supernodal = null;
                gp = replacement;
                fallbackReason = e.getMessage();
                return;
            }
        }
        live().refactor(a);
    }

    @Override
    public AdaptiveAnalysis analysis() {
        return analysis;
    }

    /**
     * The factorization in use: {@link Method#DENSE_LU}, {@link Method#BTF_LU}, {@link Method#CHOLESKY},
     * {@link Method#LDLT}, {@link Method#SUPERNODAL_LU} or {@link Method#GILBERT_PEIERLS}.
     */
    @Override
    public Method method() {
        if (dense != null) return Method.DENSE_LU;
        if (btf != null) return Method.BTF_LU;
        if (cholesky != null) return Method.CHOLESKY;
        if (ldlt != null) return Method.LDLT;
        return supernodal != null ? Method.SUPERNODAL_LU : Method.GILBERT_PEIERLS;
    }

    /** Why the method in use holds the factors: the rule, and why Cholesky was not used when the pattern suited it. */
    @Override
    public String methodReason() {
        if (dense != null || btf != null || cholesky != null) return analysis.methodReason();
        if (ldlt != null) {
            return analysis.chosen instanceof LdltAnalysis ? analysis.methodReason()
                    : "symmetric values, not positive definite (" + declined + "): LDLt; " + analysis.methodReason();
        }
        String lu = supernodal != null ? luAnalysis.methodReason() + delays(supernodal) : fallbackReason;
        return declined == null ? lu : declined + "; " + lu;
    }

    /** "; d delayed pivots" when the supernodal LU's last (re)factor delayed d &gt; 0 pivots to parent fronts, else "". */
    private static String delays(SupernodalLu f) {
        int d = f.delayedPivots();
        return d == 0 ? "" : "; " + d + " delayed pivots";
    }

    /** Why SparseLu is in use (the rule or the pivot failure), or null while another method is. */
    public String fallbackReason() {
        return dense != null || btf != null || supernodal != null || cholesky != null || ldlt != null ? null : fallbackReason;
    }

    /**
     * The factorization behind this one ({@link CscDenseLu}, {@link BtfLu}, {@link SupernodalCholesky},
     * {@link SupernodalLdlt}, {@link SupernodalLu} or {@link SparseLu}).
     */
    public SparseFactorization delegate() {
        if (dense != null) return dense;
        if (btf != null) return btf;
        if (cholesky != null) return cholesky;
        if (ldlt != null) return ldlt;
        return supernodal != null ? supernodal : gp;
    }

    @Override
    public int n() {
        return analysis.n();
    }

    @Override
    public void solve(DenseVector b, DenseVector x) {
        liveAny().solve(b, x);
    }

    @Override
    public void solveTransposed(DenseVector b, DenseVector x) {
        liveAny().solveTransposed(b, x);
    }

    @Override
    public void solve(DenseMatrix b, DenseMatrix x) {
        liveAny().solve(b, x);
    }

    @Override
    public void solveTransposed(DenseMatrix b, DenseMatrix x) {
        liveAny().solveTransposed(b, x);
    }

    @Override
    public void solve(DenseVector b, DenseVector x, SolveReport report) {
        liveAny().solve(b, x, report);
    }

    @Override
    public void solveTransposed(DenseVector b, DenseVector x, SolveReport report) {
        liveAny().solveTransposed(b, x, report);
    }

    /** The condition estimate of the factorization in use (see {@link SparseFactorization#rcond()}). */
    @Override
    public double rcond() {
        return liveAny().rcond();
    }

    @Override
    public double reciprocalPivotGrowth() {
        return liveAny().reciprocalPivotGrowth();
    }

    @Override
    public double pivotRatio() {
        return liveAny().pivotRatio();
    }

    @Override
    public int[] rowPermutation() {
        return liveAny().rowPermutation();
    }

    @Override
    public int[] columnPermutation() {
        return liveAny().columnPermutation();
    }

    /** nnz(L + U) of the factors in use, diagonal once (SupernodalLu's includes its explicit zeros). */
    @Override
    public long factorNonzeros() {
        return liveAny().factorNonzeros();
    }

    private SparseLu live() {
        if (gp == null) throw new IllegalStateException("sparse LU factorization is closed");
        return gp;
    }

    private SparseFactorization liveAny() {
        if (dense != null) return dense;
        if (btf != null) return btf;
        if (cholesky != null) return cholesky;
        if (ldlt != null) return ldlt;
        return supernodal != null ? supernodal : live();
    }

    @Override
    public void close() {
        if (dense != null) dense.close();
        if (btf != null) btf.close();
        if (cholesky != null) cholesky.close();
        if (ldlt != null) ldlt.close();
        if (supernodal != null) supernodal.close();
        if (gp != null) gp.close();
    }

    @Override
    public String toString() {
        return "AdaptiveSparseLu[" + method() + " (" + methodReason() + "), " + delegate() + "]";
    }
}

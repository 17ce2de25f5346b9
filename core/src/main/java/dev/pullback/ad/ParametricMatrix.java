package dev.pullback.ad;

import dev.pullback.internal.Checks;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.PatternGroups;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * The affine matrix family A(p) = A₀ + Σₑ pₑAₑ on one fixed pattern, and its pullback.
 *
 * <p>Aₑ is group e of an assembly map ({@link PatternGroups}): the positions of A's pattern that
 * parameter e touches, with their coefficients. A finite-element stiffness is one: with the map from
 * {@code PlaneStressQ4.assemble(...).elementMap()}, K(p) = Σₑ pₑKₑ.
 *
 * <ul>
 *   <li>{@link #forward}: assembles A(p)'s values in place in {@link #matrix()} (the pattern never
 *       changes) and bumps its version, so a {@link LinearSolve} refactors. O(nnz + Σ nnz(Aₑ)).</li>
 *   <li>{@link #pullback(RankOne, DenseVector)}: p̄ₑ = ⟨Ā, Aₑ⟩. For Ā = s·uvᵀ that is s·uᵀAₑv, all e
 *       in one O(Σ nnz(Aₑ)) pass of the batched rank-1 kernel — for Ā = −λxᵀ, p̄ₑ = −λᵀAₑx.</li>
 *   <li>{@link #pullback(CscMatrix, DenseVector)}: the same for a general cotangent Ā stored on A's
 *       pattern, p̄ₑ = Σ over the entries t of group e of coefₜ·Ā[posₜ].</li>
 * </ul>
 * The map p ↦ values(A(p) − A₀) is linear; the two pullbacks are its transpose applied to Ā's
 * values (exactly, for a Ā on the pattern; for a RankOne, to its samples on the pattern).
 *
 * <p>The matrix is owned by this object (it shares the map's pattern); the map and the base matrix
 * are not (A₀'s values are copied at construction). Close this, then the map.
 */
public final class ParametricMatrix implements AutoCloseable {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;

    private final PatternGroups groups;
    private final CscMatrix base;
    private final CscMatrix matrix;

    private ParametricMatrix(PatternGroups groups, CscMatrix base, CscMatrix matrix) {
        this.groups = groups;
        this.base = base;
        this.matrix = matrix;
    }

    /** A(p) = Σₑ pₑAₑ (A₀ = 0) on the map's pattern. */
    public static ParametricMatrix of(PatternGroups groups) {
        Objects.requireNonNull(groups, "groups");
        return new ParametricMatrix(groups, null, CscMatrix.withPattern(groups.pattern()));
    }

    /** A(p) = A₀ + Σₑ pₑAₑ; A₀ must have the map's pattern (same structure); its values are copied. */
    public static ParametricMatrix of(CscMatrix a0, PatternGroups groups) {
        Objects.requireNonNull(a0, "a0");
        Objects.requireNonNull(groups, "groups");
        if (!a0.pattern().sameStructure(groups.pattern())) {
            throw new IllegalArgumentException("ParametricMatrix: A0's pattern " + a0.pattern()
                    + " differs from the assembly map's " + groups.pattern());
        }
        CscMatrix base = CscMatrix.withPattern(groups.pattern());
        CscMatrix matrix = null;
        try {
            base.copyValuesFrom(a0);
            matrix = CscMatrix.withPattern(groups.pattern());
            return new ParametricMatrix(groups, base, matrix);
        } catch (RuntimeException | Error e) {
            base.close();
            if (matrix != null) matrix.close();
            throw e;
        }
    }

    /** Number of parameters (groups of the map). */
    public int parameters() {
        return groups.groups();
    }

    public CscPattern pattern() {
        return groups.pattern();
    }

    public PatternGroups groups() {
        return groups;
    }

    /** The matrix that {@link #forward} assembles into (owned by this object; same object every call). */
    public CscMatrix matrix() {
        return matrix;
    }

    /**
     * Assembles A(p) = A₀ + Σₑ pₑAₑ into {@link #matrix()}'s values and bumps its version. Every pₑ must
     * be finite (a NaN would poison the factorization): the first offending index is reported.
     * O(nnz + Σ nnz(Aₑ)); allocates nothing.
     */
    public CscMatrix forward(DenseVector p) {
        Objects.requireNonNull(p, "ParametricMatrix.forward: p is null");
        int g = groups.groups();
        Checks.vectorLength("ParametricMatrix.forward", "p", g, p.length());
        MemorySegment ps = p.segment();
        for (int e = 0; e < g; e++) {
            double pe = ps.getAtIndex(D, e);
            if (!Double.isFinite(pe)) {
                throw new IllegalArgumentException("ParametricMatrix.forward: p[" + e + "] = " + pe + " is not finite");
            }
        }
        MemorySegment vals = matrix.values();
        if (base == null) vals.fill((byte) 0);
        else MemorySegment.copy(base.values(), 0, vals, 0, (long) matrix.nnz() * Double.BYTES);
        MemorySegment gp = groups.groupPtr(), pos = groups.position(), cf = groups.coef();
        for (int e = 0; e < g; e++) {
            double pe = ps.getAtIndex(D, e);
            int end = gp.getAtIndex(I, e + 1);
            for (int t = gp.getAtIndex(I, e); t < end; t++) {
                long k = pos.getAtIndex(I, t);
                vals.setAtIndex(D, k, Math.fma(pe, cf.getAtIndex(D, t), vals.getAtIndex(D, k)));
            }
        }
        matrix.markModified();
        return matrix;
    }

    /**
     * p̄ₑ = ⟨Ā, Aₑ⟩ = s·uᵀAₑv for Ā = s·uvᵀ, all e in one O(Σ nnz(Aₑ)) pass, written into pbar. A zero
     * RankOne writes zeros without the pass. Allocates nothing.
     */
    public void pullback(RankOne abar, DenseVector pbar) {
        Objects.requireNonNull(abar, "ParametricMatrix.pullback: abar is null");
        Tangents.checkHolder("ParametricMatrix.pullback", "pbar", pbar, groups.groups());
        if (!Tangents.wanted(pbar)) return;
        abar.dotEach(groups, pbar);
    }

    /**
     * p̄ₑ = ⟨Ā, Aₑ⟩ = Σ over the entries t of group e of coefₜ·Ā[posₜ], for a cotangent Ā stored on
     * A's pattern (same structure; its values are the cotangents of A's stored values). O(Σ nnz(Aₑ)).
     */
    public void pullback(CscMatrix abar, DenseVector pbar) {
        Objects.requireNonNull(abar, "ParametricMatrix.pullback: abar is null");
        Tangents.checkHolder("ParametricMatrix.pullback", "pbar", pbar, groups.groups());
        if (!abar.pattern().sameStructure(groups.pattern())) {
            throw new IllegalArgumentException("ParametricMatrix.pullback: the cotangent's pattern " + abar.pattern()
                    + " differs from A's " + groups.pattern() + " (sample a RankOne on it with RankOne.sampleOn)");
        }
        if (!Tangents.wanted(pbar)) return;
        MemorySegment gp = groups.groupPtr(), pos = groups.position(), cf = groups.coef();
        MemorySegment av = abar.values(), ps = pbar.segment();
        int g = groups.groups();
        for (int e = 0; e < g; e++) {
            double s = 0;
            int end = gp.getAtIndex(I, e + 1);
            for (int t = gp.getAtIndex(I, e); t < end; t++) {
                s = Math.fma(cf.getAtIndex(D, t), av.getAtIndex(D, pos.getAtIndex(I, t)), s);
            }
            ps.setAtIndex(D, e, s);
        }
    }

    @Override
    public void close() {
        matrix.close();
        if (base != null) base.close();
    }
}

package dev.pullback.factor;

import java.util.Locale;

/**
 * The settings and the findings of a refining solve ({@link Factorization#solve(dev.pullback.storage.DenseVector,
 * dev.pullback.storage.DenseVector, SolveReport)}): the normwise backward error of the answer, the
 * refinement steps taken, the reciprocal condition estimate and a {@link Status}. The caller makes
 * one and passes it to every solve (each overwrites the findings), so a refining solve allocates nothing.
 *
 * <p>Backward error (Rigal and Gaches; Higham, Theorem 7.1): ω = ‖b − Ax‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞), the
 * smallest ε' such that (A + ΔA)x = b + Δb with ‖ΔA‖ ≤ ε'‖A‖ and ‖Δb‖ ≤ ε'‖b‖ (for Aᵀ with ‖Aᵀ‖∞ = ‖A‖₁).
 * A backward-stable solve keeps ω at a few ε; the forward error is then at most about ω/rcond.
 *
 * <p>Refinement (extra-precise, as LAPACK's dgerfsx): when the componentwise backward error
 * ω_c = max_i |b − Ax|_i / (|A||x| + |b|)_i (Oettli–Prager) of the first answer is above
 * {@link #tolerance()}, steps r = b − Ax, x ← x + A⁻¹r follow with the same factors, each residual
 * summed in twice the working precision and rounded once; at most {@link #maxSteps()} of them, a
 * step kept unless it raises ω_c above both its previous value and the tolerance, and more only
 * while ω_c was halved or the correction still exceeds ε‖x‖∞ and is at most half the previous one.
 * A residual in working precision can only bring x to a backward error of a few ε, whose forward
 * error is up to κ·ε; the accurate residual takes the forward error on down to the rounding of x,
 * as long as κ·ε is well below 1 (Demmel et al. 2006). ω_c ≥ ω, and on badly scaled systems
 * (saddle points) far above it: a rule on ω would stop at once. The report gives ω.
 * It repairs an unstable elimination (large pivot growth, a small pivot tolerance) as long as
 * rcond·(growth)·ε stays well below 1; it cannot make an ill-conditioned answer accurate.
 *
 * <p>The rule for "numerically singular" (status {@link Status#ILL_CONDITIONED},
 * {@link #illConditionedBelow(int, double)}): the estimated reciprocal condition number
 * 1/(‖A‖₁‖A⁻¹‖₁) is below ε·min(n, g), g = max(1, 1/rgrowth) the pivot growth of the factorization.
 * Why: the computed factors are those of A + ΔA with ‖ΔA‖ of order ε·g·‖A‖ (Higham, Theorem 9.3), so
 * an exactly singular A (a duplicated column, rank n−1) whose elimination leaves a rounding-error
 * pivot instead of an exact zero shows an rcond of order ε·g, and the condition of any matrix below
 * that level cannot be told from singular; there κ·ε·g exceeds 1 and x may have no correct digit
 * however small ω is. With g = 1 (partial pivoting, symmetric positive definite) this is LAPACK's
 * "singular to working precision", rcond &lt; ε (dgesvx's info = n+1); the threshold pivoting of the
 * sparse LUs (τ = 0.001) lets g reach 10²–10³ on such matrices and raises the bar with it; it is
 * capped at ε·n so that an exceptional growth that refinement repairs (Wilkinson's matrix, g = 2ⁿ⁻¹,
 * κ₁ = n) does not condemn a well-conditioned matrix. Measured: rank-deficient matrices of order 40
 * come out between 10⁻²⁰ and 3·10⁻¹⁵ (bar 8.9·10⁻¹⁵ under threshold pivoting, 2.2·10⁻¹⁶ and more
 * under partial pivoting), the Hilbert matrix of order 20 near 10⁻¹⁹ (order 8, rcond 3·10⁻¹¹: accepted).
 * The estimate is within a factor 3 of the truth in practice (see {@code dev.pullback.dense.OneNormEstimator}).
 */
public final class SolveReport {
    /** What the answer of a refining solve is worth. */
    public enum Status {
        /** ω ≤ tolerance and (when estimated) rcond is above the bar: the answer is as accurate as the condition allows. */
        ACCURATE,
        /** rcond &lt; ε·min(n, g): A is numerically singular (rank-deficient, or hopelessly ill-conditioned); x may be garbage. */
        ILL_CONDITIONED,
        /** ω stayed above the tolerance after refinement: x solves no nearby system to that accuracy. */
        INACCURATE
    }

    /** ε = 2⁻⁵², the machine epsilon of double; the least threshold of {@link Status#ILL_CONDITIONED}. */
    public static final double ILL_CONDITIONED_RCOND = 0x1p-52;

    /** The default target of refinement: ω ≤ 4ε ≈ 8.9·10⁻¹⁶ ("a few ε"). */
    public static final double DEFAULT_TOLERANCE = 4 * 0x1p-52;

    /** The default limit of refinement steps (UMFPACK's default is 2, LAPACK's dgerfs 5). */
    public static final int DEFAULT_MAX_STEPS = 3;

    private final double tolerance;
    private final int maxSteps;
    private final boolean estimateCondition;

    private double firstBackwardError = Double.NaN;
    private double backwardError = Double.NaN;
    private int steps;
    private double rcond = Double.NaN;
    private double rcondBar = Double.NaN;

    /** Refinement to {@link #DEFAULT_TOLERANCE} in at most {@link #DEFAULT_MAX_STEPS} steps, with the condition estimate. */
    public SolveReport() {
        this(DEFAULT_TOLERANCE, DEFAULT_MAX_STEPS, true);
    }

    /**
     * @param tolerance         refine while ω_c is above this (≥ 0); also the bound ω must meet for {@link Status#ACCURATE}
     * @param maxSteps          at most this many refinement steps (0: the backward error of the plain solve only)
     * @param estimateCondition whether to report rcond (about five solves, once per factorization:
     *                          the estimate is kept until the next refactor)
     */
    public SolveReport(double tolerance, int maxSteps, boolean estimateCondition) {
        if (!(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        if (maxSteps < 0) throw new IllegalArgumentException("maxSteps must be >= 0, got " + maxSteps);
        this.tolerance = tolerance;
        this.maxSteps = maxSteps;
        this.estimateCondition = estimateCondition;
    }

    /**
     * The rule for "numerically singular" (see the class comment): rcond below ε·min(n, g) with
     * g = max(1, 1/rgrowth) the pivot growth ({@code reciprocalPivotGrowth} as KLU reports it; NaN
     * counts as 1).
     */
    public static double illConditionedBelow(int n, double reciprocalPivotGrowth) {
        double growth = reciprocalPivotGrowth > 0 && reciprocalPivotGrowth < 1 ? 1 / reciprocalPivotGrowth : 1;
        return ILL_CONDITIONED_RCOND * Math.max(1, Math.min(n, growth));
    }

    /** No refinement and no condition estimate: the backward error of the plain solve, for one residual (a product with A). */
    public static SolveReport backwardErrorOnly() {
        return new SolveReport(DEFAULT_TOLERANCE, 0, false);
    }

    /** The refinement target and the bound of {@link Status#INACCURATE}. */
    public double tolerance() {
        return tolerance;
    }

    /** The largest number of refinement steps. */
    public int maxSteps() {
        return maxSteps;
    }

    /** Whether the solves estimate the condition (and may report {@link Status#ILL_CONDITIONED}). */
    public boolean estimatesCondition() {
        return estimateCondition;
    }

    /**
     * Records the findings of a solve; called by the factorizations (not by users of a report).
     *
     * @param first the backward error of the plain solve
     * @param last  the backward error of the answer
     * @param taken refinement steps taken (kept or not)
     * @param rc    the reciprocal condition estimate, NaN when not estimated
     * @param bar   the factorization's {@link #illConditionedBelow(int, double)}, NaN when not estimated
     */
    public void record(double first, double last, int taken, double rc, double bar) {
        firstBackwardError = first;
        backwardError = last;
        steps = taken;
        rcond = rc;
        rcondBar = bar;
    }

    /** The backward error ω of the plain solve, before refinement (NaN before the first solve). */
    public double firstBackwardError() {
        return firstBackwardError;
    }

    /** The backward error ω of the answer (NaN before the first solve; NaN also when x overflowed). */
    public double backwardError() {
        return backwardError;
    }

    /** Refinement steps taken by the last solve (a step that made ω worse is counted and undone). */
    public int steps() {
        return steps;
    }

    /** The reciprocal condition estimate 1/(‖A‖₁‖A⁻¹‖₁) of the factors used, or NaN when not estimated. */
    public double rcond() {
        return rcond;
    }

    /**
     * A first-order bound on the answer's relative forward error ‖x − x*‖/‖x‖ (x* the exact solution
     * of the system as given): max(κ·ω, ε/2) with κ = 1/rcond (Higham, Theorem 7.2), never below the
     * rounding of x itself. The residual behind ω is computed in twice the working precision, so ω
     * is the answer's true backward error. A bound, not an estimate: on badly scaled systems (saddle
     * points) the normwise κ lies orders of magnitude above what the componentwise condition lets the
     * error reach (docs/PERFORMANCE.md, 2026-12-07 'extra-precise refinement'); κ is
     * estimated in the 1-norm and ω measured in the ∞-norm, so read it to within a factor n. NaN
     * when the condition was not estimated or before the first solve.
     */
    public double forwardErrorBound() {
        if (Double.isNaN(rcond) || Double.isNaN(backwardError)) return Double.NaN;
        double bound = rcond > 0 ? backwardError / rcond : Double.POSITIVE_INFINITY;
        return Math.max(bound, 0x1p-53);
    }

    /** The bar rcond had to clear, ε·min(n, g) (see {@link #illConditionedBelow(int, double)}), or NaN when not estimated. */
    public double illConditionedBelow() {
        return rcondBar;
    }

    /** The status of the last solve's answer (see {@link Status}; rcond is checked first). */
    public Status status() {
        if (rcond < rcondBar) return Status.ILL_CONDITIONED;
        return backwardError <= tolerance ? Status.ACCURATE : Status.INACCURATE;
    }

    /** Whether the status is {@link Status#ACCURATE}. */
    public boolean isAccurate() {
        return status() == Status.ACCURATE;
    }

    /**
     * Throws unless the last answer is {@link Status#ACCURATE}.
     *
     * @throws InaccurateSolutionException carrying the status, the backward error and the estimate
     */
    public void requireAccurate() {
        Status s = status();
        if (s != Status.ACCURATE) throw new InaccurateSolutionException(describe(), s, backwardError, rcond);
    }

    /** One line: the status and the figures behind it. */
    public String describe() {
        String figures = String.format(Locale.ROOT, "backward error %.3e (first %.3e, %d refinement step%s), rcond %s",
                backwardError, firstBackwardError, steps, steps == 1 ? "" : "s",
                Double.isNaN(rcond) ? "not estimated" : String.format(Locale.ROOT, "%.3e", rcond));
        return switch (status()) {
            case ACCURATE -> "accurate: " + figures;
            case ILL_CONDITIONED -> String.format(Locale.ROOT, "numerically singular: rcond below %.3e"
                    + " (eps times min(n, pivot growth)), the solution may have no correct digit; %s", rcondBar, figures);
            case INACCURATE -> String.format(Locale.ROOT, "inaccurate: the backward error stayed above %.3e; %s",
                    tolerance, figures);
        };
    }

    @Override
    public String toString() {
        return "SolveReport[" + describe() + "]";
    }
}

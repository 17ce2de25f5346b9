/**
 * Reverse-mode derivatives (pullbacks) through linear solves, without a tape and without a dense
 * matrix anywhere.
 *
 * <p>For f = g(x) with A(p) x = b (Giles, "Collected matrix derivative results for forward and reverse mode AD", 2008):
 * <pre>
 *   λ     = A⁻ᵀ ∂g/∂x            one transposed solve with the forward factors   ({@link dev.pullback.ad.LinearSolve})
 *   ∂f/∂b = λ
 *   ∂f/∂A = −λ xᵀ               lazy, O(n) memory                                ({@link dev.pullback.ad.RankOne})
 *   ∂f/∂pₑ = −λᵀ Aₑ x           one O(Σ nnz(Aₑ)) pass over the assembly map      ({@link dev.pullback.ad.ParametricMatrix})
 * </pre>
 * For x* with F(x*, p) = 0, solved by Newton's method ({@link dev.pullback.ad.NewtonSolve}): λ = J(x*)⁻ᵀ ∂g/∂x
 * with J = ∂F/∂x factored at x*, and ∂f/∂p = −λᵀ ∂F/∂p (the implicit function theorem).
 *
 * <h2>Conventions shared by every node</h2>
 * <ul>
 *   <li>A node is an explicit object with {@code forward(...)} and {@code pullback(cotangent, holders)}.
 *       Forward computes the value and keeps what the pullback needs (in workspaces the node owns);
 *       the pullback writes input cotangents into vectors the caller provides (holders). Nodes are
 *       composed by calling them in order; {@link dev.pullback.ad.SolveChain} does it for the common
 *       chain θ → p → A(p) → x = A⁻¹b → f.</li>
 *   <li>Values a node returns by reference (the x of {@link dev.pullback.ad.LinearSolve#forward},
 *       the {@link dev.pullback.ad.RankOne} of its pullback) live in that node's workspaces: they
 *       are valid until the node's next forward or pullback. Copy them to keep them.</li>
 *   <li>ChainRules' two special cotangents, as identity-compared sentinels ({@link dev.pullback.ad.Tangents}):
 *       {@link dev.pullback.ad.Tangents#ZERO} passed as an incoming cotangent says "exactly zero", so
 *       the node does no arithmetic and reports zero downstream (a zero {@link dev.pullback.ad.RankOne},
 *       zero-filled holders); {@link dev.pullback.ad.Tangents#NONE} passed as a holder says "not
 *       wanted", so nothing is computed or written for that input.</li>
 *   <li>Steady state allocates nothing: from the second call with the same shapes on, a forward and
 *       a pullback allocate 0 bytes (workspaces are sized once; the factorizer refactors in place).</li>
 *   <li>Nodes are not thread-safe: one chain per thread.</li>
 * </ul>
 */
package dev.pullback.ad;

/**
 * The showcase: top88 topology optimisation (Andreassen et al. 2011) on the pullback API — the MBB
 * beam and a compliant inverter, SIMP, density filter, optimality-criteria update; the stiffness
 * matrix refactored in place every iteration, the sensitivities from the adjoint.
 * {@link dev.pullback.topopt.TopologyOptimizer} runs it; {@code pullback topopt} drives it.
 */
package dev.pullback.topopt;

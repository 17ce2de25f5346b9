/**
 * Generated test matrices, deterministic per size (and seed): 2D Poisson and convection–diffusion
 * ({@link dev.pullback.gallery.Grids}), arrow and cascade (reducible) matrices, and the top88 Q4
 * plane-stress stiffness ({@link dev.pullback.gallery.PlaneStressQ4}). The CLI writes them with
 * {@code pullback convert --gallery name:size}.
 */
package dev.pullback.gallery;

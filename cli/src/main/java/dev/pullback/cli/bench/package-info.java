/**
 * The harness behind {@code pullback bench}: the ops it can time (kernels, factorizations), the
 * inputs (files or the gallery), warm-up and timing, the bandwidth bound of a triad in the same run.
 */
package dev.pullback.cli.bench;

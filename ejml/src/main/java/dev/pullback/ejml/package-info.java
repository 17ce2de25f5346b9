/**
 * Interoperation with EJML (org.ejml:ejml-core, an optional dependency): {@link dev.pullback.ejml.Ejml}
 * converts EJML's {@code DMatrixSparseCSC} and {@code DMatrixRMaj} to Pullback's {@code CscMatrix},
 * {@code DenseMatrix} and {@code DenseVector} and back, copying or sharing memory as its table says.
 *
 * <p>Only this package imports {@code org.ejml}; the rest of Pullback runs without EJML on the class
 * path. It needs EJML's data types only, not its algorithms.
 */
package dev.pullback.ejml;

#!/usr/bin/env bash
# Writes the sparse LU benchmark matrices as Matrix Market files (needs bench/target/benchmarks.jar,
# built by bench/run) and runs the SuiteSparse driver on them, single-threaded.
#   bench/native/run.sh [REPEATS] [NAME...]
# UMFPACK calls the BLAS that libblas.so.3 resolves to (Debian's default is the reference BLAS);
# BLAS_DIR=/path/to/openblas-pthread puts another one first on the library path for this run only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(cd "$here/../.." && pwd)"
source "$top/bin/find-jdk"
JAVA_HOME="$(find_jdk)"
reps="${1:-11}"
shift || true
"$here/build.sh"
data="$here/target/data"
"$JAVA_HOME/bin/java" "@$top/jvm.config" -cp "${BENCH_JAR:-$top/bench/target/benchmarks.jar}" \
  dev.pullback.bench.sparse.WriteMatrixMarket "$data" "$@"
files=()
if [ "$#" -gt 0 ]; then for n in "$@"; do files+=("$data/$n.mtx"); done; else files=("$data"/*.mtx); fi
if [ -n "${BLAS_DIR:-}" ]; then export LD_LIBRARY_PATH="$BLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; fi
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$here/target/klu_compare" -r "$reps" "${files[@]}"

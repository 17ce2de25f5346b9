#!/usr/bin/env bash
# Runs the SuiteSparse / plain-C driver (klu_compare) on Matrix Market files, single-threaded.
#   bench/native/run.sh [-p PEER,...] [-g SPEC]... [REPEATS] [NAME...]
# NAMEs are the JMH sparse benchmark matrices (written by bench/target/benchmarks.jar, built by
# bench/run); each -g SPEC is a CLI gallery matrix (e.g. -g poisson:500x500), written by
# `bin/pullback convert --gallery SPEC` as target/data/SPEC.mtx with ':' turned into '_'. With
# neither, every benchmark matrix. -p picks the peers (klu-default, klu-amd-nobtf, klu-colamd,
# umfpack, cholmod, spmv; default all): `-p spmv` times the plain CSC loops for y = Ax and Aᵀx.
# UMFPACK calls the BLAS that libblas.so.3 resolves to (Debian's default is the reference BLAS);
# BLAS_DIR=/path/to/openblas-pthread puts another one first on the library path for this run only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(cd "$here/../.." && pwd)"
source "$top/bin/find-jdk"
JAVA_HOME="$(find_jdk)"
peers=()
specs=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    -p) peers=(-p "$2"); shift 2 ;;
    -g) specs+=("$2"); shift 2 ;;
    *) break ;;
  esac
done
reps="${1:-11}"
shift || true
"$here/build.sh"
data="$here/target/data"
mkdir -p "$data"
files=()
if [ "$#" -gt 0 ] || [ "${#specs[@]}" -eq 0 ]; then
  "$JAVA_HOME/bin/java" "@$top/jvm.config" -cp "${BENCH_JAR:-$top/bench/target/benchmarks.jar}" \
    dev.pullback.bench.sparse.WriteMatrixMarket "$data" "$@"
  if [ "$#" -gt 0 ]; then for n in "$@"; do files+=("$data/$n.mtx"); done; else files=("$data"/*.mtx); fi
fi
for s in "${specs[@]}"; do
  f="$data/${s//:/_}.mtx"
  [ -f "$f" ] || "$top/bin/pullback" convert --gallery "$s" "$f" >/dev/null
  files+=("$f")
done
if [ -n "${BLAS_DIR:-}" ]; then export LD_LIBRARY_PATH="$BLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; fi
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$here/target/klu_compare" -r "$reps" "${peers[@]}" "${files[@]}"

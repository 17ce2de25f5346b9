#!/usr/bin/env bash
# Builds the SuiteSparse comparison driver (comparison only; Pullback never links SuiteSparse).
# Needs libsuitesparse-dev and, before any timing, libopenblas-dev (Debian: apt-get install -y
# libopenblas-dev libsuitesparse-dev): without OpenBLAS, UMFPACK and CHOLMOD call the reference BLAS.
#   bench/native/build.sh            -> bench/native/target/klu_compare, bench/native/target/dense_lu
#   bench/native/run.sh [REPEATS]     -> writes the matrices and runs the driver on them
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
inc=/usr/include/suitesparse
if [ ! -f "$inc/klu.h" ]; then
  echo "build.sh: $inc/klu.h not found; install libsuitesparse-dev" >&2
  exit 1
fi
mkdir -p "$here/target"
gcc -O3 -march=native -std=c11 -Wall -Wextra -o "$here/target/klu_compare" "$here/klu_compare.c" \
  -I"$inc" -lklu -lumfpack -lcholmod -lamd -lcolamd -lbtf -lsuitesparseconfig -lm
echo "built $here/target/klu_compare"
gcc -O3 -march=native -std=c11 -Wall -Wextra -o "$here/target/dense_lu" "$here/dense_lu.c" -lopenblas
echo "built $here/target/dense_lu"

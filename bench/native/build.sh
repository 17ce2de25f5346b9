#!/usr/bin/env bash
# Builds the SuiteSparse comparison driver (comparison only; Pullback never links SuiteSparse).
# Needs libsuitesparse-dev (Debian: apt-get install -y libsuitesparse-dev).
#   bench/native/build.sh            -> bench/native/target/klu_compare
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
  -I"$inc" -lklu -lumfpack -lamd -lcolamd -lbtf -lsuitesparseconfig -lm
echo "built $here/target/klu_compare"

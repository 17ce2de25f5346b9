#!/usr/bin/env bash
# y = Ax and y = Aᵀx on gallery matrices, the plain C loops (klu_compare -p spmv, gcc -O3
# -march=native) and Pullback (bin/pullback bench --op spmv,spmv-t, one thread, heap vectors), file by
# file, one right after the other on the same Matrix Market file; prints one table row per matrix and
# op: the medians (ms) of wall time and of the timing thread's CPU time (less inflated on a busy
# machine), and C / Pullback for each (above 1: Pullback is faster).
#   bench/native/spmv-compare.sh [SPEC...]        default: the gallery families listed below
# PULLBACK=/path/to/bin/pullback times another build (e.g. an older commit) on the same files.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(cd "$here/../.." && pwd)"
pullback="${PULLBACK:-$top/bin/pullback}"
specs=("$@")
if [ "${#specs[@]}" -eq 0 ]; then
  specs=(poisson:500x500 poisson3d:60x60x60 q4:600x200 elasticity3d:20x20x20 circuit:100000 powerflow:60000
         kkt2d:200x140 stokes2d:200x200 stokes3d:24x24x24)
fi
"$here/build.sh" >/dev/null
data="$here/target/data"
mkdir -p "$data"
printf '%-24s %-7s %9s %9s %6s %9s %9s %6s\n' matrix op c_ms pb_ms c/pb c_cpu_ms pb_cpu_ms c/pb
for s in "${specs[@]}"; do
  f="$data/${s//:/_}.mtx"
  [ -f "$f" ] || "$top/bin/pullback" convert --gallery "$s" "$f" >/dev/null 2>&1
  native="$(OMP_NUM_THREADS=1 "$here/target/klu_compare" -r 301 -p spmv "$f" | awk '$2 == "plain-c" {print $3, $4}')"
  ours="$("$pullback" bench "$f" --op spmv,spmv-t --json 2>/dev/null \
    | python3 -c 'import json,sys
for line in sys.stdin:
    line = line.strip()
    if line.startswith("{"):
        o = json.loads(line); print(o["op"], o["median_ns"], o["cpu_median_ns"])')"
  for op in spmv spmv-t; do
    c="$(awk -v op="$op" '$1 == op {print $2}' <<<"$native")"
    cc="$(awk -v op="$op.cpu" '$1 == op {print $2}' <<<"$native")"
    p="$(awk -v op="$op" '$1 == op {print $2}' <<<"$ours")"
    pc="$(awk -v op="$op" '$1 == op {print $3}' <<<"$ours")"
    awk -v m="${s}" -v op="$op" -v c="$c" -v p="$p" -v cc="$cc" -v pc="$pc" \
      'BEGIN {printf "%-24s %-7s %9.3f %9.3f %6.2f %9.3f %9.3f %6.2f\n", m, op, c / 1e6, p / 1e6, c / p, cc / 1e6, pc / 1e6, cc / pc}'
  done
done

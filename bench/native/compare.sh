#!/usr/bin/env bash
# Pullback beside a SuiteSparse peer on the same Matrix Market files, op by op, in one table.
#   bench/native/compare.sh [-p PEER] [-s SOLVER] [-r ROUNDS] [-t SECONDS] [-n SAMPLES] FILE...
# For each file, ROUNDS times in turn: the native driver (klu_compare -c: CPU clock, one thread,
# 7 repetitions) and `pullback bench FILE --op factor,refactor,solve,solve-t --solver SOLVER --json`
# (which warms each op up until C2 runs it, at most SECONDS, and reports the thread's CPU-time
# median). Alternating the two in one window, and comparing CPU times, keeps the ratio honest on a
# machine whose load moves; each figure is the median over the rounds. Ops: factor = analysis +
# numeric factorization (the driver's an+fac), refactor, solve, solve-t (CHOLMOD: its solve for
# both, A being symmetric). ratio = peer / Pullback: above 1 Pullback is faster.
# Defaults: -p klu-default -s auto -r 3 -t 10 -n 21 (-n: Pullback's timed samples per op, and the
# driver's repetitions, at least 3). Peers: klu-default, klu-amd-nobtf, klu-colamd,
# umfpack, cholmod. Builds the driver and the CLI jar if needed; needs python3 for the table.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(cd "$here/../.." && pwd)"
peer=klu-default solver=auto rounds=3 secs=10 samples=21
while [ "$#" -gt 0 ]; do
  case "$1" in
    -p) peer="$2"; shift 2 ;;
    -s) solver="$2"; shift 2 ;;
    -r) rounds="$2"; shift 2 ;;
    -t) secs="$2"; shift 2 ;;
    -n) samples="$2"; shift 2 ;;
    -*) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ "$#" -gt 0 ] || { echo "usage: compare.sh [-p PEER] [-s SOLVER] [-r ROUNDS] [-t SECONDS] [-n SAMPLES] FILE..." >&2; exit 2; }
[ -x "$here/target/klu_compare" ] || "$here/build.sh" >&2
"$top/bin/pullback" --version >/dev/null
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for f in "$@"; do
  [ -f "$f" ] || { echo "compare.sh: $f: no such file" >&2; exit 2; }
  for r in $(seq 1 "$rounds"); do
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$here/target/klu_compare" -c -r "$(( samples < 7 ? (samples < 3 ? 3 : samples) : 7 ))" -p "$peer" "$f" \
      | awk -v f="$f" '$0 !~ /^#/ && $1 != "matrix" { print "N", f, $2, $3, $4 }' >>"$log"
    "$top/bin/pullback" bench "$f" --op factor,refactor,solve,solve-t --solver "$solver" --time "$secs" --samples "$samples" --json 2>/dev/null \
      | python3 -c 'import json,sys
for l in sys.stdin:
    j = json.loads(l); print("P", sys.argv[1], sys.argv[2], j["op"], j["cpu_median_ns"], j["c2_ready"], j["steady"])' "$f" "$solver" >>"$log"
  done
done
python3 - "$log" "$peer" "$solver" <<'PY'
import sys, statistics, collections
log, peer, solver = sys.argv[1:4]
nat = collections.defaultdict(list); ours = collections.defaultdict(list); flags = collections.defaultdict(list)
for line in open(log):
    t = line.split()
    if t[0] == "N":
        _, f, p, op, ns = t
        nat[(f, {"an+fac": "factor"}.get(op, op))].append(float(ns))
    else:
        _, f, s, op, ns, c2, steady = t
        ours[(f, op)].append(float(ns)); flags[(f, op)].append(c2 == "True" and steady == "True")
print(f"| matrix | op | Pullback {solver} (ms) | {peer} (ms) | {peer} / Pullback | compiled and steady |")
print("|---|---|---:|---:|---:|---|")
for (f, op), v in ours.items():
    name = f.rsplit("/", 1)[-1].removesuffix(".mtx")
    n = nat.get((f, op)) or (nat.get((f, "solve")) if op == "solve-t" and peer == "cholmod" else None)
    o = statistics.median(v) / 1e6
    if n:
        m = statistics.median(n) / 1e6
        print(f"| {name} | {op} | {o:.4g} | {m:.4g} | {m / o:.2f} | {sum(flags[(f, op)])}/{len(v)} |")
    else:
        print(f"| {name} | {op} | {o:.4g} | – | – | {sum(flags[(f, op)])}/{len(v)} |")
PY

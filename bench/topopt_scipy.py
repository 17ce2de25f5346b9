#!/usr/bin/env python3
"""top88 MBB beam in numpy/scipy: the reference for Pullback's `topopt` command.

The same algorithm as Andreassen et al. (2011), "Efficient topology optimization in MATLAB using
88 lines of code", with the density filter (ft = 2): Q4 plane-stress elements on a nelx x nely
grid of unit squares, SIMP E(x) = Emin + x^penal (E0 - Emin), compliance c = f'u with K(x) u = f,
dc/dx_e = -penal x_e^(penal-1) (E0 - Emin) u_e' KE u_e, the filter x~ = (H x) / Hs with
H_ij = max(0, rmin - dist(i, j)) and the chain rule dc = H (dc / Hs), and the optimality-criteria
update (move 0.2, bisection on the Lagrange multiplier until (l2 - l1) / (l1 + l2) <= 1e-3).
It stops when max |x_new - x| < tol or after max_iter iterations.

The linear solve is scipy.sparse.linalg.splu (SuperLU) on the free dofs; K is SPD, so by default
SuperLU runs in symmetric mode (minimum-degree ordering on A + A', diagonal pivots), its fastest
setting for this matrix; --permc COLAMD selects SuperLU's general defaults.
Assembly writes the CSC values directly (K.data = bincount of element contributions on the fixed
pattern), the fastest numpy formulation; --assembly coo uses top88's sparse(iK, jK, sK) instead.

Per iteration it prints the objective, volume, change and the time of each phase: assembly
(filter forward is part of the OC phase, as in top88), factor, solve, sensitivities (element
energies and the filter's chain rule) and OC (bisection including the filtered volume).

    python3 bench/topopt_scipy.py 180 60            # nelx nely
    python3 bench/topopt_scipy.py 600 200 --max-iter 10 --json
"""
import argparse
import json
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
import scipy.sparse.linalg as spla


def element_stiffness(nu):
    a11 = np.array([[12, 3, -6, -3], [3, 12, 3, 0], [-6, 3, 12, -3], [-3, 0, -3, 12]], float)
    a12 = np.array([[-6, -3, 0, 3], [-3, -6, -3, -6], [0, -3, -6, 3], [3, -6, 3, -6]], float)
    b11 = np.array([[-4, 3, -2, 9], [3, -4, -9, 4], [-2, -9, -4, -3], [9, 4, -3, -4]], float)
    b12 = np.array([[2, -3, 4, -9], [-3, 2, 9, -2], [4, 9, 2, 3], [-9, -2, 3, 2]], float)
    return 1 / (1 - nu ** 2) / 24 * (np.block([[a11, a12], [a12.T, a11]]) + nu * np.block([[b11, b12], [b12.T, b11]]))


def edof_matrix(nelx, nely):
    # top88: nodes numbered column by column from the top-left, element e = ely + elx*nely (0-based)
    nodenrs = np.arange((nelx + 1) * (nely + 1)).reshape(nelx + 1, nely + 1).T
    edofvec = (2 * nodenrs[:-1, :-1] + 2).T.ravel()
    offs = np.array([0, 1, 2 * nely + 2, 2 * nely + 3, 2 * nely, 2 * nely + 1, -2, -1])
    return edofvec[:, None] + offs[None, :]


def density_filter(nelx, nely, rmin):
    r = int(np.ceil(rmin)) - 1
    rows, cols, vals = [], [], []
    for i1 in range(nelx):
        for j1 in range(nely):
            e1 = i1 * nely + j1
            for i2 in range(max(i1 - r, 0), min(i1 + r, nelx - 1) + 1):
                for j2 in range(max(j1 - r, 0), min(j1 + r, nely - 1) + 1):
                    w = max(0.0, rmin - np.hypot(i1 - i2, j1 - j2))
                    rows.append(e1)
                    cols.append(i2 * nely + j2)
                    vals.append(w)
    h = sp.csr_matrix((vals, (rows, cols)), shape=(nelx * nely, nelx * nely))
    return h, np.asarray(h.sum(axis=1)).ravel()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("nelx", type=int, nargs="?", default=180)
    ap.add_argument("nely", type=int, nargs="?", default=60)
    ap.add_argument("--volfrac", type=float, default=0.5)
    ap.add_argument("--penal", type=float, default=3.0)
    ap.add_argument("--rmin", type=float, default=1.5)
    ap.add_argument("--max-iter", type=int, default=1000)
    ap.add_argument("--tol", type=float, default=0.01)
    ap.add_argument("--permc", default="symmetric", help="symmetric (MMD on A+A', diagonal pivots) or a SuperLU permc_spec")
    ap.add_argument("--assembly", choices=["csc", "coo"], default="csc")
    ap.add_argument("--json", action="store_true", help="one JSON object per iteration")
    ap.add_argument("--quiet", action="store_true", help="print only the summary")
    a = ap.parse_args()
    nelx, nely, volfrac, penal, rmin = a.nelx, a.nely, a.volfrac, a.penal, a.rmin
    emin, e0, nu = 1e-9, 1.0, 0.3
    nel = nelx * nely
    ndof = 2 * (nelx + 1) * (nely + 1)

    ke = element_stiffness(nu)
    edof = edof_matrix(nelx, nely)
    ik = np.repeat(edof, 8, axis=1).ravel()  # row of entry (e, r, c) = edof[e, r]
    jk = np.tile(edof, (1, 8)).ravel()        # column = edof[e, c]
    fixed = np.union1d(np.arange(0, 2 * (nely + 1), 2), [ndof - 1])
    free = np.setdiff1d(np.arange(ndof), fixed)
    f = np.zeros(ndof)
    f[1] = -1.0  # unit load downwards at the top-left node (top88's F(2) = -1)

    # The fixed CSC pattern of K on the free dofs and, for every element entry, its position in it.
    full_to_free = -np.ones(ndof, dtype=np.int64)
    full_to_free[free] = np.arange(free.size)
    keep = (full_to_free[ik] >= 0) & (full_to_free[jk] >= 0)
    ri, ci = full_to_free[ik[keep]], full_to_free[jk[keep]]
    elem_of_entry = np.repeat(np.arange(nel), 64)[keep]
    coef = np.tile(ke.ravel(), nel)[keep]
    pat = sp.csc_matrix((np.ones(ri.size), (ri, ci)), shape=(free.size, free.size))
    pat.sum_duplicates()
    pat.sort_indices()
    # position of each entry in the pattern: CSC order is (column, row) ascending, so a sorted key
    key = ci * free.size + ri
    indptr, indices = pat.indptr, pat.indices
    pat_key = np.repeat(np.arange(free.size), np.diff(indptr)) * free.size + indices
    pos = np.searchsorted(pat_key, key)
    nnz = indices.size

    h, hs = density_filter(nelx, nely, rmin)
    x = np.full(nel, volfrac)
    xphys = x.copy()
    u = np.zeros(ndof)
    if a.permc == "symmetric":
        lu_opts = dict(permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0.0, options=dict(SymmetricMode=True))
    else:
        lu_opts = dict(permc_spec=a.permc)

    print(f"# scipy {scipy.__version__} numpy {np.__version__}: top88 MBB {nelx}x{nely}, {free.size} free dofs, "
          f"nnz(K) {nnz}, splu {a.permc}, assembly {a.assembly}", file=sys.stderr)
    phases = {"assembly": [], "factor": [], "solve": [], "sensitivity": [], "oc": []}
    cpu = {name: [] for name in phases}  # process CPU time (all threads): robust on a shared, loaded machine
    loop, change = 0, 1.0
    t_start = time.perf_counter()
    while change > a.tol and loop < a.max_iter:
        loop += 1
        t0, c0 = time.perf_counter(), time.process_time()
        modulus = emin + xphys ** penal * (e0 - emin)
        if a.assembly == "csc":
            k = sp.csc_matrix((np.bincount(pos, weights=coef * modulus[elem_of_entry], minlength=nnz), indices, indptr),
                              shape=(free.size, free.size))
        else:
            sk = (ke.ravel()[None, :] * modulus[:, None]).ravel()
            kfull = sp.coo_matrix((sk, (ik, jk)), shape=(ndof, ndof)).tocsc()
            k = kfull[free, :][:, free]
        t1, c1 = time.perf_counter(), time.process_time()
        lu = spla.splu(k, **lu_opts)
        t2, c2 = time.perf_counter(), time.process_time()
        u[free] = lu.solve(f[free])
        t3, c3 = time.perf_counter(), time.process_time()
        ue = u[edof]
        ce = np.einsum("ij,jk,ik->i", ue, ke, ue)
        c = float(np.dot(modulus, ce))
        dc = -penal * (e0 - emin) * xphys ** (penal - 1) * ce
        dc = h @ (dc / hs)
        dv = h @ (np.ones(nel) / hs)
        t4, c4 = time.perf_counter(), time.process_time()
        l1, l2, move = 0.0, 1e9, 0.2
        while (l2 - l1) / (l1 + l2) > 1e-3:
            lmid = 0.5 * (l2 + l1)
            xnew = np.maximum(0.0, np.maximum(x - move, np.minimum(1.0, np.minimum(x + move, x * np.sqrt(-dc / dv / lmid)))))
            xphys = (h @ xnew) / hs
            if xphys.sum() > volfrac * nel:
                l1 = lmid
            else:
                l2 = lmid
        change = float(np.max(np.abs(xnew - x)))
        x = xnew
        t5, c5 = time.perf_counter(), time.process_time()
        times = dict(assembly=t1 - t0, factor=t2 - t1, solve=t3 - t2, sensitivity=t4 - t3, oc=t5 - t4)
        cpus = dict(assembly=c1 - c0, factor=c2 - c1, solve=c3 - c2, sensitivity=c4 - c3, oc=c5 - c4)
        for name, t in times.items():
            phases[name].append(t)
            cpu[name].append(cpus[name])
        if a.json:
            print(json.dumps(dict(iteration=loop, objective=c, volume=float(xphys.mean()), change=change,
                                  **{name + "_ms": 1e3 * t for name, t in times.items()},
                                  **{name + "_cpu_ms": 1e3 * t for name, t in cpus.items()})))
        elif not a.quiet:
            print(f"it {loop:4d}  obj {c:11.4f}  vol {xphys.mean():6.3f}  ch {change:6.3f}  "
                  + "  ".join(f"{name} {1e3 * t:7.2f} ms" for name, t in times.items()))
    total = time.perf_counter() - t_start
    # steady state: from iteration 11 on (as the Java command reports), or the last one of a short run
    first = 10 if loop > 10 else max(0, loop - 1)
    med = {name: 1e3 * float(np.median(ts[first:])) for name, ts in phases.items() if ts}
    med_cpu = {name: 1e3 * float(np.median(ts[first:])) for name, ts in cpu.items() if ts}
    per_it = [sum(phases[name][i] for name in phases) for i in range(first, loop)]
    per_it_cpu = [sum(cpu[name][i] for name in cpu) for i in range(first, loop)]
    summary = dict(nelx=nelx, nely=nely, iterations=loop, final_objective=c, total_s=total,
                   steady_from_iteration=first + 1, median_iteration_ms=1e3 * float(np.median(per_it)),
                   median_iteration_cpu_ms=1e3 * float(np.median(per_it_cpu)),
                   **{"median_" + n + "_ms": v for n, v in med.items()},
                   **{"median_" + n + "_cpu_ms": v for n, v in med_cpu.items()})
    if a.json:
        print(json.dumps(summary))
    else:
        print(f"# {loop} iterations, final objective {c:.4f}, total {total:.2f} s; from iteration {first + 1} on: median "
              f"iteration {summary['median_iteration_ms']:.2f} ms: " + ", ".join(f"{n} {v:.2f} ms" for n, v in med.items()))
        print(f"# median CPU time (process, all threads): iteration {summary['median_iteration_cpu_ms']:.2f} ms: "
              + ", ".join(f"{n} {v:.2f} ms" for n, v in med_cpu.items()))


if __name__ == "__main__":
    main()

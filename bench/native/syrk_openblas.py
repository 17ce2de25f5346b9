# OpenBLAS dsyrk (scipy) on the fronts' F22 sizes of 3D meshes, thread CPU medians of 5: beside bench/ab/SyrkCpuTime.java.
# OPENBLAS_NUM_THREADS=1 python3 bench/native/syrk_openblas.py
import numpy as np, time, sys
from scipy.linalg import blas
rng=np.random.default_rng(1)
for (n,k) in [(500,200),(1000,300),(1500,500),(2000,800),(3000,1000)]:
    a=np.asfortranarray(rng.standard_normal((n,k)))
    c=np.asfortranarray(np.eye(n))
    ts=[]
    for r in range(5):
        t=time.thread_time(); blas.dsyrk(-1.0,a,beta=1.0,c=c,trans=0,lower=1,overwrite_c=1); ts.append(time.thread_time()-t)
    ts.sort(); t=ts[2]
    print(f"openblas dsyrk n={n} k={k} {t*1e3:.2f} ms {n*n*k/t/1e9:.1f} GFlop/s")

#!/usr/bin/env python3
"""Time the notebook's GBM code in numpy and Strata's simulate_gbm in the same sitting; print the ratios.

Usage: /usr/bin/python3 bench/sim_vs_numpy.py build/<dir>/bench/sim_bench [repetitions]

numpy side: the notebook's two lines (standard_normal from default_rng, then the exp/cumsum transform), on
Debian's python3-numpy, one thread (numpy's generator and ufuncs are single-threaded; BLAS is not involved,
so OPENBLAS_CORETYPE has no effect here). Strata side: sim_bench's BM_GbmPaths (a new
matrix per run, page faults included, like numpy's fresh arrays) and BM_GbmPathsPreallocated (the same
simulation into one matrix reused), at 1 and 2 threads.
Both report the minimum over the repetitions.
"""
import json
import os
import subprocess
import sys
import time

import numpy as np

N_PATHS, N_STEPS = 100_000, 252
MU, SIGMA = 0.08, 0.20


def numpy_gbm_ms(reps):
    rng = np.random.default_rng(seed=42)
    dt = 1 / N_STEPS
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        W = rng.standard_normal((N_PATHS, N_STEPS))
        paths = 100.0 * np.exp(np.cumsum((MU - 0.5 * SIGMA**2) * dt + SIGMA * np.sqrt(dt) * W, axis=1))
        times.append((time.perf_counter() - t0) * 1000)
        del W, paths
    return min(times)


def strata_ms(binary, reps):
    out = subprocess.run(
        [binary, "--benchmark_filter=BM_GbmPaths.*/paths:100000", f"--benchmark_repetitions={reps}",
         "--benchmark_format=json"], check=True, capture_output=True, text=True).stdout
    best = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("run_type") != "iteration":
            continue
        threads = int(b["name"].split("threads:")[1].split("/")[0])
        key = ("prealloc" if "Preallocated" in b["name"] else "alloc", threads)
        ms = b["real_time"] if b["time_unit"] == "ms" else b["real_time"] / 1e6
        best[key] = min(best.get(key, float("inf")), ms)
    return best


def main():
    binary = sys.argv[1]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    np_ms = numpy_gbm_ms(reps)
    st = strata_ms(binary, reps)
    print(f"GBM {N_PATHS:,} paths x {N_STEPS} steps, minimum of {reps} runs "
          f"(numpy {np.__version__}, OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')})")
    print(f"  numpy (notebook code)  : {np_ms:8.1f} ms")
    for key, what in [("alloc", "new matrix each run (as numpy)"), ("prealloc", "into a preallocated matrix")]:
        one, two = st[(key, 1)], st[(key, 2)]
        print(f"  strata, {what}:")
        print(f"    1 thread             : {one:8.1f} ms   {np_ms / one:5.1f}x faster than numpy")
        print(f"    2 threads            : {two:8.1f} ms   {np_ms / two:5.1f}x faster than numpy, "
              f"{one / two:.2f}x over 1 thread")


if __name__ == "__main__":
    main()

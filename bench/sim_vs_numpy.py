#!/usr/bin/env python3
"""Time the notebook's GBM code in numpy and Strata's simulate_gbm in the same sitting; print the ratios.

Usage: /usr/bin/python3 bench/sim_vs_numpy.py build/<dir>/bench/sim_bench [rounds] [other_sim_bench ...]

numpy side: the notebook's two lines (standard_normal from default_rng, then the exp/cumsum transform), on
Debian's python3-numpy, one thread (numpy's generator and ufuncs are single-threaded; BLAS is not involved,
so OPENBLAS_CORETYPE has no effect here). Every run allocates its arrays afresh, as the notebook does (W, the
temporaries of the expression and the result: page faults included).
"numpy, preallocated" is the same arithmetic into one array reused with out= (standard_normal(out=W), then
multiply, add, cumsum, exp and multiply in place): what numpy does without page faults.
Strata side: sim_bench's BM_GbmPaths (a new matrix per run, page faults included, like the notebook's fresh
arrays) and BM_GbmPathsPreallocated (the same simulation into one matrix reused, like numpy's out= variant),
at 1 and 2 threads. Further sim_bench binaries (e.g. an older build) are timed in the same rounds.

The machine is shared (other builds run on its 2 cores), so the runs are interleaved: each round times numpy
once and every Strata case once, and the ratios are taken within a round. Printed: the median over the
rounds of each time and of each ratio (wall clock), and the minimum times; CPU times beside them (one thread
only: Google Benchmark's CPU time is the calling thread's).
"""
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

N_PATHS, N_STEPS = 100_000, 252
MU, SIGMA = 0.08, 0.20


def numpy_fresh(rng):
    dt = 1 / N_STEPS
    t0, c0 = time.perf_counter(), time.process_time()
    W = rng.standard_normal((N_PATHS, N_STEPS))
    paths = 100.0 * np.exp(np.cumsum((MU - 0.5 * SIGMA**2) * dt + SIGMA * np.sqrt(dt) * W, axis=1))
    wall, cpu = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
    del W, paths
    return wall, cpu


def numpy_prealloc(rng, W):
    dt = 1 / N_STEPS
    t0, c0 = time.perf_counter(), time.process_time()
    rng.standard_normal(out=W)
    np.multiply(W, SIGMA * np.sqrt(dt), out=W)
    np.add(W, (MU - 0.5 * SIGMA**2) * dt, out=W)
    np.cumsum(W, axis=1, out=W)
    np.exp(W, out=W)
    np.multiply(W, 100.0, out=W)
    return (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000


def strata_once(binary):
    out = subprocess.run(
        [binary, "--benchmark_filter=BM_GbmPaths.*/paths:100000", "--benchmark_repetitions=1",
         "--benchmark_min_time=0", "--benchmark_format=json"], check=True, capture_output=True, text=True).stdout
    result = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("run_type") != "iteration":
            continue
        threads = int(b["name"].split("threads:")[1].split("/")[0])
        key = ("prealloc" if "Preallocated" in b["name"] else "alloc", threads)
        scale = 1.0 if b["time_unit"] == "ms" else 1e-6
        result[key] = (b["real_time"] * scale, b["cpu_time"] * scale)
    return result


def main():
    binaries = [sys.argv[1]] + sys.argv[3:]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    rng = np.random.default_rng(seed=42)
    W = np.empty((N_PATHS, N_STEPS))
    numpy_prealloc(rng, W)  # first touch of W outside the timings
    np_runs = {"fresh": [], "prealloc": []}
    st_runs = [[] for _ in binaries]
    load = []
    for _ in range(rounds):
        load.append(os.getloadavg()[0])
        np_runs["fresh"].append(numpy_fresh(rng))
        np_runs["prealloc"].append(numpy_prealloc(rng, W))
        for i, binary in enumerate(binaries):
            st_runs[i].append(strata_once(binary))

    def med(values):
        return statistics.median(values)

    print(f"GBM {N_PATHS:,} paths x {N_STEPS} steps, {rounds} interleaved rounds, median (min) wall ms, "
          f"median CPU ms (numpy {np.__version__}); 1-minute load average {min(load):.1f}..{max(load):.1f}")
    for name, runs in [("numpy, notebook code (fresh arrays)", np_runs["fresh"]),
                       ("numpy, preallocated (out=)", np_runs["prealloc"])]:
        print(f"  {name:38}: {med([w for w, _ in runs]):7.1f} ({min(w for w, _ in runs):6.1f})   "
              f"cpu {med([c for _, c in runs]):7.1f}")
    for binary, runs in zip(binaries, st_runs):
        print(f"  {binary}:")
        for key, what, ref in [(("alloc", 1), "new matrix, 1 thread", "fresh"),
                               (("alloc", 2), "new matrix, 2 threads", "fresh"),
                               (("prealloc", 1), "preallocated, 1 thread", "prealloc"),
                               (("prealloc", 2), "preallocated, 2 threads", "prealloc")]:
            walls = [r[key][0] for r in runs]
            cpus = [r[key][1] for r in runs]
            ratios = [n[0] / r[key][0] for n, r in zip(np_runs[ref], runs)]
            cpu_ratios = [n[1] / r[key][1] for n, r in zip(np_runs[ref], runs)]
            # Google Benchmark's CPU time is the calling thread's: meaningful for 1 thread only.
            cpu = f"cpu {med(cpus):7.1f}" if key[1] == 1 else " " * 11
            cpu_ratio = f", {med(cpu_ratios):4.1f}x (cpu)" if key[1] == 1 else ""
            print(f"    {what:36}: {med(walls):7.1f} ({min(walls):6.1f})   {cpu}   "
                  f"{med(ratios):4.1f}x numpy {ref} (wall, median of rounds){cpu_ratio}")


if __name__ == "__main__":
    main()

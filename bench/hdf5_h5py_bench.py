"""h5py's side of bench/hdf5_bench.cpp: the same steps on the same bytes, timed the same way.

hdf5_bench starts this script once and sends it one command per line on stdin; each reply is one line
with the step's time in milliseconds (time.perf_counter around the step alone), so h5py's runs interleave
with Strata's and the raw C code's in the same sitting. Run with Debian's /usr/bin/python3 (python3-h5py
3.7, numpy 1.24).

  load DATA.bin PATHS STEPS      PATHS x STEPS little-endian float64 written by hdf5_bench -> "ok"
  write FILE auto|R,C            the notebook's cell (chunks=True for auto, else chunks=(R, C))
  read_full FILE                 f["simulation/paths"][...]
  read_partial FILE              f["simulation/paths"][:10, :]
  read_attrs FILE                the four statistics attributes
  quit
"""
import sys
import time

import h5py
import numpy as np

state = {}


def load(path, n_paths, n_steps):
    paths = np.fromfile(path, dtype="<f8").reshape(int(n_paths), int(n_steps))
    final = paths[:, -1]
    state.update(paths=paths, final=final, mean=float(final.mean()), std=float(final.std()),
                 var_95=float(np.percentile(final, 5)), var_99=float(np.percentile(final, 1)))


def write(target, chunks):
    paths, final = state["paths"], state["final"]
    chunks = True if chunks == "auto" else tuple(int(x) for x in chunks.split(","))
    n_paths, n_steps = paths.shape
    with h5py.File(target, "w") as f:
        f.attrs["description"] = "Monte Carlo GBM simulation"
        sim = f.create_group("simulation")
        ds = sim.create_dataset("paths", data=paths, compression="gzip", compression_opts=4, chunks=chunks)
        ds.attrs["shape"] = f"{n_paths} paths × {n_steps} steps"
        stats = f.create_group("statistics")
        stats.create_dataset("final_prices", data=final)
        stats.attrs["mean_final"] = state["mean"]
        stats.attrs["std_final"] = state["std"]
        stats.attrs["var_95"] = state["var_95"]
        stats.attrs["var_99"] = state["var_99"]


def read_full(target):
    with h5py.File(target, "r") as f:
        return f["simulation/paths"][...]


def read_partial(target):
    with h5py.File(target, "r") as f:
        return f["simulation/paths"][:10, :]


def read_attrs(target):
    with h5py.File(target, "r") as f:
        s = f["statistics"]
        return (s.attrs["mean_final"], s.attrs["std_final"], s.attrs["var_95"], s.attrs["var_99"])


STEPS = {"write": write, "read_full": read_full, "read_partial": read_partial, "read_attrs": read_attrs}


def main():
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        if words[0] == "load":
            load(*words[1:])
            print("ok", flush=True)
            continue
        t0 = time.perf_counter()
        STEPS[words[0]](*words[1:])
        print("%.6f" % ((time.perf_counter() - t0) * 1000), flush=True)


if __name__ == "__main__":
    main()

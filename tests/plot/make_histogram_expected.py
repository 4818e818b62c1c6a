#!/usr/bin/env python3
"""Print numpy.histogram's figures for the sample histogram_test.cpp builds.

Run with Debian's numpy: /usr/bin/python3 tests/plot/make_histogram_expected.py
The sample is the 1001 exact doubles of a 64-bit LCG (the same recurrence as the test's lcg_sample).
"""
import numpy as np


def lcg_sample(n, seed, lo, width):
    state = seed
    out = []
    for _ in range(n):
        state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
        out.append(lo + (state >> 11) * 2.0**-53 * width)
    return np.array(out, dtype=np.float64)


x = lcg_sample(1001, 3, 60.0, 90.0)
counts, edges = np.histogram(x, bins=40)
dens, _ = np.histogram(x, bins=40, density=True)
print("counts:", ", ".join(str(c) for c in counts))
print("edges[0], edges[17], edges[40]:", ", ".join(float(edges[i]).hex() for i in (0, 17, 40)))
print("density[0], density[17], density[39]:", ", ".join(float(dens[i]).hex() for i in (0, 17, 39)))

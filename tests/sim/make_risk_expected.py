#!/usr/bin/env python3
"""Print numpy's figures for the samples risk_test.cpp builds, as C++ hex-float literals.

Run with Debian's numpy: /usr/bin/python3 tests/sim/make_risk_expected.py
The samples are exact doubles from a 64-bit LCG (the same recurrence as risk_test.cpp's lcg_sample), so
both sides see identical input bits.
"""
import numpy as np


def lcg_sample(n, seed, lo, width):
    state = seed
    out = []
    for _ in range(n):
        state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
        out.append(lo + (state >> 11) * 2.0**-53 * width)
    return np.array(out, dtype=np.float64)


def hexlit(x):
    return float(x).hex()


for name, n, seed in [("small", 7, 1), ("block", 128, 2), ("odd", 1001, 3), ("large", 100_000, 4)]:
    x = lcg_sample(n, seed, 60.0, 90.0)
    es95 = x[x <= np.percentile(x, 5)].mean()
    es99 = x[x <= np.percentile(x, 1)].mean()
    vals = [x.sum(), x.mean(), x.std(), x.std(ddof=1), np.percentile(x, 5), np.percentile(x, 1),
            np.percentile(x, 50), np.percentile(x, 95), np.percentile(x, 99), np.percentile(x, 37.5), es95, es99]
    print(f'  {{"{name}", {n}, {seed}, {{{", ".join(hexlit(v) for v in vals)}}}}},')

t = np.linspace(0, 1, 252)
print("  // linspace(0, 1, 252)[1, 100, 250]:", ", ".join(hexlit(t[i]) for i in (1, 100, 250)))

#!/usr/bin/env python3
"""Print the polynomial coefficients of src/sim/fast_math_internal.h (Chebyshev-economised Taylor series).

Usage: python3 src/sim/make_poly_coeffs.py

Each kernel's series is taken to 30 terms in exact rational arithmetic, rewritten in the Chebyshev basis on the
interval its argument covers, cut to N terms and turned back into powers; the coefficients are then rounded to
the nearest double. Cutting a Chebyshev series costs at most the sum of the dropped coefficients, far less than
cutting the Taylor series at the same degree, so each kernel needs 1 to 3 fewer multiply-adds than before for
the same accuracy. The script prints that bound (relative to the function's smallest value on the interval)
next to each array; the header's comments quote it.
"""
from fractions import Fraction as F
from math import comb, factorial

TAYLOR_TERMS = 30


def taylor(kind):
    n = range(TAYLOR_TERMS)
    return {"exp": [F(1, factorial(k)) for k in n],
            "atanh": [F(1, 2 * k + 1) for k in n],               # atanh(f) / f in s = f^2
            "sin": [F((-1) ** k, factorial(2 * k + 1)) for k in n],  # sin(t) / t in v = t^2
            "cos": [F((-1) ** k, factorial(2 * k)) for k in n]}[kind]


def economise(a, lo, hi, terms):
    c, h = (lo + hi) / 2, (hi - lo) / 2
    # p(c + h y) in powers of y, y in [-1, 1].
    b = [F(0)] * len(a)
    for n, an in enumerate(a):
        for k in range(n + 1):
            b[k] += an * comb(n, k) * c ** (n - k) * h ** k
    # Powers of y to Chebyshev polynomials: y^n = 2^(1-n) sum_k C(n, k) T_{n-2k} (T_0 halved).
    t = [F(0)] * len(b)
    for n, bn in enumerate(b):
        for k in range(n // 2 + 1):
            coef = F(1) if n == 0 else F(comb(n, k), 2 ** (n - 1)) / (2 if n == 2 * k else 1)
            t[n - 2 * k] += bn * coef
    bound = sum(abs(x) for x in t[terms:])
    # Back to powers of y (T_{n+1} = 2 y T_n - T_{n-1}), then of x = c + h y.
    cheb = [[F(1)], [F(0), F(1)]]
    while len(cheb) < terms:
        nxt = [F(0)] + [2 * x for x in cheb[-1]]
        for i, x in enumerate(cheb[-2]):
            nxt[i] -= x
        cheb.append(nxt)
    q = [F(0)] * terms
    for n in range(terms):
        for i, x in enumerate(cheb[n]):
            q[i] += t[n] * x
    p = [F(0)] * terms
    for n, qn in enumerate(q):
        for k in range(n + 1):
            p[k] += qn * comb(n, k) * (-c) ** (n - k) / h ** n
    return p, bound


# name, series, argument interval, terms kept, smallest |function| on the interval (for the relative bound)
KERNELS = [
    ("kExpCoeff", "exp", F(-35, 100), F(35, 100), 12, 0.70),      # r, |r| <= ln2/2 = 0.3466
    ("kAtanhCoeff", "atanh", F(0), F(295, 10000), 8, 1.0),      # s = f^2 <= 0.02944
    ("kSinCoeff", "sin", F(0), F(6169, 10000), 7, 0.90),        # v = t^2 <= (pi/4)^2 = 0.61685
    ("kCosCoeff", "cos", F(0), F(6169, 10000), 8, 0.70),
]

if __name__ == "__main__":
    for name, kind, lo, hi, terms, fmin in KERNELS:
        p, bound = economise(taylor(kind), lo, hi, terms)
        print(f"// {kind} on [{float(lo)}, {float(hi)}], {terms} terms: economisation error below {float(bound) / fmin:.1e}")
        print(f"inline constexpr std::array<double, {terms}> {name} = {{")
        print("    " + ", ".join(float(x).hex() for x in p) + "};")

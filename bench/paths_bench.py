"""How much 200 alphas cost against one, for the two path functions, at Longley size.

    python bench/paths_bench.py [--repeat 2000]

Both paths compute one decomposition and its rank cut-off and are vectorized over
the alphas; the target is 200 alphas <= 3x one alpha. No assertion: the numbers are
printed next to the target.
"""

from __future__ import annotations

import argparse
import platform
import timeit

import numpy as np

import ridgedoc as rd

TARGET = 3.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    data = rd.load_longley()
    X, _, _ = rd.standardize(data.X)
    y = data.y - data.y.mean()
    H = 2 * X.T @ X  # the Hessian of (7.14)
    w_star = rd.least_squares(X, y)
    one, many = np.array([1.0]), np.logspace(-4, 3, 200)
    cases = {
        "ridge_path (16 x 6)": lambda a: rd.ridge_path(X, y, a),
        "regularization_path (6 x 6)": lambda a: rd.regularization_path(H, w_star, a),
        "loo_errors (16 x 6)": lambda a: rd.loo_errors(X, y, a),
        "ridge_effective_parameters": lambda a: rd.ridge_effective_parameters(X, a),
    }
    print(f"python {platform.python_version()}, numpy {np.__version__}; best of 5 x {args.repeat} calls")
    print(f"{'function':32} {'1 alpha (us)':>13} {'200 alphas (us)':>16} {'ratio':>6}  target <= {TARGET:g}x")
    for name, fn in cases.items():
        t1 = min(timeit.repeat(lambda fn=fn: fn(one), number=args.repeat, repeat=5)) / args.repeat * 1e6
        t200 = min(timeit.repeat(lambda fn=fn: fn(many), number=args.repeat, repeat=5)) / args.repeat * 1e6
        ratio = t200 / t1
        print(f"{name:32} {t1:13.1f} {t200:16.1f} {ratio:5.2f}x  {'ok' if ratio <= TARGET else 'MISSED'}")


if __name__ == "__main__":
    main()

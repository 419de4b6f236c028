"""Input checks that turn bad input into a ValueError saying what came and what was expected."""
import numbers

import numpy as np


def check_sizes(sizes):
    """sizes = [n_0, n_1, ..., n_L]: at least two layers, each a positive whole number."""
    try:
        sizes = list(sizes)
    except TypeError:
        raise ValueError(f"sizes must be a list of layer sizes like [2, 3, 1]; got {sizes!r}") from None
    if len(sizes) < 2:
        raise ValueError(
            f"a network needs at least two layers (inputs and outputs); got sizes={sizes!r}"
        )
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n <= 0:
            raise ValueError(
                f"layer sizes must be positive integers; sizes[{i}] is {n!r} in sizes={sizes!r}"
            )
    return [int(n) for n in sizes]


def check_matrix(name, M, n_rows, m=None):
    """M must be a finite 2-D float array (n_rows, m) whose columns are examples."""
    try:
        A = np.asarray(M, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of numbers; got {type(M).__name__}") from None
    expected = f"({n_rows}, {'m' if m is None else m})"
    if A.ndim != 2:
        hint = f" For a single example use {name}.reshape(-1, 1)." if A.ndim == 1 else ""
        raise ValueError(
            f"{name} must be a 2-D array of shape {expected} with one example per column; "
            f"got shape {A.shape}.{hint}"
        )
    if A.shape[0] != n_rows or (m is not None and A.shape[1] != m):
        hint = ""
        if A.shape[1] == n_rows and A.shape[0] != n_rows:
            hint = f" It looks transposed (examples as rows): pass {name}.T."
        raise ValueError(f"{name} has shape {A.shape}, expected {expected}.{hint}")
    if A.shape[1] == 0:
        raise ValueError(f"{name} has no examples (shape {A.shape}); expected at least one column")
    if not np.all(np.isfinite(A)):
        bad = np.argwhere(~np.isfinite(A))[0]
        raise ValueError(
            f"{name} must contain only finite numbers; {name}[{bad[0]}, {bad[1]}] is "
            f"{A[bad[0], bad[1]]}"
        )
    return A


def check_positive(name, value, integer=False, allow_zero=False):
    """A positive (or non-negative) finite number, optionally a whole one."""
    ok_type = numbers.Integral if integer else numbers.Real
    kind = "integer" if integer else "number"
    if isinstance(value, bool) or not isinstance(value, ok_type) or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite {kind}; got {value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be {bound}; got {value!r}")
    return value

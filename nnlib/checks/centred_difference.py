"""Self-check for a numerical gradient by centred differences (the gradient-checking chapter).

    fn(f, p, eps) -> g, an array shaped like p, with
    g[i] = (f(p + eps e_i) - f(p - eps e_i)) / (2 eps)        (eq. (centred-difference))

where e_i is 1 at entry i and 0 elsewhere: ONE entry is nudged at a time, and p is left as it
was. f takes an array shaped like p and returns a number. The reference is this formula written
out here, plus closed-form derivatives for the fixed cases; nothing from the rest of nnlib.
"""
import numpy as np

from .result import (Case, Failure, as_float_array, close, common_ratio, fresh_rng, nonfinite_where,
                     run_check, shape_failure, worst_mismatch)
from .sigmoid_prime import reference_sigmoid

EQUATION = "gᵢ = (f(p + ε eᵢ) − f(p − ε eᵢ)) / (2ε) for every entry i of p, one entry at a time"
RTOL, ATOL = 1e-7, 1e-10


def reference_centred_difference(f, p, eps):
    """The centred difference of f at p, one entry at a time, on a copy of p."""
    q = np.array(p, dtype=float)
    g = np.zeros_like(q)
    for i in np.ndindex(q.shape):
        saved = q[i]
        q[i] = saved + eps
        plus = f(q)
        q[i] = saved - eps
        minus = f(q)
        q[i] = saved
        g[i] = (plus - minus) / (2 * eps)
    return g


def _one_sided(f, p, eps, back=False):
    q = np.array(p, dtype=float)
    f0 = f(q)
    g = np.zeros_like(q)
    for i in np.ndindex(q.shape):
        saved = q[i]
        q[i] = saved - eps if back else saved + eps
        g[i] = (f0 - f(q)) / eps if back else (f(q) - f0) / eps
        q[i] = saved
    return g


def _all_at_once(f, p, eps):
    q = np.array(p, dtype=float)
    return np.full_like(q, (f(q + eps) - f(q - eps)) / (2 * eps))


def _not_restored_between(f, p, eps):
    """p[i] = saved + eps, then p[i] -= eps (back at saved, not saved - eps)."""
    q = np.array(p, dtype=float)
    g = np.zeros_like(q)
    for i in np.ndindex(q.shape):
        saved = q[i]
        q[i] = saved + eps
        plus = f(q)
        q[i] -= eps
        g[i] = (plus - f(q)) / (2 * eps)
        q[i] = saved
    return g


def _cubic(p):
    return float(np.sum(p ** 3))


def _mixing(p):
    return float(p[0] * p[1] + np.sin(p[2]) + p[1] ** 2)


def _matrix(P):
    return float(np.sum(P * P) + P[0, 1] * P[1, 2] - np.cos(P[1, 0]))


def _neuron_cost(p):
    # one sigmoid neuron a = sigma(w x + b), quadratic cost over four examples: p = (w, b)
    x, y = np.array([0.5, 1.5, 2.5, 3.5]), np.array([0.0, 0.0, 1.0, 1.0])
    return float(np.mean((reference_sigmoid(p[0] * x + p[1]) - y) ** 2))


def _make_random(rng):
    shape = (int(rng.integers(2, 5)),) if rng.random() < 0.5 else (int(rng.integers(2, 4)), int(rng.integers(2, 4)))
    n = int(np.prod(shape))
    A = np.round(rng.normal(0, 1, (n, n)), 3)
    c = np.round(rng.normal(0, 1, n), 3)

    def f(p):
        v = np.asarray(p, float).ravel()
        return float(v @ A @ v + c @ np.sin(v) + 0.1 * np.sum(v ** 4))

    return f, np.round(rng.uniform(-2, 2, shape), 3)


def _cases():
    rng = fresh_rng()
    fixed = [
        ("f(p) = p₁³ + p₂³ with ε = 0.1: the centred difference is 3p² + ε², exactly",
         _cubic, np.array([1.0, -2.0]), 0.1),
        ("f(p) = p₁p₂ + sin p₃ + p₂²: each entry must be nudged on its own", _mixing,
         np.array([0.5, -1.0, 2.0]), 1e-4),
        ("p is a (2, 3) matrix: g has its shape", _matrix, np.array([[0.2, -0.4, 1.0], [0.7, 0.1, -1.3]]), 1e-3),
        ("the cost of one sigmoid neuron, p = (w, b), ε = 1e-5", _neuron_cost, np.array([2.0, -4.0]), 1e-5),
    ]
    randoms = []
    for k in range(1, 5):
        f, p = _make_random(rng)
        randoms.append((f"random case {k}: p of shape {p.shape}", f, p, float(rng.choice([1e-2, 1e-3, 1e-4]))))
    return [Case(label, {"f": f, "p": p, "eps": eps}, reference_centred_difference(f, p, eps))
            for label, f, p, eps in fixed + randoms]


def _variants(f, p, eps):
    ref = reference_centred_difference(f, p, eps)
    return [
        (_one_sided(f, p, eps), "This is the one-sided difference (f(p + ε) − f(p)) / ε. Nudge both ways: "
                                "(f(p + ε eᵢ) − f(p − ε eᵢ)) / (2ε) is far more accurate."),
        (_one_sided(f, p, eps, back=True), "This is the one-sided difference (f(p) − f(p − ε)) / ε. Use both "
                                           "sides: (f(p + ε eᵢ) − f(p − ε eᵢ)) / (2ε)."),
        (2 * ref, "Every number is twice the right one: the two points are 2ε apart, so divide by 2ε, not ε."),
        (-ref, "The sign is wrong: subtract f(p − ε eᵢ) FROM f(p + ε eᵢ)."),
        (_all_at_once(f, p, eps), "Every entry got the same number: you nudged all of p at once (p + ε). "
                                  "Nudge one entry at a time: copy p, change only entry i, and put it back."),
        (_not_restored_between(f, p, eps), "For the second evaluation p[i] went back to its old value instead "
                                           "of to old − ε: set p[i] = saved − ε explicitly."),
    ]


def _evaluate(case, args, got):
    f, p, eps = case.inputs["f"], case.inputs["p"], case.inputs["eps"]
    if not np.array_equal(np.asarray(args[1]), p):
        return Failure("your function changed p: after the call it is not what it was.",
                       "Put every entry back after nudging it (saved = p[i]; ...; p[i] = saved), "
                       "or nudge a copy: q = p.copy().")
    bad = shape_failure("g", p.shape, got, "g must have one entry per entry of p: start from np.zeros_like(p).")
    if bad is not None:
        return bad
    g = as_float_array(got)
    where = nonfinite_where([g], ["g"])
    if where:
        return Failure(f"{where}: the numerical gradient must be finite.",
                       "Divide by 2ε, which is never 0; check that you call f on arrays, not on None.")
    if close(g, case.expected, RTOL, ATOL):
        return None
    hint = next((h for v, h in _variants(f, p, eps) if close(g, v, 1e-6, 1e-9)), "")
    if not hint and not np.any(g):
        hint = "Every number is 0. Did you return the array before filling it in?"
    if not hint:
        c = common_ratio([g], [case.expected])
        hint = f"Every entry is {c:.4g} times the right one." if c is not None else ""
    return Failure(f"wrong numerical gradient ({worst_mismatch(g, case.expected, RTOL, ATOL, 'g')}).",
                   hint or "For each entry i: save p[i], set p[i] = saved + ε and evaluate f, set p[i] = saved − ε "
                           "and evaluate f, put p[i] = saved back, and divide the difference by 2ε.",
                   got=g)


def check_centred_difference(fn):
    """Check fn(f, p, eps) -> g, the centred-difference gradient of f at p:

        g[i] = (f(p + ε eᵢ) − f(p − ε eᵢ)) / (2ε),  one entry at a time, p unchanged afterwards.

    f takes an array shaped like p (a vector or a matrix) and returns a number; g has p's shape.
    Cases: a cubic with a large ε (where one-sided differences are far off), a function that mixes
    the entries, a matrix p, the cost of one sigmoid neuron, and random functions. Returns a
    CheckResult; never raises.
    """
    return run_check("check_centred_difference", fn, _cases(), _evaluate, EQUATION)

"""Self-check for the derivative of the sigmoid, sigma'(z) = sigma(z) (1 - sigma(z)).

The reference is written here with np.exp, in the form
sigma'(z) = e^(-|z|) / (1 + e^(-|z|))^2 (sigma' is even, so this equals e^(-z) / (1 + e^(-z))^2),
which never overflows. It uses nothing from the rest of nnlib. The other checks import
``reference_sigmoid`` and ``reference_sigmoid_prime`` from this file.
"""
import numpy as np

from .result import (Case, Failure, close, common_ratio, constant_hint, elementwise_failure, fresh_rng, ratio_hint,
                     run_check, worst_mismatch)

EQUATION = "σ'(z) = σ(z) (1 − σ(z)), element-wise, with σ(z) = 1 / (1 + e^(−z))"
RTOL, ATOL = 1e-6, 1e-10


def reference_sigmoid(z):
    """sigma(z) = 1 / (1 + e^(-z)); z clipped to [-700, 700] so e^(-z) never overflows."""
    z = np.clip(np.asarray(z, dtype=float), -700.0, 700.0)
    return 1.0 / (1.0 + np.exp(-z))


def reference_sigmoid_prime(z):
    """sigma'(z) = e^(-|z|) / (1 + e^(-|z|))^2: finite for every z, ~0 for large |z|."""
    e = np.exp(-np.abs(np.asarray(z, dtype=float)))
    return e / (1.0 + e) ** 2


def _cases():
    rng = fresh_rng()
    fixed = [
        ("z = 0 (a float): σ'(0) = 1/4", 0.0),
        ("a 0-d array", np.array(rng.uniform(-3, 3))),
        ("a vector of shape (3,)", np.array([-2.0, 0.0, 2.0])),
        ("large |z|: the result must be finite and close to 0", np.array([-800.0, -30.0, 30.0, 800.0])),
        ("a matrix of shape (2, 5): a batch of 5 columns", np.round(rng.uniform(-4, 4, (2, 5)), 3)),
    ]
    randoms = [
        ("random float", float(rng.uniform(-5, 5))),
        ("random vector of shape (3,)", rng.normal(0, 2.5, 3)),
        ("random column of shape (4, 1)", rng.normal(0, 2.5, (4, 1))),
        ("random matrix of shape (3, 6)", rng.normal(0, 2.5, (3, 6))),
        ("random matrix with large entries", rng.choice([-1, 1], (2, 4)) * rng.uniform(20, 900, (2, 4))),
    ]
    return [Case(label, {"z": z}, reference_sigmoid_prime(z)) for label, z in fixed + randoms]


def _variants(z):
    """Wrong answers students often give, each with its hint."""
    s = reference_sigmoid(z)
    z = np.asarray(z, float)
    return [
        (s, "You returned σ(z) itself; the derivative is σ(z) (1 − σ(z))."),
        (z * (1 - z), "You used z (1 − z); the formula is a (1 − a) with a = σ(z), so compute "
                      "s = σ(z) first, then s * (1 - s)."),
        (s * (1 + s), "Check the sign inside: σ'(z) = σ(z) (1 − σ(z)), with a minus."),
        (1 - s, "You returned 1 − σ(z); multiply it by σ(z)."),
        (s * s, "You returned σ(z)²; the derivative is σ(z) (1 − σ(z)) = σ(z) − σ(z)²."),
        (-reference_sigmoid_prime(z), "The sign is wrong: σ'(z) > 0 everywhere (σ is increasing)."),
    ]


def _evaluate(case, args, got):
    (z_in,) = case.inputs.values()
    expected = case.expected
    fail, g = elementwise_failure(
        case, args, got, "σ'(z)",
        inplace_hint="Compute into a new array (e.g. s = 1 / (1 + np.exp(-z))) instead of "
                     "modifying z with -=, *= or z[...] = .",
        overflow_hint="For large |z|, np.exp(-z) overflows to inf, and inf/inf is NaN. Compute "
                      "s = 1 / (1 + np.exp(-z)) first (it safely becomes 0 or 1), then s * (1 - s).")
    if fail is not None:
        return fail
    if close(g, expected, RTOL, ATOL):
        return None
    hint = next((h for v, h in _variants(z_in) if close(g, v, RTOL, ATOL)), "")
    hint = hint or ratio_hint(common_ratio([g], [expected]))
    hint = hint or constant_hint(g)
    where = worst_mismatch(g, expected, RTOL, ATOL, "σ'(z)")
    return Failure(f"wrong value: {where}.",
                   hint or "Use σ'(z) = σ(z) (1 − σ(z)) element-wise, with σ(z) = 1 / (1 + np.exp(-z)).")


def check_sigmoid_prime(fn):
    """Check fn(z) = σ'(z) = σ(z)(1 − σ(z)), element-wise, with σ(z) = 1/(1 + e^(−z)).

    z may be a float, a 0-d array, a vector or a matrix (a batch); the result must have the
    same shape. Cases: z = 0 (σ'(0) = 1/4), random arrays, large |z| (±30, ±800: finite and
    close to 0, never NaN) and matrices. Returns a CheckResult; never raises.
    """
    return run_check("check_sigmoid_prime", fn, _cases(), _evaluate, EQUATION)

"""Self-check for the derivatives of the activations tanh, ReLU and leaky ReLU (and the sigmoid):

    tanh'(z) = 1 - tanh(z)^2,   relu'(z) = 1 if z > 0 else 0,   leaky_relu'(z) = 1 if z > 0 else 0.01.

The references are written here without tanh itself: tanh'(z) = sech(z)^2 = 4 e^(-2|z|) / (1 + e^(-2|z|))^2
(even in z, so this never overflows), and the two ReLU slopes from the sign of z. At the kink
z = 0 the derivative does not exist; the book (and nnlib) take the left slope (0, and 0.01 for
leaky ReLU), and this check accepts either one-sided slope there. Nothing from the rest of nnlib
is used.
"""
import numpy as np

from .result import (Case, CheckResult, Raised, Failure, close, common_ratio, constant_hint, elementwise_failure,
                     fresh_rng, ratio_hint, run_check, worst_mismatch)
from .sigmoid_prime import reference_sigmoid, reference_sigmoid_prime

LEAKY_SLOPE = 0.01
RTOL, ATOL = 1e-6, 1e-10


def reference_tanh_prime(z):
    """tanh'(z) = sech(z)^2 = 4 e^(-2|z|) / (1 + e^(-2|z|))^2: finite for every z."""
    e = np.exp(-2.0 * np.abs(np.asarray(z, dtype=float)))
    return 4.0 * e / (1.0 + e) ** 2


def reference_relu_prime(z):
    """1 where z > 0, 0 elsewhere (0 at the kink z = 0, the book's choice)."""
    return np.where(np.asarray(z, dtype=float) > 0, 1.0, 0.0)


def reference_leaky_relu_prime(z):
    """1 where z > 0, 0.01 elsewhere (0.01 at the kink z = 0, the book's choice)."""
    return np.where(np.asarray(z, dtype=float) > 0, 1.0, LEAKY_SLOPE)


REFERENCES = {
    "sigmoid": (reference_sigmoid_prime, "σ'(z) = σ(z) (1 − σ(z)), element-wise"),
    "tanh": (reference_tanh_prime, "tanh'(z) = 1 − tanh(z)², element-wise"),
    "relu": (reference_relu_prime, "relu'(z) = 1 if z > 0, else 0 (0 at z = 0), element-wise"),
    "leaky_relu": (reference_leaky_relu_prime,
                   "leaky_relu'(z) = 1 if z > 0, else 0.01 (0.01 at z = 0), element-wise"),
}


def _cases(name):
    rng = fresh_rng()
    reference = REFERENCES[name][0]
    fixed = [
        ("z = 1.5 (a float)", 1.5),
        ("z = -0.7 (a float)", -0.7),
        ("a vector of shape (5,), with the kink z = 0 in the middle", np.array([-2.0, -0.5, 0.0, 0.5, 2.0])),
        ("large |z|: the result must be finite", np.array([-800.0, -30.0, 30.0, 800.0])),
        ("a matrix of shape (2, 5): a batch of 5 columns", np.round(rng.uniform(-4, 4, (2, 5)), 3)),
    ]
    randoms = [
        ("random float", float(rng.uniform(-5, 5))),
        ("random vector of shape (4,)", rng.normal(0, 2.5, 4)),
        ("random column of shape (4, 1)", rng.normal(0, 2.5, (4, 1))),
        ("random matrix of shape (3, 6)", rng.normal(0, 2.5, (3, 6))),
        ("random integers (an int array)", rng.integers(-3, 4, (2, 3))),
    ]
    return [Case(label, {"z": z}, reference(z)) for label, z in fixed + randoms]


def _variants(name, z):
    """Wrong answers students often give, each with its hint."""
    z = np.asarray(z, float)
    t = np.tanh(np.clip(z, -50, 50))
    relu_prime = reference_relu_prime(z)
    common = {
        "tanh": [
            (t, "You returned tanh(z) itself; its derivative is 1 − tanh(z)²."),
            (1 - z * z, "You used 1 − z²; the formula is 1 − a² with a = tanh(z): compute "
                        "t = np.tanh(z) first, then 1 - t**2."),
            (1 + t * t, "Check the sign: tanh'(z) = 1 − tanh(z)², with a minus."),
            (1 - t, "You returned 1 − tanh(z); the derivative is 1 − tanh(z)² (square it)."),
            ((1 - t) ** 2, "You squared (1 − tanh z); the derivative is 1 − (tanh z)²: square tanh z only."),
            (reference_sigmoid_prime(z), "That is the sigmoid's derivative σ(z)(1 − σ(z)); for tanh it "
                                         "is 1 − tanh(z)²."),
            (reference_sigmoid(z) * (1 - reference_sigmoid(z)) * 4, "That is 4σ'(z); tanh'(z) = 4σ'(2z) "
                                                                     "= 1 − tanh(z)²."),
        ],
        "relu": [
            (np.maximum(z, 0), "You returned relu(z) = max(0, z) itself; its slope is 1 where z > 0, else 0."),
            (np.where(z > 0, 1.0, LEAKY_SLOPE), "That is leaky ReLU's slope; ReLU's slope is 0 for z ≤ 0."),
            (np.where(z < 0, 1.0, 0.0), "The two sides are swapped: the slope is 1 for z > 0, 0 for z < 0."),
        ],
        "leaky_relu": [
            (relu_prime, "That is ReLU's slope; leaky ReLU has slope 0.01 (not 0) where z ≤ 0."),
            (np.where(z > 0, z, LEAKY_SLOPE * z), "You returned leaky_relu(z) itself; its slope is 1 "
                                                  "where z > 0, else 0.01."),
            (np.where(z > 0, 1.0, 0.1), "The slope on the negative side is 0.01 (nnlib's LEAKY_SLOPE), not 0.1."),
            (np.where(z > 0, 1.0, -LEAKY_SLOPE), "The slope on the negative side is +0.01: leaky ReLU "
                                                 "still increases there, slowly."),
            (np.where(z < 0, 1.0, LEAKY_SLOPE), "The two sides are swapped: the slope is 1 for z > 0, "
                                                "0.01 for z < 0."),
        ],
        "sigmoid": [
            (reference_sigmoid(z), "You returned σ(z) itself; the derivative is σ(z) (1 − σ(z))."),
        ],
    }
    return common[name]


def _matches_at_kink(name, z, g, expected):
    """True when g equals expected everywhere except at z == 0, where the right slope 1 is allowed too."""
    if name not in ("relu", "leaky_relu"):
        return False
    z = np.asarray(z, float)
    kink = z == 0
    if not kink.any():
        return False
    alt = np.where(kink, 1.0, expected)
    return bool(np.all(np.isclose(g, expected, RTOL, ATOL) | np.isclose(g, alt, RTOL, ATOL)))


def _evaluator(name):
    def evaluate(case, args, got):
        (z_in,) = case.inputs.values()
        expected = case.expected
        fail, g = elementwise_failure(
            case, args, got, "g'(z)",
            inplace_hint="Compute into a new array (np.where(...), 1 - t**2) instead of modifying z "
                         "with -=, *= or z[...] = .",
            overflow_hint="For large |z|, np.exp overflows: use np.tanh(z), which stays in [-1, 1].")
        if fail is not None:
            return fail
        if close(g, expected, RTOL, ATOL) or _matches_at_kink(name, z_in, g, expected):
            return None
        hint = next((h for v, h in _variants(name, z_in) if close(g, v, RTOL, ATOL)), "")
        hint = hint or ratio_hint(common_ratio([g], [expected]))
        hint = hint or constant_hint(g)
        if not hint and name in ("relu", "leaky_relu"):
            hint = ("Use np.where(z > 0, 1.0, slope) so that the test is done entry by entry; "
                    "`if z > 0:` only works for a single number.")
        where = worst_mismatch(g, expected, RTOL, ATOL, "g'(z)")
        return Failure(f"wrong value: {where}.", hint or f"Use {REFERENCES[name][1]}.")

    return evaluate


def check_activation_prime(fn, activation="tanh"):
    """Check fn(z) = g'(z) element-wise for activation "tanh", "relu", "leaky_relu" or "sigmoid".

    tanh'(z) = 1 − tanh(z)²; relu'(z) = 1 for z > 0, else 0; leaky_relu'(z) = 1 for z > 0,
    else 0.01; σ'(z) = σ(z)(1 − σ(z)). z may be a float, a vector or a matrix (a batch); the
    result must have the same shape. At the kink z = 0 either one-sided slope is accepted (the
    book takes the left one). Returns a CheckResult; never raises.
    """
    if activation not in REFERENCES:
        return CheckResult("check_activation_prime", False,
                           f"unknown activation {activation!r}; expected one of {sorted(REFERENCES)}.",
                           hint_text='Name the activation as a string, e.g. check_activation_prime(fn, "tanh").')
    equation = REFERENCES[activation][1]
    result = run_check(f"check_activation_prime ({activation})", fn, _cases(activation),
                       _evaluator(activation), equation)
    if result.case is not None and isinstance(result.case.got, Raised) and "truth value" in str(result.case.got):
        result.case.hint = ("`if z > 0:` asks one question about the whole array, which numpy cannot "
                            "answer. Test every entry at once with np.where(z > 0, value_if_true, "
                            "value_if_false).")
    return result

"""Self-check for the gradients of one sigmoid neuron with the quadratic loss (S1's chain).

    z = w a_prev + b,  a = sigma(z),  C_0 = (a - y)^2   (no factor 1/2)
    dC_0/dw      = a_prev * sigma'(z) * 2 (a - y)
    dC_0/db      =          sigma'(z) * 2 (a - y)
    dC_0/da_prev =      w * sigma'(z) * 2 (a - y)

The reference is these closed forms, written out here with the reference sigma of this
package (plain np.exp), not nnlib's backpropagation.
"""

import numpy as np

from .result import Case, Failure, as_float_array, as_number, common_ratio, fresh_rng, ratio_hint, run_check
from .sigmoid_prime import reference_sigmoid, reference_sigmoid_prime

EQUATION = ("z = w·a_prev + b, a = σ(z), C₀ = (a − y)²:  ∂C₀/∂w = a_prev·σ'(z)·2(a − y),  "
            "∂C₀/∂b = σ'(z)·2(a − y),  ∂C₀/∂a_prev = w·σ'(z)·2(a − y)")
NAMES = ("dC0_dw", "dC0_db", "dC0_da_prev")
RTOL, ATOL = 1e-6, 1e-9


def reference_one_neuron(w, b, a_prev, y):
    """The three partial derivatives of C_0 = (sigma(w a_prev + b) - y)^2, in closed form."""
    z = w * a_prev + b
    a = float(reference_sigmoid(z))
    common = float(reference_sigmoid_prime(z)) * 2.0 * (a - y)
    return a_prev * common, common, w * common


def _random_inputs(rng):
    while True:
        w = float(rng.uniform(-3, 3))
        b = float(rng.uniform(-2, 2))
        a_prev = float(rng.uniform(0.05, 3.0))
        y = float(rng.choice([0.0, 1.0])) if rng.random() < 0.5 else float(rng.uniform(0, 1))
        z = w * a_prev + b
        a = float(reference_sigmoid(z))
        # keep the three derivatives clearly non-zero and clearly different from each other,
        # so that a missing factor, a swap or a wrong sign always shows
        if (abs(w) > 0.3 and abs(a_prev - 1) > 0.2 and abs(abs(a_prev) - abs(w)) > 0.2
                and abs(z) < 4 and abs(a - y) > 0.1):
            return round(w, 4), round(b, 4), round(a_prev, 4), round(y, 4)


def _cases():
    rng = fresh_rng()
    fixed = [
        ("the chapter's example: w = 2, b = −4, a_prev = 2.5, y = 1", (2.0, -4.0, 2.5, 1.0)),
        ("z = 0, so σ'(z) = 1/4 and a = 1/2", (1.5, -0.75, 0.5, 0.0)),
        ("a_prev = 0, so ∂C₀/∂w = 0", (-1.2, 0.3, 0.0, 1.0)),
        ("a saturated neuron (z = 31): all three are almost 0", (3.0, 25.0, 2.0, 0.0)),
    ]
    randoms = [(f"random case {k}", _random_inputs(rng)) for k in range(1, 7)]
    return [Case(label, dict(zip(("w", "b", "a_prev", "y"), args)), reference_one_neuron(*args))
            for label, args in fixed + randoms]


def _variants(w, b, a_prev, y):
    """Common wrong answers, each a triple with its hint."""
    z = w * a_prev + b
    a = float(reference_sigmoid(z))
    dw, db, da = reference_one_neuron(w, b, a_prev, y)
    two_err = 2.0 * (a - y)
    return [
        ((0.5 * dw, 0.5 * db, 0.5 * da),
         "All three are half the right value: the factor 2 is missing. C₀ = (a − y)² has no 1/2, "
         "so ∂C₀/∂a = 2(a − y)."),
        ((-dw, -db, -da), "The sign is wrong: ∂C₀/∂a = 2(a − y), prediction minus target, not 2(y − a)."),
        ((db, dw, da), "dC0_dw and dC0_db are swapped: ∂z/∂w = a_prev, so ∂C₀/∂w carries the factor "
                       "a_prev, while ∂z/∂b = 1."),
        ((da, db, dw), "dC0_dw and dC0_da_prev are swapped: ∂z/∂w = a_prev but ∂z/∂a_prev = w."),
        ((dw, db, dw), "dC0_da_prev uses a_prev where it needs w: ∂z/∂a_prev = w."),
        ((a_prev * two_err, two_err, w * two_err),
         "The factor σ'(z) is missing: a = σ(z), so ∂a/∂z = σ'(z) = σ(z)(1 − σ(z))."),
        ((a_prev * a * two_err, a * two_err, w * a * two_err),
         "You multiplied by σ(z) = a instead of σ'(z) = a(1 − a)."),
        ((a_prev * float(reference_sigmoid_prime(a)) * two_err, float(reference_sigmoid_prime(a)) * two_err,
          w * float(reference_sigmoid_prime(a)) * two_err),
         "σ' must be evaluated at z, not at a: use σ'(z) = a(1 − a)."),
    ]


def _evaluate(case, args, got):
    expected = case.expected
    if got is None:
        return Failure("your function returned None; expected a tuple of three numbers "
                       "(dC0_dw, dC0_db, dC0_da_prev).", "Did you forget the `return` statement?")
    if isinstance(got, np.ndarray) and got.shape == (3,):
        got = tuple(got)
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        n = f"{len(got)} values" if isinstance(got, (tuple, list)) else f"a {type(got).__name__}"
        return Failure(f"expected a tuple of three numbers (dC0_dw, dC0_db, dC0_da_prev); got {n}.",
                       "End your function with `return dC0_dw, dC0_db, dC0_da_prev`.")
    vals = []
    for name, v in zip(NAMES, got):
        x = as_number(v)
        if x is None:
            shape = f"an array of shape {np.shape(v)}" if as_float_array(v) is not None else type(v).__name__
            return Failure(f"{name} should be a single number (shape ()); got {shape}.",
                           "For one neuron, w, b, a_prev and y are numbers, and so are the derivatives.")
        vals.append(x)
    for name, x in zip(NAMES, vals):
        if not np.isfinite(x):
            return Failure(f"{name} is {x}: the derivatives must be finite numbers.",
                           "Compute a = 1 / (1 + np.exp(-z)) and σ'(z) = a (1 − a).")
    wrong = [n for n, x, e in zip(NAMES, vals, expected) if not np.isclose(x, e, rtol=RTOL, atol=ATOL)]
    if not wrong:
        return None
    got_t = tuple(vals)
    hint = ""
    for triple, h in _variants(*case.inputs.values()):
        if np.allclose(got_t, triple, rtol=RTOL, atol=ATOL):
            hint = h
            break
    if not hint:
        hint = ratio_hint(common_ratio([got_t], [expected]))
    if not hint and all(x == vals[0] for x in vals):
        hint = "All three numbers are the same: each derivative has its own factor (a_prev, 1, w)."
    details = "; ".join(f"{n}: expected {e:.8g}, got {x:.8g}"
                        for n, x, e in zip(NAMES, vals, expected) if n in wrong)
    return Failure(f"{', '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} wrong ({details}).",
                   hint or "Apply the chain rule: ∂C₀/∂a = 2(a − y), ∂a/∂z = σ'(z), and ∂z/∂w = "
                           "a_prev, ∂z/∂b = 1, ∂z/∂a_prev = w.",
                   got=got_t)


def check_one_neuron_gradients(fn):
    """Check fn(w, b, a_prev, y) -> (dC0_dw, dC0_db, dC0_da_prev) for one sigmoid neuron.

    z = w·a_prev + b, a = σ(z), C₀ = (a − y)²  (no factor 1/2), so
    ∂C₀/∂w = a_prev·σ'(z)·2(a − y), ∂C₀/∂b = σ'(z)·2(a − y), ∂C₀/∂a_prev = w·σ'(z)·2(a − y).
    All inputs and outputs are numbers. Returns a CheckResult; never raises.
    """
    return run_check("check_one_neuron_gradients", fn, _cases(), _evaluate, EQUATION)

"""Self-check for the cost of one sigmoid neuron over a training set (the cost-surface chapter).

    z_i = w x_i + b,   a_i = sigma(z_i),   C_0^(i) = (a_i - y_i)^2   (the loss of example i),
    C(w, b) = (1/m) sum_i (a_i - y_i)^2                             (the cost: the mean loss)

fn(w, b, x, y) gets two numbers and two 1-D arrays of length m and returns C, one number.
The reference is this formula, written out here with the reference sigmoid of this package
(plain np.exp), not nnlib's Network.
"""

import numpy as np

from .result import Case, Failure, as_float_array, as_number, describe_type, fresh_rng, run_check
from .sigmoid_prime import reference_sigmoid

EQUATION = "C(w, b) = (1/m) Σᵢ (σ(w·xᵢ + b) − yᵢ)²,  σ(z) = 1 / (1 + e^(−z)),  no factor 1/2"
RTOL, ATOL = 1e-9, 1e-12
HOURS = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0]  # the book's eight students (nnlib.viz.neuron)
PASSED = [0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0]


def reference_losses(w, b, x, y):
    """The loss (a_i - y_i)^2 of every example, a = sigma(w x + b)."""
    a = reference_sigmoid(w * np.asarray(x, float) + b)
    return (a - np.asarray(y, float)) ** 2


def reference_cost(w, b, x, y):
    """C = (1/m) sum_i (sigma(w x_i + b) - y_i)^2."""
    return float(np.mean(reference_losses(w, b, x, y)))


def _case(label, w, b, x, y):
    x, y = np.asarray(x, float), np.asarray(y, float)
    return Case(label, {"w": float(w), "b": float(b), "x": x, "y": y}, reference_cost(w, b, x, y))


def _random_case(rng, k):
    m = int(rng.integers(3, 11))
    x = np.round(rng.uniform(-3, 3, m), 3)
    y = rng.choice([0.0, 1.0], m) if rng.random() < 0.6 else np.round(rng.uniform(0, 1, m), 3)
    w, b = round(float(rng.uniform(-3, 3)), 3), round(float(rng.uniform(-2, 2)), 3)
    return _case(f"random case {k}: m = {m} examples", w, b, x, y)


def _cases():
    rng = fresh_rng()
    fixed = [
        _case("the chapter's eight students at w = 2, b = −4", 2.0, -4.0, HOURS, PASSED),
        _case("w = 0, b = 0: every output is 1/2, so C = 1/4", 0.0, 0.0, [1.0, 2.0, 3.0, 4.0],
              [0.0, 1.0, 0.0, 1.0]),
        _case("one example (m = 1): the cost is that example's loss", 1.5, -0.5, [2.0], [0.0]),
        _case("a saturated neuron (z = ±800): every output is 0 or 1, the cost must be finite",
              200.0, 0.0, [-4.0, -1.0, 1.0, 4.0], [1.0, 0.0, 0.0, 1.0]),
    ]
    return fixed + [_random_case(rng, k) for k in range(1, 7)]


def _variants(w, b, x, y):
    """Common wrong answers, each with its hint."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    m = x.size
    z = w * x + b
    a = reference_sigmoid(z)
    err = a - y
    sq = err ** 2
    out = [
        (float(np.sum(sq)), "You added the losses up: the cost is their AVERAGE, (1/m) Σᵢ (aᵢ − yᵢ)², "
                            "so divide the sum by m (or use np.mean)."),
        (float(0.5 * np.mean(sq)), "Your cost has a factor 1/2: the book's loss is (a − y)², with no 1/2."),
        (float(np.mean(err)), "Square each error: the loss is (aᵢ − yᵢ)², so that errors above and "
                              "below the target both count and cannot cancel."),
        (float(np.mean(-err)), "Square each error: the loss is (aᵢ − yᵢ)², not yᵢ − aᵢ."),
        (float(np.mean(np.abs(err))), "Square each error instead of taking its absolute value: "
                                      "the loss is (aᵢ − yᵢ)²."),
        (float(np.sqrt(np.mean(sq))), "Leave out the square root: the cost is the mean of the squared "
                                      "errors itself (you computed its square root)."),
        (float(np.mean(err) ** 2), "Square each example's error first, then average: "
                                   "mean((a − y)²), not (mean(a − y))²."),
        (float(np.mean((z - y) ** 2)), "Apply the sigmoid: compare a = σ(z) = 1 / (1 + e^(−z)) with y, "
                                       "not z itself."),
        (float(np.mean((reference_sigmoid(w * x) - y) ** 2)), "Add the bias: z = w·x + b."),
        (float(np.mean((reference_sigmoid(w * (x + b)) - y) ** 2)),
         "The bias is added after the multiplication: z = w·x + b, not w·(x + b)."),
        (float(np.mean((reference_sigmoid(-z) - y) ** 2)),
         "Check the sign in the sigmoid: σ(z) = 1 / (1 + e^(−z)), with −z in the exponent."),
    ]
    if m > 1:
        out.append((float(np.sum(sq) / (m - 1)), "Divide by m, the number of examples, not by m − 1."))
    return out


def _evaluate(case, args, got):
    p = case.inputs
    for name, i in (("x", 2), ("y", 3)):
        if not np.array_equal(np.asarray(args[i]), p[name]):
            return Failure(f"your function changed its input {name} in place.",
                           "Compute into new arrays (z = w * x + b) instead of changing x or y "
                           "with -=, *= or x[...] = .")
    if got is None:
        return Failure("your function returned None; expected one number, the cost C.",
                       "Did you forget the `return` statement?")
    value = as_number(got)
    if value is None:
        arr = as_float_array(got)
        m = p["x"].size
        if arr is not None and arr.shape == (m,) and np.allclose(arr, reference_losses(*p.values()),
                                                                 rtol=1e-6, atol=1e-12):
            return Failure(f"you returned the loss of each example (an array of {m}); the cost is "
                           f"one number, their average.",
                           "Return np.mean of the losses: C = (1/m) Σᵢ (aᵢ − yᵢ)².")
        what = f"an array of shape {arr.shape}" if arr is not None else describe_type(got)
        return Failure(f"expected one number, the cost C; got {what}.",
                       "Average the m losses into one number, e.g. with np.mean.")
    if not np.isfinite(value):
        return Failure(f"your cost is {value}; it must be a finite number.",
                       "For large |z|, e^z overflows to inf and inf / inf is NaN. Compute "
                       "a = 1 / (1 + np.exp(-z)): it safely becomes 0 or 1.")
    if np.isclose(value, case.expected, rtol=RTOL, atol=ATOL):
        return None
    hint = next((h for v, h in _variants(*p.values()) if np.isclose(value, v, rtol=1e-7, atol=1e-12)), "")
    if not hint and value < 0:
        hint = "A cost made of squares is never negative: check that you square each error."
    return Failure(f"wrong cost: expected {case.expected:.8g}, got {value:.8g}.",
                   hint or "Compute z = w·x + b, a = σ(z) for every example, the losses (a − y)², and "
                           "return their mean.", got=value)


def check_one_neuron_cost(fn):
    """Check fn(w, b, x, y) -> C, the cost of one sigmoid neuron over a training set:

        C(w, b) = (1/m) Σᵢ (σ(w·xᵢ + b) − yᵢ)²   (no factor 1/2; σ(z) = 1/(1 + e^(−z))).

    w and b are numbers; x and y are 1-D arrays of the m inputs and targets. The result is one
    number. Cases: the chapter's eight students, w = b = 0 (C = 1/4), one example, a saturated
    neuron (z = ±800) and random sets. Returns a CheckResult; never raises.
    """
    return run_check("check_one_neuron_cost", fn, _cases(), _evaluate, EQUATION)

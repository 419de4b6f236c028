"""Self-check for the delta rule, backpropagation's step from one layer back to the one before:

    delta^[l] = (W^[l+1])^T delta^[l+1]  (element-wise *)  sigma'(z^[l])

in batch form: W_next (n_{l+1}, n_l), delta_next (n_{l+1}, m), z (n_l, m), result (n_l, m).
The reference is this formula written out here with the package's own sigma'.
Most cases use non-square W_next, where a forgotten transpose raises a shape error; one
uses a square W_next, where it silently gives wrong numbers.
"""
import numpy as np

from .result import (Case, Failure, as_float_array, close, common_ratio, fresh_rng, nonfinite_where,
                     random_weights, ratio_hint, run_check, shape_failure, worst_mismatch)
from .sigmoid_prime import reference_sigmoid, reference_sigmoid_prime

EQUATION = "δ^[l] = (W^[l+1])ᵀ δ^[l+1] ⊙ σ'(z^[l])   (⊙: element-wise product)"
RTOL, ATOL = 1e-6, 1e-10
TRANSPOSE = ("W_next has shape (n_{l+1}, n_l) and delta_next (n_{l+1}, m), so the product that "
             "goes back a layer is W_next.T @ delta_next, of shape (n_l, m) like z: did you forget "
             "the transpose .T? The ⊙ with σ'(z) is element-wise: *, not @.")


def reference_delta_back(W_next, delta_next, z):
    """(W^[l+1])^T delta^[l+1] * sigma'(z^[l])."""
    return (np.asarray(W_next, float).T @ np.asarray(delta_next, float)) * reference_sigmoid_prime(z)


def _case(label, rng, n_next, n_l, m):
    W = random_weights(rng, n_next, n_l)
    d = np.round(rng.normal(0, 0.5, (n_next, m)), 4)
    z = np.round(rng.normal(0, 1.5, (n_l, m)), 4)
    return Case(label, {"W_next": W, "delta_next": d, "z": z}, reference_delta_back(W, d, z))


def _cases():
    rng = fresh_rng()
    cases = [
        _case("one example (m = 1), W_next of shape (2, 3)", rng, 2, 3, 1),
        _case("a batch of m = 5 columns, W_next of shape (2, 4)", rng, 2, 4, 5),
        _case("square W_next (3, 3): a missing transpose gives wrong numbers, not an error", rng, 3, 3, 4),
        _case("W_next of shape (5, 3): more neurons after than before", rng, 5, 3, 2),
    ]
    for k in range(1, 5):
        n_next, n_l = rng.choice(np.arange(1, 7), 2, replace=False)
        m = int(rng.integers(1, 7))
        cases.append(_case(f"random case {k}: W_next {(int(n_next), int(n_l))}, m = {m}",
                           rng, int(n_next), int(n_l), m))
    cases.append(_case("random square case: W_next (4, 4)", rng, 4, 4, 3))
    return cases


def _variants(W, d, z):
    back = W.T @ d
    out = []
    if W.shape[0] == W.shape[1]:
        out.append(((W @ d) * reference_sigmoid_prime(z),
                    "You used W_next where the rule needs its transpose: W_next.T @ delta_next. "
                    "With a square W_next both have the right shape, but only the transpose sends "
                    "each error back along the weight it came through."))
    sp = reference_sigmoid_prime(z)
    s = reference_sigmoid(z)
    out += [
        (back, "The factor σ'(z) is missing: multiply (element-wise) by σ'(z) = σ(z)(1 − σ(z))."),
        (back * s, "You multiplied by σ(z); the rule needs σ'(z) = σ(z)(1 − σ(z))."),
        (back * z, "You multiplied by z; the rule needs σ'(z) = σ(z)(1 − σ(z))."),
        (back * z * (1 - z), "You used z(1 − z); the derivative is σ(z)(1 − σ(z)): apply σ to z first."),
        (-back * sp, "The sign is wrong: there is no minus in the delta rule."),
    ]
    return out


def _evaluate(case, args, got):
    W, d, z = case.inputs.values()
    expected = case.expected
    fail = shape_failure("your δ^[l]", expected.shape, got,
                         "δ^[l] has the shape of z^[l]: (n_l, m)." if got is not None else "")
    if fail is not None:
        if as_float_array(got) is not None and np.shape(got) == d.shape and d.shape != expected.shape:
            fail.hint = ("Your result has the shape of delta_next: (n_{l+1}, m). " + TRANSPOSE)
        return fail
    for name, before, after in zip(("W_next", "delta_next", "z"), (W, d, z), args):
        if not np.array_equal(np.asarray(after), before):
            return Failure(f"your function changed its input {name} in place.",
                           "Compute into new arrays instead of modifying the inputs with -=, *= "
                           "or [...] = .")
    g = as_float_array(got)
    bad = nonfinite_where([g], ["δ"])
    if bad:
        return Failure(f"your result contains NaN or inf: {bad}.",
                       "Compute σ'(z) as s * (1 - s) with s = 1 / (1 + np.exp(-z)).")
    if close(g, expected, RTOL, ATOL):
        return None
    hint = next((h for v, h in _variants(W, d, z) if close(g, v, RTOL, ATOL)), "")
    hint = hint or ratio_hint(common_ratio([g], [expected]))
    return Failure(f"wrong numbers, e.g. at {worst_mismatch(g, expected, RTOL, ATOL, 'δ')}.",
                   hint or "Compute W_next.T @ delta_next, then multiply it element-wise by σ'(z).")


def check_delta_back(fn):
    """Check the delta rule fn(W_next, delta_next, z) = (W^[l+1])ᵀ δ^[l+1] ⊙ σ'(z^[l]).

    Batch form, one example per column: W_next (n_{l+1}, n_l), delta_next (n_{l+1}, m),
    z (n_l, m); the result is δ^[l], shape (n_l, m). σ is the sigmoid.
    Returns a CheckResult; never raises.
    """
    return run_check("check_delta_back", fn, _cases(), _evaluate, EQUATION, shape_hint=TRANSPOSE)

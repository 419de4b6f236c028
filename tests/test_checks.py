"""The student self-checks (nnlib.checks): right code passes, stubs and known mistakes fail with a hint.

For every check this file has a correct implementation written here (plain numpy, nothing from
nnlib), the five stubs a student starts from or falls back to (zeros, the input, None,
NotImplementedError, a constant) and the named pitfalls, each with the words its hint must use.
"""
import ast
import html
import math
import pathlib

import numpy as np
import pytest

import nnlib
from nnlib.checks import (CheckResult, check_batch_gradients, check_delta_back,
                          check_one_neuron_gradients, check_sgd_step, check_sigmoid_prime)


# --------------------------------------------------------------------------------------
# Correct student solutions, written independently of nnlib
# --------------------------------------------------------------------------------------
def sig(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))


def good_sigmoid_prime(z):
    s = sig(z)
    return s * (1 - s)


def naive_sigmoid_prime(z):
    s = 1 / (1 + np.exp(-z))  # overflows to inf for z = -800, and 1/(1 + inf) = 0: still fine
    return s * (1 - s)


def good_one_neuron(w, b, a_prev, y):
    z = w * a_prev + b
    a = 1 / (1 + math.exp(-z))
    common = a * (1 - a) * 2 * (a - y)
    return a_prev * common, common, w * common


def good_delta_back(W_next, delta_next, z):
    return (W_next.T @ delta_next) * good_sigmoid_prime(z)


def _forward(W, b, X):
    """a[0..L] and z[1..L] as dicts keyed by the layer number (W, b: the checks' LayerLists)."""
    a, z = {0: X}, {}
    for l in range(1, len(W) + 1):
        z[l] = W[l] @ a[l - 1] + b[l]
        a[l] = sig(z[l])
    return a, z


def good_batch(W, b, X, Y, lam):
    """Vectorised over the batch; returns dicts keyed 1..L."""
    m, L = X.shape[1], len(W)
    a, z = _forward(W, b, X)
    dW, db = {}, {}
    delta = 2 * (a[L] - Y) * good_sigmoid_prime(z[L])
    for l in range(L, 0, -1):
        dW[l] = delta @ a[l - 1].T / m + (lam / m) * W[l]
        db[l] = delta.sum(axis=1, keepdims=True) / m
        if l > 1:
            delta = (W[l].T @ delta) * good_sigmoid_prime(z[l - 1])
    return dW, db


def good_batch_per_example(W, b, X, Y, lam):
    """S3's loop: accumulate Delta over the examples (fresh accumulators on every call), then D;
    returns lists, layer 1 first."""
    m, L = X.shape[1], len(W)
    Delta_W = {l: np.zeros_like(W[l]) for l in range(1, L + 1)}
    Delta_b = {l: np.zeros_like(b[l]) for l in range(1, L + 1)}
    for i in range(m):
        a, z = _forward(W, b, X[:, i:i + 1])
        delta = 2 * (a[L] - Y[:, i:i + 1]) * good_sigmoid_prime(z[L])
        for l in range(L, 0, -1):
            Delta_W[l] += delta @ a[l - 1].T
            Delta_b[l] += delta
            if l > 1:
                delta = (W[l].T @ delta) * good_sigmoid_prime(z[l - 1])
    return ([Delta_W[l] / m + (lam / m) * W[l] for l in range(1, L + 1)],
            [Delta_b[l] / m for l in range(1, L + 1)])


def good_sgd_step(W, b, dW, db, lr):
    for W_l, b_l, dW_l, db_l in zip(W, b, dW, db):
        W_l -= lr * dW_l
        b_l -= lr * db_l


def good_sgd_step_replacing(W, b, dW, db, lr):
    for l in range(1, len(W) + 1):
        W[l] = W[l] - lr * dW[l]
        b[l] = b[l] - lr * db[l]


GOOD = {
    check_sigmoid_prime: [good_sigmoid_prime, naive_sigmoid_prime],
    check_one_neuron_gradients: [good_one_neuron],
    check_delta_back: [good_delta_back],
    check_batch_gradients: [good_batch, good_batch_per_example],
    check_sgd_step: [good_sgd_step, good_sgd_step_replacing],
}


def _not_implemented(*args):
    raise NotImplementedError("exercise 3: your code here")


# --------------------------------------------------------------------------------------
# Stubs: each must fail, readably
# --------------------------------------------------------------------------------------
STUBS = {
    check_sigmoid_prime: {
        "zeros": lambda z: np.zeros_like(z),
        "input": lambda z: z,
        "None": lambda z: None,
        "NotImplementedError": _not_implemented,
        "constant": lambda z: 0.25,
        "constant array": lambda z: np.full_like(z, 0.25, dtype=float),
    },
    check_one_neuron_gradients: {
        "zeros": lambda w, b, a_prev, y: (0.0, 0.0, 0.0),
        "input": lambda w, b, a_prev, y: (w, b, a_prev),
        "inputs unchanged": lambda w, b, a_prev, y: (w, b, a_prev, y),
        "None": lambda w, b, a_prev, y: None,
        "NotImplementedError": _not_implemented,
        "constant": lambda w, b, a_prev, y: (0.1, 0.2, 0.3),
    },
    check_delta_back: {
        "zeros": lambda W, d, z: np.zeros_like(z),
        "input delta_next": lambda W, d, z: d,
        "input z": lambda W, d, z: z,
        "None": lambda W, d, z: None,
        "NotImplementedError": _not_implemented,
        "constant": lambda W, d, z: np.full_like(z, 0.1),
    },
    check_batch_gradients: {
        "zeros": lambda ws, bs, X, Y, lam: ([np.zeros_like(W) for W in ws], [np.zeros_like(b) for b in bs]),
        "inputs unchanged": lambda ws, bs, X, Y, lam: (ws, bs),
        "None": lambda ws, bs, X, Y, lam: None,
        "NotImplementedError": _not_implemented,
        "constant": lambda ws, bs, X, Y, lam: ([np.full_like(W, 0.1) for W in ws], [np.full_like(b, 0.1) for b in bs]),
    },
    check_sgd_step: {
        "zeros": lambda ws, bs, dW, db, lr: ([np.zeros_like(W) for W in ws], [np.zeros_like(b) for b in bs]),
        "inputs unchanged": lambda ws, bs, dW, db, lr: (ws, bs),
        "None": lambda ws, bs, dW, db, lr: None,
        "NotImplementedError": _not_implemented,
        "constant": lambda ws, bs, dW, db, lr: 0.5,
    },
}
STUB_PARAMS = [pytest.param(check, fn, id=f"{check.__name__}-{name}")
               for check, stubs in STUBS.items() for name, fn in stubs.items()]
GOOD_PARAMS = [pytest.param(check, fn, id=f"{check.__name__}-{fn.__name__}")
               for check, fns in GOOD.items() for fn in fns]


@pytest.mark.parametrize("check, fn", GOOD_PARAMS)
def test_a_correct_implementation_passes(check, fn):
    for _ in range(3):  # fresh random cases every time
        result = check(fn)
        assert isinstance(result, CheckResult)
        assert result.passed and bool(result), str(result)
        assert result.case is None
        assert "passed" in str(result) and f"{result.n_cases} cases" in str(result)


@pytest.mark.parametrize("check, fn", STUB_PARAMS)
def test_a_stub_fails_with_a_readable_message(check, fn):
    result = check(fn)
    assert not result.passed and not bool(result)
    text = str(result)
    assert "failed" in text and check.__name__ in text
    assert "Traceback" not in text
    assert len(result.message) > 20
    if fn is _not_implemented:
        assert result.message.startswith("not implemented yet")
        assert "replace the `raise NotImplementedError(...)` line" in result.message
    else:
        assert result.case is not None and result.case.inputs  # the inputs that showed it


def test_a_stub_returning_none_is_told_to_return():
    for check, stubs in STUBS.items():
        result = check(stubs["None"])
        if check is check_sgd_step:  # a step returns nothing by design: there, nothing changed
            assert "nothing changed" in result.message
        else:
            assert "None" in result.message and "return" in result.hint, (check.__name__, str(result))


# --------------------------------------------------------------------------------------
# Pitfalls: each fails with its specific hint
# --------------------------------------------------------------------------------------
def _sp_sigma(z):
    return sig(z)


def _sp_z(z):
    return z * (1 - z)


def _sp_overflowing(z):
    e = np.exp(-z)
    return e / (1 + e) ** 2  # inf / inf = nan at z = -800


def _sp_math_exp(z):
    s = 1 / (1 + math.exp(-z))
    return s * (1 - s)


def _one_no_two(w, b, a_prev, y):
    dw, db, da = good_one_neuron(w, b, a_prev, y)
    return dw / 2, db / 2, da / 2


def _one_sign(w, b, a_prev, y):
    return tuple(-x for x in good_one_neuron(w, b, a_prev, y))


def _one_swapped(w, b, a_prev, y):
    dw, db, da = good_one_neuron(w, b, a_prev, y)
    return db, dw, da


def _one_no_sigma_prime(w, b, a_prev, y):
    a = 1 / (1 + math.exp(-(w * a_prev + b)))
    return a_prev * 2 * (a - y), 2 * (a - y), w * 2 * (a - y)


def _delta_no_transpose(W_next, delta_next, z):
    return (W_next @ delta_next) * good_sigmoid_prime(z)


def _delta_no_transpose_when_square(W_next, delta_next, z):
    # only a square W_next lets the mistake through without an error
    W = W_next if W_next.shape[0] == W_next.shape[1] else W_next.T
    return (W @ delta_next) * good_sigmoid_prime(z)


def _delta_no_sigma_prime(W_next, delta_next, z):
    return W_next.T @ delta_next


def _delta_transposed_result(W_next, delta_next, z):
    return good_delta_back(W_next, delta_next, z).T


def _delta_changes_z(W_next, delta_next, z):
    s = sig(z)
    z[...] = s * (1 - s)
    return (W_next.T @ delta_next) * z


def _batch_variant(factor=2.0, mean=True, reg="lam/m", bias_reg=False, transpose=True, m_rows=False):
    def fn(W, b, X, Y, lam):
        m = X.shape[0] if m_rows else X.shape[1]
        L = len(W)
        a, z = _forward(W, b, X)
        dW, db = {}, {}
        delta = factor * (a[L] - Y) * good_sigmoid_prime(z[L])
        scale = 1 / m if mean else 1.0
        for l in range(L, 0, -1):
            r = {"lam/m": lam / m, "lam": lam}[reg]
            dW[l] = scale * delta @ a[l - 1].T + r * W[l]
            db[l] = scale * delta.sum(axis=1, keepdims=True) + (r * b[l] if bias_reg else 0)
            if l > 1:
                W_back = W[l]
                if transpose == "square-only":
                    W_back = W_back if W_back.shape[0] == W_back.shape[1] else W_back.T
                elif transpose:
                    W_back = W_back.T
                delta = (W_back @ delta) * good_sigmoid_prime(z[l - 1])
        return dW, db
    return fn


_ACC = {}


def _batch_accumulating(W, b, X, Y, lam):
    """Keeps its accumulators in a global dict, created on the first call only."""
    dW, db = good_batch(W, b, X, Y, lam)
    key = tuple(W_l.shape for W_l in W)
    if key not in _ACC:
        _ACC[key] = ({l: np.zeros_like(g) for l, g in dW.items()}, {l: np.zeros_like(g) for l, g in db.items()})
    accW, accb = _ACC[key]
    for l in dW:
        accW[l] += dW[l]
        accb[l] += db[l]
    return accW, accb


def _batch_caching(W, b, X, Y, lam):
    """Remembers the first answer for each architecture and returns it again."""
    key = tuple(W_l.shape for W_l in W)
    if key not in _ACC:
        _ACC[key] = good_batch(W, b, X, Y, lam)
    return _ACC[key]


def _sgd_plus(ws, bs, dW, db, lr):
    for W, b, gW, gb in zip(ws, bs, dW, db):
        W += lr * gW
        b += lr * gb


def _sgd_no_lr(ws, bs, dW, db, lr):
    for W, b, gW, gb in zip(ws, bs, dW, db):
        W -= gW
        b -= gb


def _sgd_returns_new(ws, bs, dW, db, lr):
    return [W - lr * g for W, g in zip(ws, dW)], [b - lr * g for b, g in zip(bs, db)]


def _sgd_rebinds(ws, bs, dW, db, lr):
    for W, b, gW, gb in zip(ws, bs, dW, db):
        W = W - lr * gW  # noqa: F841 - the mistake under test
        b = b - lr * gb  # noqa: F841


def _sgd_first_layer_only(ws, bs, dW, db, lr):
    for W, b, gW, gb in zip(ws, bs, dW, db):
        W -= lr * gW
        b -= lr * gb
        return


def _sgd_scales_gradient(ws, bs, dW, db, lr):
    for W, b, gW, gb in zip(ws, bs, dW, db):
        gW *= lr
        gb *= lr
        W -= gW
        b -= gb


PITFALLS = [
    (check_sigmoid_prime, _sp_sigma, ["σ(z) itself"]),
    (check_sigmoid_prime, _sp_z, ["z (1 − z)", "s = σ(z) first"]),
    (check_sigmoid_prime, _sp_overflowing, ["NaN", "overflows"]),
    (check_sigmoid_prime, _sp_math_exp, ["np.exp"]),
    (check_one_neuron_gradients, _one_no_two, ["factor 2 is missing"]),
    (check_one_neuron_gradients, _one_sign, ["sign is wrong"]),
    (check_one_neuron_gradients, _one_swapped, ["dC0_dw and dC0_db are swapped"]),
    (check_one_neuron_gradients, _one_no_sigma_prime, ["σ'(z) is missing"]),
    (check_delta_back, _delta_no_transpose, ["transpose", "W_next.T @ delta_next"]),
    (check_delta_back, _delta_no_transpose_when_square, ["its transpose", "square"]),
    (check_delta_back, _delta_no_sigma_prime, ["σ'(z) is missing"]),
    (check_delta_back, _delta_transposed_result, ["transposed"]),
    (check_delta_back, _delta_changes_z, ["in place"]),
    (check_batch_gradients, _batch_variant(factor=1.0), ["1/m instead of 2/m", "no 1/2"]),
    (check_batch_gradients, _batch_variant(mean=False), ["AVERAGE", "m times too large"]),
    (check_batch_gradients, _batch_variant(m_rows=True), ["X.shape[1]"]),
    (check_batch_gradients, _batch_variant(transpose=False), ["transpose"]),
    (check_batch_gradients, _batch_variant(transpose="square-only"), ["transpose is missing", "W.T @ delta"]),
    (check_batch_gradients, _batch_variant(bias_reg=True), ["biases are regularised", "weights only"]),
    (check_batch_gradients, _batch_variant(reg="lam"), ["(λ/m) W^[l], not λ W^[l]"]),
    (check_batch_gradients, _batch_accumulating, ["accumulate", "afresh"]),
    (check_batch_gradients, _batch_caching, ["same gradients as for the previous"]),
    (check_sgd_step, _sgd_plus, ["UP the gradient"]),
    (check_sgd_step, _sgd_no_lr, ["learning rate lr is ignored"]),
    (check_sgd_step, _sgd_returns_new, ["returned the updated", "in place"]),
    (check_sgd_step, _sgd_rebinds, ["nothing changed", "rebinds the loop variable"]),
    (check_sgd_step, _sgd_first_layer_only, ["Only the first layer"]),
    (check_sgd_step, _sgd_scales_gradient, ["changed the gradients"]),
]


@pytest.mark.parametrize("check, fn, words", [
    pytest.param(c, f, w, id=f"{c.__name__}-{getattr(f, '__name__', 'fn')}-{w[0][:20]}") for c, f, w in PITFALLS])
def test_each_pitfall_fails_with_its_hint(check, fn, words):
    _ACC.clear()  # the module-level state of the accumulating and caching students
    result = check(fn)
    assert not result.passed
    text = result.message + " " + result.hint
    for word in words:
        assert word in text, f"{word!r} not in:\n{result}"
    assert result.case is not None and result.case.inputs


def test_transpose_pitfall_in_delta_rule_is_a_caught_error_with_the_inputs():
    result = check_delta_back(_delta_no_transpose)
    assert "raised ValueError" in result.message
    assert set(result.inputs) == {"W_next", "delta_next", "z"}
    assert result.inputs["W_next"].shape[0] != result.inputs["W_next"].shape[1]


def test_square_transpose_pitfall_gives_wrong_numbers_on_the_square_case():
    result = check_delta_back(_delta_no_transpose_when_square)
    assert "wrong numbers" in result.message
    W = result.inputs["W_next"]
    assert W.shape[0] == W.shape[1]
    assert np.allclose(result.got, (W @ result.inputs["delta_next"]) * good_sigmoid_prime(result.inputs["z"]))


def test_bias_regularisation_shows_in_db_only():
    result = check_batch_gradients(_batch_variant(bias_reg=True))
    assert result.inputs["lam"] > 0
    assert "db[" in result.message and "dW[" not in result.message.split("(right")[0]


def test_accumulation_is_seen_on_the_repeated_call():
    _ACC.clear()
    result = check_batch_gradients(_batch_accumulating)
    assert result.case.index == 2 and "same inputs again" in result.case.label


def test_accumulation_left_over_from_an_earlier_run_is_recognised():
    _ACC.clear()
    check_batch_gradients(_batch_accumulating)  # fills the accumulator
    result = check_batch_gradients(_batch_accumulating)
    assert result.case.index == 1 and "accumulate" in result.hint


# --------------------------------------------------------------------------------------
# Other failures: exceptions, wrong types and shapes, not a function
# --------------------------------------------------------------------------------------
def test_another_exception_reports_type_message_and_inputs():
    def broken(W_next, delta_next, z):
        raise ValueError("boom in my code")

    result = check_delta_back(broken)
    assert not result.passed
    assert "ValueError" in result.message and "boom in my code" in result.message
    assert "broken" in result.message  # where it was raised
    assert set(result.inputs) == {"W_next", "delta_next", "z"}
    assert "inputs:" in str(result) and "Traceback" not in str(result)


def test_wrong_return_shape_says_expected_versus_got():
    result = check_delta_back(lambda W, d, z: good_delta_back(W, d, z).ravel())
    assert "expected shape" in result.message and "has shape" in result.message
    result = check_batch_gradients(lambda *a: (good_batch(*a)[0], {l: g.ravel() for l, g in good_batch(*a)[1].items()}))
    assert "db[" in result.message and "has shape (" in result.message and "keepdims=True" in result.hint
    result = check_sigmoid_prime(lambda z: [good_sigmoid_prime(z)])
    assert not result.passed and "shape" in result.message
    result = check_one_neuron_gradients(lambda w, b, a_prev, y: good_one_neuron(w, b, a_prev, y)[:2])
    assert "three numbers" in result.message and "2 values" in result.message


def test_wrong_number_of_parameters_names_the_call():
    result = check_one_neuron_gradients(lambda w, b, a_prev: (0.0, 0.0, 0.0))
    assert "TypeError" in result.message and "fn(w, b, a_prev, y)" in result.hint


def test_batch_gradients_must_be_lists_per_layer():
    result = check_batch_gradients(lambda W, b, X, Y, lam: tuple(good_batch(W, b, X, Y, lam)[0].values()))
    assert not result.passed and "dW should hold" in result.message
    assert "return dW, db" in result.hint


def test_changing_the_weights_while_computing_gradients_fails():
    def updates_too(W, b, X, Y, lam):
        dW, db = good_batch(W, b, X, Y, lam)
        for l in dW:
            W[l] -= 0.1 * dW[l]
        return dW, db

    result = check_batch_gradients(updates_too)
    assert "changed its input W[1] in place" in result.message


def test_not_a_function():
    for check in GOOD:
        result = check(good_sigmoid_prime(0.0))  # called it instead of passing it
        assert not result.passed and "expected a function" in result.message
        assert "without calling it" in result.hint


def test_hard_coded_answers_fail_and_random_cases_change_between_runs():
    seen = []

    def recording(z):
        seen.append(np.array(z, dtype=float))
        return good_sigmoid_prime(z)

    assert check_sigmoid_prime(recording)
    first = seen[:]
    seen.clear()
    assert check_sigmoid_prime(recording)
    assert len(first) == len(seen)
    assert any(a.shape == b.shape and not np.array_equal(a, b) for a, b in zip(first, seen))

    table = {float(np.sum(z)): good_sigmoid_prime(z) for z in first}  # memorised from one run

    def hard_coded(z):
        return table.get(float(np.sum(z)), np.zeros_like(z, dtype=float))

    assert not check_sigmoid_prime(hard_coded)


# --------------------------------------------------------------------------------------
# Display
# --------------------------------------------------------------------------------------
def test_results_render_as_html_and_text():
    ok = check_sigmoid_prime(good_sigmoid_prime)
    page = ok._repr_html_()
    assert "✓ passed: check_sigmoid_prime" in page and f"({ok.n_cases} cases)" in page
    assert "failed" not in page
    assert repr(ok) == str(ok) and str(ok).startswith("✓ passed")

    bad = check_one_neuron_gradients(_one_no_two)
    page = bad._repr_html_()
    assert "✗" in page and "failed" in page and "passed" not in page.split("</div>")[0]
    assert "<table" in page and "expected" in page and "got" in page and "Hint:" in page
    assert html.escape(bad.hint) in page
    text = str(bad)
    assert text.startswith("✗") and "expected:" in text and "got:" in text and "hint:" in text

    stub = check_delta_back(_not_implemented)
    assert "not implemented yet" in stub._repr_html_() and "failed" in stub._repr_html_()


def test_html_is_escaped():
    def nasty(z):
        raise ValueError("<script>alert('x')</script> & <marquee>")

    page = check_sigmoid_prime(nasty)._repr_html_()
    assert "<script>" not in page and "<marquee>" not in page
    assert "&lt;script&gt;" in page and "&amp;" in page
    assert "<script>" in str(check_sigmoid_prime(nasty))  # plain text keeps it as written


# --------------------------------------------------------------------------------------
# The references are independent of nnlib's backpropagation
# --------------------------------------------------------------------------------------
def test_checks_import_nothing_from_the_rest_of_nnlib():
    """Only the container nnlib.layer_list (no maths in it), so the student gets W[l] numbered
    like the book, as from net.W."""
    folder = pathlib.Path(nnlib.__file__).parent / "checks"
    paths = sorted(folder.glob("*.py"))
    assert len(paths) >= 6
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                container = node.level == 2 and node.module == "layer_list"
                assert node.level in (0, 1) or container, f"{path.name} imports from outside nnlib.checks"
                assert node.level == 1 or node.module.split(".")[0] not in ("nnlib", "scipy"), path.name
            elif isinstance(node, ast.Import):
                assert all(a.name.split(".")[0] not in ("nnlib", "scipy") for a in node.names), path.name


def test_checks_still_pass_correct_code_when_nnlib_backprop_is_garbage(monkeypatch):
    import scipy.special

    def garbage(*args, **kwargs):
        raise AssertionError("a check called nnlib's own implementation")

    for target, name in [
        (nnlib.Network, "gradients"), (nnlib.Network, "backward"), (nnlib.Network, "cost"),
        (nnlib, "sigmoid_prime"), (nnlib, "sigmoid"), (nnlib.activations, "sigmoid_prime"),
        (nnlib.activations, "sigmoid"), (nnlib.layers, "linear_backward"),
        (nnlib.layers, "layer_backward"), (nnlib.costs, "quadratic_delta"), (nnlib, "numerical_gradients"),
        (nnlib.gradcheck, "numerical_gradients"), (scipy.special, "expit"),
    ]:
        monkeypatch.setattr(target, name, garbage, raising=False)  # raising=False: robust to renames
    monkeypatch.setattr(nnlib.Network, "gradients", lambda self, *a, **k: ([0 * W for W in self.W],
                                                                           [0 * b for b in self.b]))
    for check, fns in GOOD.items():
        for fn in fns:
            assert check(fn), f"{check.__name__} with {fn.__name__}"


def test_nnlib_itself_passes_the_checks():
    """Two independent computations agree: nnlib's backprop and the checks' references."""
    assert check_sigmoid_prime(nnlib.sigmoid_prime)

    def via_network(W, b, X, Y, lam):
        net = nnlib.Network([W[1].shape[1]] + [W_l.shape[0] for W_l in W], l2=lam)
        net.W, net.b = W, b
        return net.gradients(X, Y)

    assert check_batch_gradients(via_network)

    def delta_via_nnlib(W_next, delta_next, z):
        return (W_next.T @ delta_next) * nnlib.sigmoid_prime(z)

    assert check_delta_back(delta_via_nnlib)


def test_minibatches_check_has_no_false_alarm_when_a_shuffle_keeps_the_order():
    """A correct shuffle of 6 examples keeps their order once in 720 epochs (and repeats another
    seed's order as often): the check must not call that 'nothing was shuffled' (a build failed on it)."""
    from nnlib.checks.minibatches import check_minibatches

    def lucky(X, Y, batch_size, rng):
        m = X.shape[1]
        order = rng.permutation(m) if m >= 9 else np.arange(m)  # the rare draw, for the small sets
        return [(X[:, order[k:k + batch_size]], Y[:, order[k:k + batch_size]]) for k in range(0, m, batch_size)]

    assert check_minibatches(lucky)

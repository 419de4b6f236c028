"""Reading and driving the regularisation explorer (nnlib/viz/js/regularisation.js) in a browser,
and checking what it shows against nnlib.viz.batch; shared by the standalone-page test
(test_regularisation_explorer.py) and the built-book test (test_batch.py).

An explorer is given as a Playwright locator of its root element, which holds the explorer
object as root.regularisation.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from nnlib.viz import batch as bt

RTOL = 1e-9
ATOL = 1e-12  # for numbers that decay to about 0 (at lambda = 3 every weight is below 1e-6)
SLIDER_LABEL, FIELD_LABEL, RUN_LABEL = "λ (log scale)", "λ", "run (training points and initial weights)"
# everything the explorer shows, from its root element
READ = """root => { const e = root.regularisation, s = e.state, c = e.controls;
    return {lam: e.lam, run: e.run, busy: e.busy, state: {...s, field: undefined},
            title: e.title.textContent, readout: e.readout.textContent, status: e.status.textContent,
            slider: Number(c.slider.value), slider_text: c.slider.getAttribute('aria-valuetext'),
            field: c.lam.value, run_field: c.run.value,
            bar_texts: Array.from(e.bars.querySelectorAll('text'), t => t.textContent),
            points: e.points.childElementCount}; }"""


def trained(page, root, log=None, timeout_ms=20_000):
    """Wait until the page has trained the network for the current choice; return what it shows."""
    from .helpers import wait_until

    wait_until(page, "root => !root.regularisation.busy && root.regularisation.state.lam === "
               "root.regularisation.lam && root.regularisation.state.run === root.regularisation.run",
               "the training in the page", arg=root.element_handle(), log=log, timeout_ms=timeout_ms)
    return root.evaluate(READ)


@lru_cache(maxsize=None)
def other_order(lam, run):
    """The numbers of nnlib's training summed in another order: Network.gradients on the m points
    in their own order, EPOCHS steps of W -= lr dW (nnlib.sgd takes them shuffled, as [x; 1] rows).
    Mathematically the same training; its distance from run_result is how far rounding alone moves
    it. For most (lambda, run) that is about 1e-15; for a few (runs 3 and 7 with lambda near 0),
    where lr = 1 makes the descent wander, differences of 1e-16 in a sum grow to about 1e-3."""
    X, Y = bt.training_set(run)
    net = bt.regularised_network(lam, seed=run)
    for _ in range(bt.EPOCHS):
        dW, db = net.gradients(X, Y)
        for l in range(1, len(bt.SIZES)):
            net.W[l] -= bt.LR * dW[l]
            net.b[l] -= bt.LR * db[l]
    return numbers(net, lam, run)


def numbers(net, lam, run):
    """What assert_nnlib compares, of a trained nnlib network: {name: array}."""
    (X, Y), (X_test, Y_test) = bt.training_set(run), bt.test_set()
    data = net.copy()
    data.l2 = 0.0
    gx, gy = np.meshgrid(bt.PLANE, bt.PLANE)
    w2 = [float(np.sum(W * W)) for W in net.W]
    return {"theta": net.get_params(), "weight_norms": np.array(w2), "bias_norms": np.array([np.sum(b * b) for b in net.b]),
            "penalty": np.array(lam / (2 * bt.M) * sum(w2)),
            "costs": np.array([data.cost(X, Y), data.cost(X_test, Y_test)]),
            "region": net.forward(np.vstack([gx.ravel(), gy.ravel()]))[0],
            "a_train": net.forward(X)[0], "a_test": net.forward(X_test)[0]}


def close(shown, expected, what, other=None):
    """shown equals expected to RTOL (ATOL near 0); where nnlib summed in another order (other)
    lies further from expected than that, within 10 times its largest distance (over the quantity)."""
    shown, expected = np.asarray(shown, dtype=float).ravel(), np.asarray(expected, dtype=float).ravel()
    tol = RTOL * np.abs(expected) + ATOL
    if other is not None:
        tol = np.maximum(tol, 10 * np.max(np.abs(np.asarray(other, dtype=float).ravel() - expected)))
    bad = np.abs(shown - expected) > tol
    assert not bad.any(), (f"{what}: {bad.sum()} of {bad.size} differ, e.g. {shown[bad][:3]} against "
                           f"{expected[bad][:3]} (tolerance {tol[bad][:3]})")
    return float(np.max(np.abs(shown - expected) / np.maximum(np.abs(expected), 1e-300)))


def well_conditioned(lam, run):
    """True when nnlib summed in another order agrees with run_result to RTOL (then so must the page)."""
    other, ours = other_order(lam, run), numbers(bt.trained_network(lam, run), lam, run)
    return all(np.allclose(other[k], ours[k], rtol=RTOL, atol=ATOL) for k in ours)


def undecided(a, threshold, width):
    """How many outputs lie within width of a threshold, where rounding may put them on either side."""
    return int(np.sum(np.abs(np.asarray(a) - threshold) < width))


def assert_nnlib(shown):
    """Every number of the state shown equals nnlib's run_result for its (lambda, run), to RTOL;
    the title and the bars' texts are regularisation_title's and the figure's. Where rounding alone
    moves nnlib's own result further (other_order), the page must lie within 10 times that
    distance instead, and the printed texts are not compared. Returns the RegularisationResult."""
    s, lam, run = shown["state"], shown["lam"], shown["run"]
    assert (s["lam"], s["run"]) == (lam, run) and not shown["busy"]
    r, net = bt.run_result(lam, run), bt.trained_network(lam, run)
    ours = numbers(net, lam, run)
    assert np.allclose(ours["region"], r.region.ravel(), rtol=0, atol=0)  # numbers() reads run_result's way
    other = other_order(lam, run)
    at = f" at lambda = {lam}, run {run}"
    close(s["theta"], ours["theta"], "theta" + at, other["theta"])
    close(s["weight_norms"], r.weight_norms, "weight norms" + at, other["weight_norms"])
    close(s["bias_norms"], r.bias_norms, "bias norms" + at, other["bias_norms"])
    close([s["weight_norm"], s["bias_norm"]], [r.weight_norm, r.bias_norm], "sums of norms" + at,
          [other["weight_norms"].sum(), other["bias_norms"].sum()])
    close(s["penalty"], r.penalty, "penalty" + at, other["penalty"])
    close([s["train_cost"], s["test_cost"]], [r.train_cost, r.test_cost], "costs" + at, other["costs"])
    close(s["region"], r.region, "the output on the plane's grid" + at, other["region"])
    strict = well_conditioned(lam, run)
    # an accuracy counts outputs above 0.5: those within 1e-9 of it (or, where rounding moves
    # nnlib's own outputs further, within 10 times that) may fall either way
    a_train, a_test = ours["a_train"], ours["a_test"]
    width = 1e-9 if strict else max(1e-9, 10 * np.max(np.abs(other["a_test"] - a_test)),
                                    10 * np.max(np.abs(other["a_train"] - a_train)))
    assert abs(s["train_accuracy"] - r.train_accuracy) * bt.M <= undecided(a_train, 0.5, width)
    assert abs(s["test_accuracy"] - r.test_accuracy) * bt.N_TEST <= undecided(a_test, 0.5, width)
    assert abs(s["test_sure"] - r.test_sure) * bt.N_TEST <= (undecided(a_test, bt.SURE, width)
                                                            + undecided(a_test, 1 - bt.SURE, width))
    if strict and undecided(a_test, 0.5, 1e-9) == 0:
        assert shown["title"] == bt.regularisation_title(r)
    # the bars' printed values: after each panel's title, a value and a name per bar
    texts = [t.removesuffix(" ↑") for t in shown["bar_texts"]]
    if strict:
        assert texts[1:9:2] == [f"{v:.1f}" for v in (*r.weight_norms, *r.bias_norms)]
        assert texts[10:16:2] == [f"{v:.3f}" for v in (r.train_cost, r.test_cost, r.penalty)]
    assert texts[2:9:2] == list(bt.NORM_LABELS) and texts[11:16:2] == list(bt.COST_LABELS)
    assert shown["points"] == bt.M
    return r


def drag_slider(page, root, to_fraction):
    """Drag the lambda slider's thumb from where it is to to_fraction (0..1) of its track."""
    slider = root.get_by_label(SLIDER_LABEL, exact=True)
    box = slider.bounding_box()
    position = float(slider.input_value()) / float(slider.get_attribute("max"))
    y = box["y"] + box["height"] / 2
    x0 = box["x"] + 8 + position * (box["width"] - 16)  # the thumb's centre (Chromium's thumb is 16 px)
    page.mouse.move(x0, y)
    page.mouse.down()
    x1 = box["x"] + 8 + to_fraction * (box["width"] - 16)
    page.mouse.move(x1, y, steps=8)
    page.mouse.up()


def lam_of_position(p):
    """The slider's lambda at position p, as regularisation.js's sliderLambda (checked in the tests)."""
    s = bt.SLIDER
    return 0.0 if p == 0 else float(f"{10 ** (s['lo'] + (p - 1) / s['per_decade']):.3g}")


def assert_readout_says(shown):
    assert shown["readout"].endswith(f"test accuracy {100 * shown['state']['test_accuracy']:.1f} %.")
    assert f"λ = {shown['lam']:g}, run {shown['run']}:" in shown["title"]


"""Reading and driving the regularisation explorer (nnlib/viz/js/regularisation.js) in a browser,
and checking what it shows against nnlib.viz.batch; shared by the standalone-page test
(test_regularisation_explorer.py) and the built-book test (test_batch.py).

An explorer is given as a Playwright locator of its root element, which holds the explorer
object as root.regularisation.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from nnlib.train import sgd
from nnlib.viz import batch as bt

RTOL = 1e-9
ATOL = 1e-12  # for numbers that decay to about 0 (at lambda = 3 every weight is below 1e-6)
EARLY = 400  # steps after which nnlib summed in any order still agrees to 1e-15, in every run
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

    wait_until(page, "root => !root.regularisation.busy && root.regularisation.state?.lam === "
               "root.regularisation.lam && root.regularisation.state?.run === root.regularisation.run",
               "the training in the page", arg=root.element_handle(), log=log, timeout_ms=timeout_ms)
    return root.evaluate(READ)


@lru_cache(maxsize=None)
def other_order(lam, run):
    """The weights of nnlib's training summed in another order: Network.gradients on the m points
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
    return net.get_params()


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


def close(shown, expected, what):
    """shown equals expected to RTOL (ATOL for numbers near 0); returns the largest relative error
    over the entries above 1e-6 in size."""
    shown, expected = np.asarray(shown, dtype=float).ravel(), np.asarray(expected, dtype=float).ravel()
    bad = np.abs(shown - expected) > RTOL * np.abs(expected) + ATOL
    assert not bad.any(), f"{what}: {bad.sum()} of {bad.size} differ, e.g. {shown[bad][:3]} against {expected[bad][:3]}"
    keep = np.abs(expected) > 1e-6
    return float(np.max(np.abs(shown - expected)[keep] / np.abs(expected[keep]), initial=0.0))


@lru_cache(maxsize=None)
def well_conditioned(lam, run):
    """True when nnlib summed in another order (other_order) ends at run_result's weights to RTOL."""
    return bool(np.allclose(other_order(lam, run), bt.trained_network(lam, run).get_params(), rtol=RTOL, atol=ATOL))


@lru_cache(maxsize=None)
def nnlib_after(lam, run, steps):
    """run's weights after the first `steps` steps of nnlib.sgd's training (the same batch orders)."""
    X, Y = bt.training_set(run)
    net = bt.regularised_network(lam, seed=run)
    sgd(net, X, Y, epochs=steps, batch_size=None, lr=bt.LR)
    return net.get_params()


def undecided(a, threshold):
    """How many outputs lie within 1e-9 of a threshold, where rounding may put them on either side."""
    return int(np.sum(np.abs(np.asarray(a) - threshold) < 1e-9))


def assert_nnlib(shown, root):
    """The training and every number shown are nnlib's, to RTOL; returns the largest relative error.

    - The page's final weights equal run_result's (nnlib.sgd at the same lambda, run, epochs and
      lr). Where rounding alone moves nnlib's own result (other_order differs: runs 3 and 7 with a
      small lambda, where lr = 1 makes the descent wander), no implementation can match the last
      steps; there the page's weights after the first EARLY steps must equal nnlib's after EARLY.
    - Every number the page shows (norms, penalty, costs, accuracies, the output on the plane's
      41 x 41 grid) equals what nnlib computes from the page's final weights; the title and the
      bars' texts are regularisation_title's and the figure's when the weights are run_result's.
    """
    s, lam, run = shown["state"], shown["lam"], shown["run"]
    assert (s["lam"], s["run"]) == (lam, run) and not shown["busy"]
    at = f" at lambda = {lam}, run {run}"
    if well_conditioned(lam, run):
        errors = [close(s["theta"], bt.trained_network(lam, run).get_params(), "theta" + at)]
    else:
        early = root.evaluate("""(root, [lam, run, steps]) => { const e = root.regularisation, job = e.start(lam, run);
            e.advance(job, steps); return Array.from(job.net.getParams()); }""", [lam, run, EARLY])
        errors = [close(early, nnlib_after(lam, run, EARLY), f"theta after {EARLY} steps" + at)]
    net = bt.regularised_network(lam, seed=run)
    net.set_params(np.array(s["theta"]))
    ours = numbers(net, lam, run)  # nnlib's numbers for the page's weights
    errors += [close(s["weight_norms"], ours["weight_norms"], "weight norms" + at),
               close(s["bias_norms"], ours["bias_norms"], "bias norms" + at),
               close([s["weight_norm"], s["bias_norm"]], [ours["weight_norms"].sum(), ours["bias_norms"].sum()],
                     "sums of norms" + at),
               close(s["penalty"], ours["penalty"], "penalty" + at),
               close([s["train_cost"], s["test_cost"]], ours["costs"], "costs" + at),
               close(s["region"], ours["region"], "the output on the plane's grid" + at)]
    (_, Y), (_, Y_test) = bt.training_set(run), bt.test_set()
    a_train, a_test = ours["a_train"], ours["a_test"]
    accuracy = lambda a, y: float(np.mean((a > 0.5) == y[0]))  # noqa: E731 - nnlib's predict
    # outputs within 1e-9 of 0.5 (or of SURE) may fall either way
    assert abs(s["train_accuracy"] - accuracy(a_train, Y)) * bt.M <= undecided(a_train, 0.5)
    assert abs(s["test_accuracy"] - accuracy(a_test, Y_test)) * bt.N_TEST <= undecided(a_test, 0.5)
    sure = float(np.mean((a_test < bt.SURE) | (a_test > 1 - bt.SURE)))
    assert abs(s["test_sure"] - sure) * bt.N_TEST <= undecided(a_test, bt.SURE) + undecided(a_test, 1 - bt.SURE)
    r = bt.run_result(lam, run)
    if well_conditioned(lam, run) and undecided(a_test, 0.5) == 0:
        assert shown["title"] == bt.regularisation_title(r)
        # the bars' printed values: after each panel's title, a value and a name per bar
        texts = [t.removesuffix(" ↑") for t in shown["bar_texts"]]
        assert texts[1:9:2] == [f"{v:.1f}" for v in (*r.weight_norms, *r.bias_norms)]
        assert texts[10:16:2] == [f"{v:.3f}" for v in (r.train_cost, r.test_cost, r.penalty)]
        assert texts[2:9:2] == list(bt.NORM_LABELS) and texts[11:16:2] == list(bt.COST_LABELS)
    assert shown["points"] == bt.M
    return max(errors)


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


"""Reading and driving the SGD explorer (nnlib/viz/js/sgd_explorer.js) in a browser, and checking
what it shows against nnlib.viz.sgd; shared by the standalone-page test (test_sgd_explorer.py) and
the built-book test (test_sgd.py).

An explorer is given as a Playwright locator of its root element (class nnjs-explorer), which
holds the explorer object as root.sgd.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from nnlib.viz import sgd as S
from nnlib.viz.neuron import one_neuron
from nnlib.viz.playground_data import sgd_batch_orders

RTOL, ATOL = 1e-9, 1e-12
BATCH_LABEL, SLIDER_LABEL, FIELD_LABEL = "batch size B", "learning rate η (log scale)", "learning rate η"
READ = """root => { const e = root.sgd, c = e.controls;
    return {batch_size: e.batchSize, lr: e.lr, state: e.state, title: e.title.textContent,
            readout: e.readout.textContent, status: e.status.textContent,
            slider: Number(c.slider.value), slider_text: c.slider.getAttribute('aria-valuetext'),
            field: c.lr.value, batch_field: c.batch.value,
            sgd_points: e.sgdLine.getAttribute('points').split(' ').length,
            full_points: e.fullLine.getAttribute('points').split(' ').length,
            ends_drawn: (e.costPanel.querySelector('.nnjs-sgd-ends').getAttribute('d').match(/M/g) || []).length}; }"""


def trained(page, root, log=None, timeout_ms=20_000):
    """Wait until the page has trained the runs of the current choice; return what it shows."""
    from .helpers import wait_until

    wait_until(page, "root => { const e = root.sgd; return !e.busy && e.state.batch_size === e.batchSize "
               "&& e.state.lr === e.lr; }", "the training in the page", arg=root.element_handle(), log=log,
               timeout_ms=timeout_ms)
    return root.evaluate(READ)


NUDGES = ((1 + 1e-12, 1.0), (1.0, 1 + 1e-12))  # the start's w, then its b, changed by 1e-12 relative


@lru_cache(maxsize=None)
def spread(B, lr, seed):
    """(w, b, cost after every step): how far nnlib's own run (B, lr, seed) moves when its start
    changes by 1e-12 relative (NUDGES, the larger of the two). The page's twin rounds differently
    from nnlib (about 1e-16 relative a step); where a 1e-12 change grows beyond RTOL / 10 the run
    is chaotic (single examples at large rates) and rounding alone decides its digits."""
    p = S.sgd_path(B, lr, seed=seed)
    moved = [S.sgd_path(B, lr, seed=seed, start=(S.START[0] * u, S.START[1] * v)) for u, v in NUDGES]
    return tuple(np.max([np.abs(getattr(p, k) - getattr(q, k)) for q in moved], axis=0) for k in ("w", "b", "cost"))


CHAOTIC = 1e-6  # a 1e-12 change of the start grown to this (relative): rounding decides the digits


def close(got, expected, what, own):
    """got (from the page) equals expected (nnlib) to RTOL relative (ATOL near zero), or within 10
    times nnlib's own spread `own` where a 1e-12 change of the start grows beyond RTOL / 10. Where it
    grows beyond CHAOTIC, no digits are fixed: those numbers are left to assert_chaotic_path (and
    final costs to lie on the map). Returns (the largest relative error of the others, a mask of
    the chaotic numbers)."""
    got, expected, own = (np.asarray(v, float) for v in (got, expected, own))
    assert got.shape == expected.shape, (what, got.shape, expected.shape)
    assert np.isfinite(got).all(), what
    tolerance = RTOL * np.abs(expected) + ATOL
    chaotic = own > CHAOTIC * np.abs(expected)
    allowed = np.maximum(tolerance, 10 * own)
    bad = (np.abs(got - expected) > allowed) & ~chaotic
    assert not bad.any(), (f"{what}: the page and nnlib differ at {np.flatnonzero(bad)[:5].tolist()}: "
                           f"{got[bad][:3]} vs {expected[bad][:3]} (allowed {allowed[bad][:3]})")
    rel = (np.abs(got - expected) / np.maximum(np.abs(expected), 1e-300))[~chaotic]
    return (float(rel.max()) if rel.size else 0.0), chaotic


def assert_chaotic_path(got, B, lr):
    """Each step of the page's path is nnlib's step from the page's own previous point: Network.
    gradients on that step's mini-batch (nnlib.sgd's order for SEED), W -= lr dW, to RTOL."""
    X, Y = S.exam_data()
    w, b = np.array(got["w"]), np.array(got["b"])
    batches = [order[k:k + B] for order in sgd_batch_orders(S.SEED, S.M, S.EPOCHS) for k in range(0, S.M, B)]
    assert len(batches) == len(w) - 1
    net = one_neuron(0.0, 0.0)
    for k, batch in enumerate(batches):
        net.set_params(np.array([w[k], b[k]]))
        dW, db = net.gradients(X[:, batch], Y[:, batch])
        step = (w[k] - lr * dW[1][0, 0], b[k] - lr * db[1][0, 0])
        np.testing.assert_allclose([w[k + 1], b[k + 1]], step, rtol=RTOL, atol=ATOL, err_msg=f"step {k + 1}")
    np.testing.assert_allclose(got["cost"], S.costs_along(w, b), rtol=RTOL, atol=ATOL, err_msg="costs")


def title(p, full):
    """The explorer's title, from nnlib's runs (as the static figure's title)."""
    return (f"B = {p.batch_size}, η = {p.lr:g}: {p.n_steps} steps in {p.epochs} epochs, final cost "
            f"C = {p.cost[-1]:.4f}  (full batch: {full.n_steps} steps, C = {full.cost[-1]:.4f})")


def assert_nnlib(shown):
    """Both paths (w, b, examples, full-batch cost after every step), the final cost of the run of
    every seed of RUN_SEEDS, the title and the readout are nnlib's for the shown (B, lr), to RTOL
    (close). Where a run is chaotic (single examples at large rates: a 1e-12 change of the start
    grows beyond CHAOTIC in nnlib itself), the path is checked step by step from the page's own
    points (assert_chaotic_path) and the final costs to lie between the lowest cost and the map's
    highest. Returns (the largest relative error among the other numbers, how many were chaotic)."""
    B, lr, s = shown["batch_size"], shown["lr"], shown["state"]
    p, full = S.sgd_path(B, lr), S.sgd_path(None, lr)
    errors, chaotic = [], 0
    for name, got, q, size in (("SGD path", s["path"], p, B), ("full-batch path", s["full"], full, S.M)):
        own = dict(zip(("w", "b", "cost"), spread(size, lr, S.SEED)))
        masks = []
        for key in ("w", "b", "cost"):
            error, mask = close(got[key], getattr(q, key), f"{name} {key} at B = {B}, lr = {lr}", own[key])
            errors.append(error)
            masks.append(mask)
        if np.any(masks):
            assert_chaotic_path(got, size, lr)
            chaotic += int(np.sum(np.any(masks, axis=0)))
        assert got["examples"] == [int(e) for e in q.examples], name
    ends = [r.cost[-1] for r in S.runs(B, lr)]
    own_ends = [spread(B, lr, seed)[2][-1] for seed in S.RUN_SEEDS]
    error, mask = close(s["ends"], ends, f"final costs at B = {B}, lr = {lr}", own_ends)
    errors.append(error)
    chaotic += int(mask.sum())
    assert all(S.lowest_point()[2] <= c <= S.cost_grid().max() for c in np.asarray(s["ends"])[mask])
    if not chaotic:  # the printed numbers are nnlib's (a chaotic run may print other digits)
        assert shown["title"] == title(p, full)
        assert shown["readout"] == (
            f"Mini-batch SGD (seed {S.SEED}) ends at w = {p.w[-1]:.2f}, b = {p.b[-1]:.2f}; full batch ends at "
            f"w = {full.w[-1]:.2f}, b = {full.b[-1]:.2f}. Final costs of the {len(ends)} runs: from "
            f"{min(ends):.4f} to {max(ends):.4f}.")
    assert shown["sgd_points"] == p.n_steps + 1 and shown["full_points"] == full.n_steps + 1
    assert shown["ends_drawn"] == len(S.RUN_SEEDS)
    return max(errors), chaotic


def lr_of_position(p):
    """The slider's learning rate at position p, as sgd_explorer.js's sliderRate (checked in the tests)."""
    s = S.LR_SLIDER
    return float(f"{10 ** (s['lo'] + p / s['per_decade']):.3g}")


def drag_slider(page, root, to_fraction):
    """Drag the learning-rate slider's thumb from where it is to to_fraction (0..1) of its track."""
    slider = root.get_by_label(SLIDER_LABEL, exact=True)
    box = slider.bounding_box()
    position = float(slider.input_value()) / float(slider.get_attribute("max"))
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 8 + position * (box["width"] - 16), y)  # the thumb's centre (16 px wide)
    page.mouse.down()
    page.mouse.move(box["x"] + 8 + to_fraction * (box["width"] - 16), y, steps=8)
    page.mouse.up()

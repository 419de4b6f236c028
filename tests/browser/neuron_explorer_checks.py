"""Reading and driving the two one-neuron explorers (nnlib/viz/js/neuron_explorers.js) in a browser
and checking what they show against nnlib; shared by the standalone-page test
(test_neuron_explorers.py) and the built-book tests (test_gradient_descent.py, test_built_book.py).

An explorer is given as a Playwright locator of its root element (class nnjs-explorer), which
holds the explorer object as root.explorer.
"""
from __future__ import annotations

import numpy as np
import pytest

from nnlib.viz import gradient_descent as gd
from nnlib.viz.neuron import _title, neuron_fit

RTOL = 1e-9
READ_NEURON = """root => { const e = root.explorer, c = e.controls;
    return {w: e.w, b: e.b, state: e.state, readout: e.readout.textContent, status: e.status.textContent,
            fields: [c.w.range.value, c.w.number.value, c.b.range.value, c.b.number.value],
            valuenow: e.handle.getAttribute('aria-valuenow'),
            dot: [Number(e.dot.getAttribute('cx')), Number(e.dot.getAttribute('cy'))]}; }"""
READ_DESCENT = """root => { const e = root.explorer, c = e.controls;
    return {view: e.view, diverged: e.path.diverged, readout: e.readout.textContent, status: e.status.textContent,
            playing: e.playing, fields: [c.lrRange.value, c.lr.value, c.k.value],
            dot: [Number(e.dot.getAttribute('cx')), Number(e.dot.getAttribute('cy'))]}; }"""


def read_neuron(root) -> dict:
    return root.evaluate(READ_NEURON)


def read_descent(root) -> dict:
    return root.evaluate(READ_DESCENT)


def assert_neuron_nnlib(shown):
    """The pipeline explorer's numbers at its (w, b) are neuron_fit's (relative 1e-9) and its
    readout is the chapter figure's title made from nnlib's numbers."""
    fit, s = neuron_fit(shown["w"], shown["b"]), shown["state"]
    for key in ("cost", "dC_dw", "dC_db"):
        assert s[key] == pytest.approx(getattr(fit, key), rel=RTOL, abs=1e-15), (key, shown["w"], shown["b"])
    np.testing.assert_allclose(s["curve"], fit.curve, rtol=RTOL, atol=1e-15)
    np.testing.assert_allclose(s["outputs"], fit.outputs, rtol=RTOL, atol=1e-15)
    assert shown["readout"] == _title(fit)
    return max_relative_error([s["cost"], s["dC_dw"], s["dC_db"], *s["curve"], *s["outputs"]],
                              [fit.cost, fit.dC_dw, fit.dC_db, *fit.curve, *fit.outputs])


def max_relative_error(shown, expected):
    shown, expected = np.asarray(shown, float), np.asarray(expected, float)
    return float(np.max(np.abs(shown - expected) / np.maximum(np.abs(expected), 1e-300)))


def descent_readout(v):
    reached = (f"The cost never gets below {gd.THRESHOLD:g} in these {v.steps} steps." if v.steps_to_threshold is None
               else f"The cost first gets below {gd.THRESHOLD:g} at step {v.steps_to_threshold}.")
    return f"{gd.descent_title(v)}. {reached}"


def assert_descent_nnlib(shown):
    """The descent explorer's path up to step k, its costs, |grad C| at k and the first step below
    the threshold are descent_view's for its (lr, start, k) (relative 1e-9); the readout is the
    chapter figure's title made from nnlib's numbers."""
    s = shown["view"]
    v = gd.descent_view(s["lr"], s["w0"], s["b0"], gd.N_STATIC, s["k"])
    assert s["k"] == v.k and s["steps_to_threshold"] == v.steps_to_threshold
    for key in ("w", "b", "costs"):
        np.testing.assert_allclose(s[key], getattr(v, key), rtol=RTOL, atol=1e-15, err_msg=key)
    assert s["grad_norm"] == pytest.approx(v.grad_norm, rel=RTOL, abs=1e-15)
    assert shown["readout"] == descent_readout(v)
    return max_relative_error([*s["w"], *s["b"], *s["costs"], s["grad_norm"]],
                              [*v.w, *v.b, *v.costs, v.grad_norm])


def to_screen(root, w, b):
    """The screen position of (w, b) on the explorer's map."""
    box = root.locator(".nnjs-cs-map").bounding_box()
    x, y = root.evaluate("(root, [w, b]) => [root.explorer.toX(w), root.explorer.toY(b)]", [w, b])
    return box["x"] + x, box["y"] + y


def drag_point(page, root, w_to, b_to, where):
    """Drag the map's point from where it is (where: (w, b) now) to (w_to, b_to) with the mouse."""
    root.scroll_into_view_if_needed()
    page.mouse.move(*to_screen(root, *where))
    page.mouse.down()
    page.mouse.move(*to_screen(root, w_to, b_to), steps=5)
    page.mouse.up()

"""Reading and driving the cost-surface explorer (nnlib/viz/js/cost_surface.js) in a browser, and
checking what it shows against nnlib.viz.cost_surface; shared by the standalone-page test
(test_cost_surface_explorer.py) and the built-book test (test_cost_surface.py).

An explorer is given as a Playwright locator of its root element (class nnjs-explorer), which
holds the explorer object as root.costSurface.
"""
from __future__ import annotations

import numpy as np
import pytest

from nnlib.viz import cost_surface as cs

RTOL = 1e-9
# everything the explorer shows, from its root element
READ = """root => { const cs = root.costSurface;
    return {w: cs.w, b: cs.b, lr: cs.lr, state: cs.state, path: cs.descentPath, readout: cs.readout.textContent,
            status: cs.status.textContent, fields: [cs.controls.w.value, cs.controls.b.value, cs.controls.lr.value],
            dot: [Number(cs.dot.getAttribute('cx')), Number(cs.dot.getAttribute('cy'))],
            arrow: ['x1', 'y1', 'x2', 'y2'].map(k => Number(cs.arrow.getAttribute(k)))}; }"""


def read(root) -> dict:
    return root.evaluate(READ)


def number(x):
    """x as JavaScript's String(x) prints the explorer's 2-decimal values (e.g. 1, -0.5, 2.37)."""
    return f"{x:g}" if x != 0 else "0"


def expected_readout(w, b, lr):
    """The readout's text, made from nnlib's numbers (fmt as the figures print them)."""
    p, path = cs.surface_point(w, b), cs.descent_path(w, b, lr)
    return (f"w = {number(w)}, b = {number(b)}: C = {cs.fmt(p.cost)}, ∂C/∂w = {cs.fmt(p.dC_dw)}, "
            f"∂C/∂b = {cs.fmt(p.dC_db)}, |∇C| = {cs.fmt(p.grad_norm)}. {cs.DESCENT_STEPS} steps with "
            f"η = {number(lr)}: C = {cs.fmt(path.cost[0])} → {cs.fmt(path.cost[-1])}.")


def assert_nnlib(shown):
    """Every number the explorer shows for its (w, b, lr) is nnlib's: the cost, the gradient and
    its direction, the curve and the outputs (relative 1e-9), the 40-step descent path (1e-8: the
    steps add up rounding), the readout's text and the number fields."""
    w, b, lr = shown["w"], shown["b"], shown["lr"]
    p, path = cs.surface_point(w, b), cs.descent_path(w, b, lr)
    s = shown["state"]
    for key in ("cost", "dC_dw", "dC_db", "grad_norm"):
        assert s[key] == pytest.approx(getattr(p, key), rel=RTOL, abs=1e-15), (key, w, b)
    np.testing.assert_allclose(s["descent"], p.descent, rtol=RTOL, atol=1e-12)
    np.testing.assert_allclose(s["curve"], p.fit.curve, rtol=RTOL, atol=1e-15)
    np.testing.assert_allclose(s["outputs"], p.fit.outputs, rtol=RTOL, atol=1e-15)
    for key in ("w", "b", "cost"):
        np.testing.assert_allclose(shown["path"][key], getattr(path, key), rtol=1e-8, atol=1e-12, err_msg=key)
    assert shown["readout"] == expected_readout(w, b, lr)
    assert shown["fields"] == [number(w), number(b), number(lr)]


def to_screen(root, w, b):
    """The screen position of (w, b) on the explorer's map."""
    box = root.locator(".nnjs-cs-map").bounding_box()
    x, y = root.evaluate("(root, [w, b]) => [root.costSurface.toX(w), root.costSurface.toY(b)]", [w, b])
    return box["x"] + x, box["y"] + y


def drag_and_check(page, root, w_to, b_to):
    """Drag the point from where it is to (w_to, b_to) (pressed on the point, moved in steps,
    released) and check: it follows the pointer (to the 0.01 it rounds to, within 1.5 px on the
    screen), it shows nnlib's numbers there, already before the release, the arrow starts at the
    point along -grad C, and a screen reader hears the readout when the drag ends."""
    shown = read(root)
    root.scroll_into_view_if_needed()
    page.mouse.move(*to_screen(root, shown["w"], shown["b"]))
    page.mouse.down()
    target = to_screen(root, w_to, b_to)
    page.mouse.move(*target, steps=6)
    during = read(root)
    page.mouse.up()
    shown = read(root)
    assert during["readout"] == shown["readout"], "the figure changed on release, not while dragging"
    assert abs(shown["w"] - w_to) <= 0.02 and abs(shown["b"] - b_to) <= 0.02, (shown["w"], shown["b"], w_to, b_to)
    assert round(shown["w"], 2) == shown["w"] and round(shown["b"], 2) == shown["b"]
    assert_nnlib(shown)
    assert shown["status"] == shown["readout"]
    box = root.locator(".nnjs-cs-map").bounding_box()
    assert abs(box["x"] + shown["dot"][0] - target[0]) < 1.5 and abs(box["y"] + shown["dot"][1] - target[1]) < 1.5
    x1, y1, x2, y2 = shown["arrow"]
    assert (x1, y1) == tuple(shown["dot"])
    # screen y grows downwards: the arrow's screen direction is (d_w, -d_b), both axes scaled alike
    direction = np.array([x2 - x1, -(y2 - y1)])
    np.testing.assert_allclose(direction / np.linalg.norm(direction), cs.surface_point(shown["w"], shown["b"]).descent,
                               atol=1e-6)
    return shown


def set_fields(root, w, b, lr):
    """Type w, b and lr into the number fields, then leave the last (a change: screen readers hear it)."""
    for label, value in (("weight w", w), ("bias b", b), ("learning rate η", lr)):
        root.get_by_label(label, exact=True).fill(number(value))
    root.get_by_label("learning rate η", exact=True).press("Tab")
    return read(root)

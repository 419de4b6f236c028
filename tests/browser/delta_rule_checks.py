"""Reading and driving the delta-rule explorer (nnlib/viz/js/delta_rule.js) in a browser, and
checking what it shows against nnlib.viz.delta_rule; shared by the standalone-page test
(test_delta_rule_explorer.py) and the built-book test (test_delta_rule.py).

An explorer is given as a Playwright locator of its root element, which holds the explorer
object as root.deltaRule.
"""
from __future__ import annotations

import re

import numpy as np
import pytest

from nnlib.viz import delta_rule as dr
from nnlib.viz import network_diagram as nd

RTOL = 1e-9
EDGES = nd.edge_list(dr.SIZES)
# everything the explorer shows, from its root element
READ = """root => { const d = root.deltaRule, lines = t => Array.from(t.querySelectorAll('tspan'), s => s.textContent);
    return {example: d.example, step: d.step, selected: d.selected, state: d.state,
            weights: d.handles.map(h => d.weight(h.l, h.j, h.k)),
            valuenow: d.handles.map(h => Number(h.handle.getAttribute('aria-valuenow'))),
            edge_lines: d.handles.map(h => lines(h.text)), node_lines: d.nodes.map(n => lines(n.text)),
            strokes: d.lines.map(l => l.getAttribute('stroke')),
            widths: d.lines.map(l => Number(l.getAttribute('stroke-width'))),
            dashed: d.lines.map(l => l.getAttribute('stroke-dasharray') !== 'none'),
            fills: d.nodes.map(n => n.circle.getAttribute('fill')),
            title: d.title.textContent, readout: d.readout.textContent, status: d.status.textContent,
            field: d.controls.weight.value, example_field: d.controls.example.value,
            step_field: d.controls.step.value}; }"""


def read(root) -> dict:
    return root.evaluate(READ)


def name(l, j, k):
    return f"w{l}_{j}{k}"


def chapter_weight(l, j, k):
    return (dr.W1, dr.W2)[l - 1][j - 1][k - 1]


def moved(weights):
    """The weights that differ from the chapter's, as delta_view's changes {"w2_12": v, ...}."""
    return {name(*e): w for e, w in zip(EDGES, weights) if w != chapter_weight(*e)}


def plain(html):
    """What a text with tags reads as: x<sub>1</sub> as x₁, <br> and the other tags gone."""
    html = re.sub(r"x<sub>(\d)</sub>", lambda m: "x" + "₀₁₂₃₄₅₆₇₈₉"[int(m.group(1))], html)
    return re.sub(r"<[^>]+>", "", html.replace("<br>", ""))


def lines(html):
    return [plain(line) for line in html.split("<br>")]


def expected_readout(view, selected):
    l, j, k = EDGES[selected]
    grad = f"∂C₀/∂w = {dr.fmt(view.dW[l][j - 1, k - 1])}" if view.grad_known[l] else "∂C₀/∂w not known yet at this step"
    deltas = ", ".join(f"δ[{m}] = " + (f"({', '.join(dr.fmt(d) for d in view.delta[m])})" if view.delta_known[m] else "?")
                       for m in range(len(dr.SIZES) - 1, 0, -1))
    return f"Selected w[{l}]{j}{k} = {view.W[l][j - 1, k - 1]:.2f}: {grad}. {deltas}."


def assert_nnlib(shown):
    """Every number the explorer shows for its example, step and weights is nnlib's (delta_view:
    z, a, delta, the gradients and the cost to relative 1e-9), and every text is the one
    nnlib.viz.delta_rule prints (node_texts, edge_texts, delta_title), the lines' colours and widths
    network_diagram.edge_styles', the neurons' fills node_colours'."""
    changes = moved(shown["weights"])
    v = dr.delta_view(shown["example"], shown["step"], **changes)
    s = shown["state"]
    for l in range(1, len(dr.SIZES)):
        for key in ("z", "a", "delta", "db"):
            np.testing.assert_allclose(s[key][l], getattr(v, key)[l], rtol=RTOL, atol=1e-15, err_msg=f"{key}[{l}]")
        np.testing.assert_allclose(s["dW"][l], v.dW[l], rtol=RTOL, atol=1e-15, err_msg=f"dW[{l}]")
        np.testing.assert_array_equal(s["W"][l], v.W[l])
        for key in ("delta_known", "grad_known", "delta_new", "grad_new"):
            js_key = re.sub(r"_(\w)", lambda m: m.group(1).upper(), key)
            assert s[js_key][l] == getattr(v, key)[l], (key, l)
    assert s["cost"] == pytest.approx(v.cost, rel=RTOL)
    assert shown["edge_lines"] == [lines(t) for t in dr.edge_texts(v)]
    assert shown["node_lines"] == [lines(t) for t in dr.node_texts(v)]
    assert shown["title"] == plain(dr.delta_title(v))
    assert shown["readout"] == expected_readout(v, shown["selected"])
    colours, widths = nd.edge_styles(v.W)
    assert shown["strokes"] == colours and shown["widths"] == widths
    assert shown["dashed"] == [w < 0 for w in nd.flat_weights(v.W)]
    assert shown["fills"] == dr.node_colours(v)
    assert shown["valuenow"] == shown["weights"]
    assert shown["example_field"] == str(shown["example"]) and shown["step_field"] == str(shown["step"])
    return v


def drag_weight(page, root, e, to):
    """Drag weight e's label from the weight it has to about `to` (50 px per unit, up raises it),
    pressed on the label, moved in steps, released; check nnlib's numbers while dragging and after,
    and that a screen reader hears the new state when the drag ends."""
    handle = root.locator(".nnjs-dr-weight").nth(e)
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    before = read(root)["weights"][e]
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 3, y - (to - before) * 50, steps=5)
    during = read(root)
    page.mouse.up()
    shown = read(root)
    assert during["readout"] == shown["readout"] and during["weights"] == shown["weights"], "changed on release"
    assert shown["selected"] == e
    assert abs(shown["weights"][e] - to) <= 0.03, (shown["weights"][e], to)
    assert round(shown["weights"][e], 2) == shown["weights"][e]
    assert_nnlib(shown)
    assert shown["status"] == f"{shown['title']} {shown['readout']}"
    return shown

"""Reading and driving the graphs chapter's explorer (nnlib/viz/js/graph_explorer.js) in a browser,
and checking what it shows against nnlib.viz.graphs; shared by the standalone-page test
(test_graph_explorer.py) and the built-book test (test_graphs.py).

An explorer is given as a Playwright locator of its root element, which holds the explorer object
as root.graphExplorer. Two explorers exist: "sum" ((a + b) * c, inputs a, b, c) and "neuron"
(the one-neuron loss, inputs w and b).
"""
from __future__ import annotations

import numpy as np

from nnlib.viz import graphs as G

RTOL = 1e-9
LARGEST_ERROR = [0.0]  # the largest relative difference from nnlib seen so far (reported by the tests)
INPUTS = {"sum": ("a", "b", "c"), "neuron": ("w", "b")}
HEADING = {"sum": ("e", "f"), "neuron": ("z", "a", "C0")}
# everything the explorer shows, from its root element
READ = """root => { const g = root.graphExplorer, lines = t => Array.from(t.querySelectorAll('tspan'), s => s.textContent);
    return {inputs: g.config.inputs.map(i => i.name), state: g.state, step: g.step,
            values_now: [...g.inputs],
            box_lines: g.boxes.map(b => lines(b.text)), fills: g.boxes.map(b => b.rect.getAttribute('fill')),
            edge_labels: g.edges.map(e => e.label.textContent),
            flowing: g.edges.map(e => e.flow.getAttribute('visibility') === 'visible'),
            valuenow: g.boxes.filter(b => b.input !== undefined).map(b => Number(b.group.getAttribute('aria-valuenow'))),
            title: Array.from(g.heading.childNodes, n => n.textContent).filter(t => t),
            readout: g.readout.textContent, status: g.status.textContent,
            ranges: g.fields.map(f => Number(f.range.value)), numbers: g.fields.map(f => f.number.value),
            step_field: g.controls.step.value}; }"""


def read(root) -> dict:
    return root.evaluate(READ)


def kind_of(shown) -> str:
    return "sum" if tuple(shown["inputs"]) == INPUTS["sum"] else "neuron"


def view_of(shown):
    """nnlib's GraphView for the inputs and the step the explorer has."""
    values, step = shown["state"]["inputs"], shown["step"]
    if kind_of(shown) == "sum":
        return G.sum_times_view(*values, step)
    w, b = values
    return G.neuron_graph_view(w, b, step)


def _close(js, py, what):
    js, py = np.asarray(js, dtype=float), np.asarray(py, dtype=float)
    np.testing.assert_allclose(js, py, rtol=RTOL, atol=1e-15, err_msg=what)
    scale = np.maximum(np.abs(py), 1e-300)
    LARGEST_ERROR[0] = max(LARGEST_ERROR[0], float(np.max(np.abs(js - py) / scale)))


def expected_readout(view, kind):
    names = INPUTS[kind]
    out = G.plain(G._html(view.names[-1]))
    head = ", ".join(f"{n} = {G.fmt(view.value(n))}" for n in names) + f"; {out} = {G.fmt(view.values[-1])}. "
    known = [f"∂{out}/∂{G.plain(G._html(n))} = {G.fmt(view.grad(n))}" for n in names if view.known[view.node(n)]]
    return head + (", ".join(known) + "." if known else "No gradient of an input known yet.")


def assert_nnlib(shown):
    """Every number the explorer shows for its inputs and step is nnlib's (graph_view: each node's
    value and gradient, each edge's local derivative, to relative 1e-9), and every text, colour
    and highlighted edge is the one nnlib.viz.graphs gives (node_texts, edge_texts, box_colours,
    explorer_title, the step's active edges). Returns the GraphView."""
    kind, view, s = kind_of(shown), view_of(shown), shown["state"]
    assert s["step"] == shown["step"] and s["inputs"] == shown["values_now"]
    _close(s["values"], view.values, "values")
    _close(s["local"], [e.local for e in view.edges], "local derivatives")
    _close(s["grads"], view.grads, "gradients")
    assert [s["values"][view.node(n)] for n in INPUTS[kind]] == s["inputs"]
    assert shown["box_lines"] == [t.split("<br>") for t in G.node_texts(view)]
    assert shown["edge_labels"] == G.edge_texts(view)
    assert shown["fills"] == G.box_colours(view)
    assert shown["flowing"] == [k in view.active for k in range(len(view.edges))]
    assert shown["title"] == G.explorer_title(view, INPUTS[kind], HEADING[kind])
    assert shown["readout"] == expected_readout(view, kind)
    assert shown["valuenow"] == s["inputs"], (shown["valuenow"], s["inputs"])
    # a range input keeps its value to 15 significant digits
    np.testing.assert_allclose(shown["ranges"], s["inputs"], rtol=1e-14, atol=1e-14)
    assert shown["step_field"] == str(shown["step"])
    return view


def drag_input(page, root, k, to, px_per_unit=40):
    """Drag input k's box from its value to about `to` (px_per_unit per unit, up raises it): pressed,
    moved in steps, released; check nnlib's numbers and that a screen reader hears the new state."""
    handle = root.locator(".nnjs-gx-input").nth(k)
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    before = read(root)["values_now"][k]
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 2, y - (to - before) * px_per_unit, steps=6)
    page.mouse.up()
    shown = read(root)
    assert abs(shown["values_now"][k] - to) <= 0.05, (shown["values_now"][k], to)
    assert root.evaluate("root => document.activeElement === root.querySelectorAll('.nnjs-gx-input')[%d]" % k)
    assert_nnlib(shown)
    assert shown["status"] == f"{shown['title'][1]} {shown['readout']}"
    return shown

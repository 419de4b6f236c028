"""Reading and driving the chain-rule explorer (nnlib/viz/js/chain_rule.js) in a browser, and
checking what it shows against nnlib.viz.chain_rule.chain_state; shared by the standalone-page test
(test_chain_rule_explorer.py) and the built-book test (test_chain_rule.py).

An explorer is given as a Playwright locator of its root element, which holds the explorer
object as root.chainExplorer.
"""
from __future__ import annotations

import re

import numpy as np
import pytest

from nnlib.viz import chain_rule as cr

RTOL = 1e-9
# A centred difference divides a difference of two costs by 2 eps = 2e-5, so one rounding step in
# either cost (up to 2.2e-16 for a cost near 1) moves it by up to 1.1e-11: finite differences are
# compared to that too (at 300 random states the twin's and nnlib's differed by up to 2.2e-11).
FD_ATOL = 1e-10
ROW_KEYS = ("value", "dz_dp", "sigma_prime", "dC_da", "product", "backprop", "finite_difference")
# everything the explorer shows, from its root element
READ = """root => { const e = root.chainExplorer, text = (el) => el.textContent;
    const table = (t) => Array.from(t.querySelectorAll('tbody tr')).map(
        tr => Array.from(tr.children).map(c => c.textContent));
    return {values: e.values, param: e.param, delta: e.delta, state: e.state, curve: e.curveData,
            readout: text(e.readout), status: text(e.status), choice: e.choice.value,
            fields: Object.fromEntries(Object.entries(e.fields).map(([p, f]) => [p, f.value])),
            delta_field: e.deltaField.value, params_table: table(e.paramTable), layer_table: table(e.layerTable),
            value_handle: ['aria-valuenow', 'aria-valuetext', 'aria-label'].map(k => e.valueHandle.getAttribute(k)),
            nudge_handle: ['aria-valuenow', 'aria-valuetext', 'aria-label'].map(k => e.nudgeHandle.getAttribute(k)),
            nudge_dot: [Number(e.nudgeDot.getAttribute('cx')), Number(e.nudgeDot.getAttribute('cy'))],
            value_x: Number(e.valueRing.getAttribute('cx'))}; }"""


def read(root) -> dict:
    return root.evaluate(READ)


def number(x) -> str:
    """x as JavaScript's String(x) prints it, for the values the tests use (1, -0.5, 2.37, 1.2345678)."""
    text = repr(float(x))
    return text.removesuffix(".0") if text != "-0.0" else "0"


def label(p) -> str:
    """A parameter's name as the page writes it: w1 -> w[1]."""
    return p if p == "x" else f"{p[0]}[{p[1]}]"


def expected_readout(state) -> str:
    """The readout's text, made from nnlib's numbers (fmt as the chapter's figures print them)."""
    n = state.nudge
    r, p = state.row(n.name), label(n.name)
    layer = 1 if n.name == "x" else int(n.name[1])
    dz = "w[1]" if n.name == "x" else (f"a[{layer - 1}]" if n.name[0] == "w" else "1")
    values = ", ".join(f"{label(q)} = {number(state.values[q])}" for q in cr.PARAMS)
    return (f"{values}, y = {number(state.y)}: C₀ = {cr.fmt(state.cost)}. Nudge {p} by Δ = {number(n.delta)}: "
            f"C₀ becomes {cr.fmt(n.cost_after)}, actual ΔC₀ = {cr.fmt(n.actual)}, tangent's prediction "
            f"∂C₀/∂{p} · Δ = {cr.fmt(n.predicted)}. ∂C₀/∂{p} = {dz} · σ′(z[{layer}]) · ∂C₀/∂a[{layer}] = "
            f"{cr.fmt(r.dz_dp)} × {cr.fmt(r.sigma_prime)} × {cr.fmt(r.dC_da)} = {cr.fmt(r.product)}.")


def nnlib_curve(values, param, ps, y=cr.TARGET):
    """C_0 from nnlib's chain_network as param runs over ps, the other values fixed."""
    costs = []
    for p in ps:
        v = {**values, param: p}
        net = cr.chain_network([v["w1"], v["w2"], v["w3"]], [v["b1"], v["b2"], v["b3"]])
        costs.append(net.cost(np.array([[v["x"]]]), np.array([[y]])))
    return np.array(costs)


def relative_errors(shown) -> list:
    """Every number the explorer computed against nnlib's, as relative errors (for reports)."""
    s, js = cr.chain_state(**shown["values"], nudge=shown["param"], delta=shown["delta"]), shown["state"]
    pairs = [(js["cost"], s.cost), (js["nudge"]["cost_after"], s.nudge.cost_after),
             (js["nudge"]["predicted"], s.nudge.predicted)]
    pairs += [(js["rows"][i][k], getattr(r, k)) for i, r in enumerate(s.rows) for k in ROW_KEYS if k != "finite_difference"]
    return [abs(a - b) / abs(b) for a, b in pairs if b != 0]


def assert_nnlib(shown):
    """Every number the explorer shows for its values, parameter and nudge is nnlib's: the forward
    trace, the chain rule's factors, products, backprop and finite differences of every row, the
    nudge (relative 1e-9), the curve C_0(p) at all its points, the readout, both tables, the fields
    and the handles' values."""
    values, param, delta = shown["values"], shown["param"], shown["delta"]
    s, js = cr.chain_state(**values, nudge=param, delta=delta), shown["state"]
    close = dict(rel=RTOL, abs=1e-15)
    assert js["values"] == s.values
    assert js["z"][1:] == pytest.approx(list(s.z), **close)
    assert js["a"] == pytest.approx(list(s.a), **close)
    assert js["sigma_prime"][1:] == pytest.approx(list(s.sigma_prime), **close)
    assert js["dC_da"] == pytest.approx(list(s.dC_da), **close)
    assert js["cost"] == pytest.approx(s.cost, **close)
    assert [r["name"] for r in js["rows"]] == list(cr.PARAMS)
    for row, r in zip(js["rows"], s.rows):
        for key in ROW_KEYS:
            tolerance = dict(rel=RTOL, abs=FD_ATOL) if key == "finite_difference" else close
            assert row[key] == pytest.approx(getattr(r, key), **tolerance), (r.name, key, values)
    n = js["nudge"]
    assert (n["name"], n["delta"]) == (param, delta)
    assert n["cost_after"] == pytest.approx(s.nudge.cost_after, **close)
    assert n["predicted"] == pytest.approx(s.nudge.predicted, **close)
    # a difference of two costs: relative to the costs, not to itself
    assert n["actual"] == pytest.approx(s.nudge.actual, rel=RTOL, abs=RTOL * s.cost)
    curve = shown["curve"]
    lo, hi = cr.VALUE_RANGE[0] + cr.DELTA_RANGE[0], cr.VALUE_RANGE[1] + cr.DELTA_RANGE[1]
    np.testing.assert_allclose(curve["p"], np.linspace(lo, hi, cr.CURVE_POINTS), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(curve["cost"], nnlib_curve(values, param, curve["p"]), rtol=RTOL, atol=1e-15)
    assert shown["readout"] == expected_readout(s)
    # the tables, cell by cell: the parameter table as the kernel face's figure (values as String(x)),
    # the chosen row marked with a triangle; the layer table as layer_columns
    columns = cr.table_columns(s)
    expected_rows = [[("▶ " if p == param else "") + re.sub(r"<[^>]+>", "", columns[0][i]), number(values[p]),
                      *[col[i] for col in columns[2:]]] for i, p in enumerate(cr.PARAMS)]
    assert shown["params_table"] == expected_rows
    assert shown["layer_table"] == [list(row) for row in zip(*cr.layer_columns(s))]
    assert {p: float(v) for p, v in shown["fields"].items()} == values
    assert float(shown["delta_field"]) == delta and shown["choice"] == param
    assert float(shown["value_handle"][0]) == values[param] and float(shown["nudge_handle"][0]) == delta
    assert shown["value_handle"][1] == f"{label(param)} = {number(values[param])}, C₀ = {cr.fmt(s.cost)}"


def to_screen(root, p):
    """The screen position of p on the plot's axis, in the row of p's handle."""
    box = root.locator(".nnjs-ch-plot").bounding_box()
    x, y = root.evaluate("(root, p) => { const e = root.chainExplorer; "
                         "return [e.toX(p), Number(e.valueRing.getAttribute('cy'))]; }", p)
    return box["x"] + x, box["y"] + y


def drag_value(page, root, to):
    """Drag p's handle (under the axis) to the value `to`; returns what the explorer shows after the
    release, having checked it showed the same while the button was still down."""
    shown = read(root)
    root.scroll_into_view_if_needed()
    start = to_screen(root, shown["values"][shown["param"]])
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(to_screen(root, to)[0], start[1], steps=5)
    during = read(root)
    page.mouse.up()
    shown = read(root)
    assert during["readout"] == shown["readout"], "the figure changed on release, not while dragging"
    return shown


def drag_nudge(page, root, to_delta):
    """Drag the nudge's round marker (the nudged point) sideways to p + to_delta."""
    shown = read(root)
    root.scroll_into_view_if_needed()
    box = root.locator(".nnjs-ch-plot").bounding_box()
    x, y = shown["nudge_dot"]
    page.mouse.move(box["x"] + x, box["y"] + y)
    page.mouse.down()
    target_x = to_screen(root, shown["values"][shown["param"]] + to_delta)[0]
    page.mouse.move(target_x, box["y"] + y + 15, steps=5)
    during = read(root)
    page.mouse.up()
    shown = read(root)
    assert during["readout"] == shown["readout"], "the figure changed on release, not while dragging"
    return shown

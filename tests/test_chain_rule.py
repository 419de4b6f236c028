"""The chain-rule chapter's interactive (nnlib.viz.chain_rule): its numbers, both faces, its figures.

The independent reference here is a chain of sigmoid neurons written with math.exp, its cost
C_0 = (a3 - y)^2, centred differences of that cost, and numbers worked out by hand.
"""
import json
import math

import numpy as np
import pytest

import nnlib
from nnlib.viz import chain_rule as cr
from tests.figure_views import record_shown

PARAMS = ("w1", "b1", "w2", "b2", "w3", "b3", "x")


def sig(z):
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def forward(v):
    """z1..z3 and a0..a3 of the chain x -> a1 -> a2 -> a3, by hand."""
    a, zs = [v["x"]], []
    for l in (1, 2, 3):
        zs.append(v[f"w{l}"] * a[-1] + v[f"b{l}"])
        a.append(sig(zs[-1]))
    return zs, a


def cost(v, y=1.0):
    return (forward(v)[1][3] - y) ** 2


def fd(v, p, y=1.0, h=1e-6):
    return (cost({**v, p: v[p] + h}, y) - cost({**v, p: v[p] - h}, y)) / (2 * h)


SETTINGS = [
    dict(cr.DEFAULTS),
    {"w1": -1.5, "b1": 0.5, "w2": 2.5, "b2": -1.0, "w3": -0.5, "b3": 1.0, "x": -2.0},
    {"w1": 3.0, "b1": 3.0, "w2": -3.0, "b2": 0.0, "w3": 3.0, "b3": -3.0, "x": 3.0},
    {"w1": 0.7, "b1": -0.2, "w2": 1.1, "b2": 0.3, "w3": 0.9, "b3": -0.4, "x": 0.0},
]


# --------------------------------------------------------------------------------------------
# The update function
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("v", SETTINGS)
@pytest.mark.parametrize("y", [1.0, 0.0, 0.3])
def test_chain_state_matches_hand_computation_and_finite_differences(v, y):
    s = cr.chain_state(**v, y=y)
    zs, a = forward(v)
    assert list(s.z) == pytest.approx(zs, rel=1e-12)
    assert list(s.a) == pytest.approx(a, rel=1e-12)
    assert s.cost == pytest.approx(cost(v, y), rel=1e-12)
    sp = [sig(z) * (1 - sig(z)) for z in zs]
    assert list(s.sigma_prime) == pytest.approx(sp, rel=1e-10)
    # dC0/da(l) by the hand recursion
    dC_da = [0, 0, 0, 2 * (a[3] - y)]
    for l in (3, 2, 1):
        dC_da[l - 1] = v[f"w{l}"] * sp[l - 1] * dC_da[l]
    assert list(s.dC_da) == pytest.approx(dC_da, rel=1e-10, abs=1e-15)
    for p in PARAMS:
        r = s.row(p)
        layer = 1 if p == "x" else int(p[1])
        dz_dp = v["w1"] if p == "x" else (a[layer - 1] if p[0] == "w" else 1.0)
        assert (r.dz_dp, r.sigma_prime, r.dC_da) == pytest.approx((dz_dp, sp[layer - 1], dC_da[layer]), rel=1e-10)
        assert r.value == v[p]
        reference = fd(v, p, y)
        for shown in (r.product, r.backprop, r.finite_difference):
            assert shown == pytest.approx(reference, rel=1e-5, abs=1e-9), (p, shown, reference)
        assert r.product == pytest.approx(r.backprop, rel=1e-12, abs=1e-18)


def test_hand_derived_numbers_of_the_default_chain():
    # x = 1.5, w1 = 2, b1 = -2: z1 = 1 exactly; a1 = sigma(1) = 0.731059, a3 = 0.660099
    s = cr.chain_state(**cr.DEFAULTS)
    assert s.z[1] == 1.0
    assert s.a[1] == pytest.approx(0.7310585786, abs=1e-10)
    assert s.a[3] == pytest.approx(0.660099, abs=1e-6)
    assert s.cost == pytest.approx(0.115533, abs=1e-6)
    assert s.row("b3").backprop == pytest.approx(-0.152526, abs=1e-6)
    assert s.row("w1").backprop == pytest.approx(0.016645, abs=1e-6)


@pytest.mark.parametrize("p", PARAMS)
@pytest.mark.parametrize("delta", [-1.0, -0.1, 0.5])
def test_nudge_is_the_actual_change_and_the_linear_prediction(p, delta):
    v = SETTINGS[1]
    n = cr.chain_state(**v, nudge=p, delta=delta).nudge
    assert n.name == p and n.delta == delta
    assert n.actual == pytest.approx(cost({**v, p: v[p] + delta}) - cost(v), abs=1e-12)
    assert n.cost_after == pytest.approx(cost({**v, p: v[p] + delta}), rel=1e-12)
    assert n.predicted == pytest.approx(fd(v, p) * delta, rel=1e-5, abs=1e-10)
    expected_curve = [cost({**v, p: v[p] + d}) - cost(v) for d in n.curve_deltas]
    assert np.asarray(n.curve_actual) == pytest.approx(expected_curve, abs=1e-12)


def test_small_nudges_are_predicted_better_than_large_ones():
    near = cr.chain_state(**cr.DEFAULTS, nudge="w3", delta=0.1).nudge
    far = cr.chain_state(**cr.DEFAULTS, nudge="w3", delta=1.0).nudge
    rel = [abs(n.actual - n.predicted) / abs(n.actual) for n in (near, far)]
    assert rel[0] < 0.05 < rel[1]


def test_backward_blocks_agree_with_network_gradients_on_random_chains():
    rng = np.random.default_rng(7)
    for n_links in (1, 2, 3, 5):
        w, b = rng.normal(0, 1.5, n_links), rng.normal(0, 1, n_links)
        net = cr.chain_network(w, b)
        X, Y = rng.normal(0, 1, (1, 4)), rng.uniform(0, 1, (1, 4))
        da, dW, db = cr.backward_blocks(net, X, Y)
        gW, gb = net.gradients(X, Y)
        for l in range(1, n_links + 1):
            assert dW[l] == pytest.approx(gW[l], rel=1e-12)
            assert db[l] == pytest.approx(gb[l], rel=1e-12)
        eps = 1e-6
        dx = (np.array([net.cost(X + eps * np.eye(4)[k], Y) for k in range(4)])
              - np.array([net.cost(X - eps * np.eye(4)[k], Y) for k in range(4)])) / (2 * eps)
        assert da[0][0] == pytest.approx(dx, rel=1e-5, abs=1e-10)


def test_chain_network_sets_the_parameters():
    net = cr.chain_network([2.0, -1.0], [0.5, 0.25])
    assert net.sizes == [1, 1, 1]
    assert [W[0, 0] for W in net.W] == [2.0, -1.0]
    assert [b[0, 0] for b in net.b] == [0.5, 0.25]
    with pytest.raises(ValueError):
        cr.chain_network([1.0], [])


def test_bad_arguments_fail_clearly():
    with pytest.raises(ValueError, match="nudge must be one of"):
        cr.chain_state(**cr.DEFAULTS, nudge="w4")


@pytest.mark.parametrize("big", [1e6, -1e9, 800.0])
def test_extreme_values_do_not_crash(big):
    for p in PARAMS:
        s = cr.chain_state(**{**cr.DEFAULTS, p: big}, nudge=p, delta=1.0)
        numbers = [s.cost, s.nudge.actual, s.nudge.predicted, *s.z, *s.a, *s.dC_da]
        numbers += [x for r in s.rows for x in r[1:]]
        assert np.all(np.isfinite(numbers)), p
        cr.chain_figure_dict(**{**cr.DEFAULTS, p: big})
    s = cr.chain_state(**{p: big for p in PARAMS}, y=0.0)
    assert np.isfinite(s.cost)


# --------------------------------------------------------------------------------------------
# What the figure shows
# --------------------------------------------------------------------------------------------
def test_fmt():
    assert cr.fmt(0.0) == "0"
    assert cr.fmt(-0.06749132) == "-0.0675"
    assert cr.fmt(1.23456e-5) == "1.23e-05"
    assert cr.fmt(2) == "2.0000"


def test_table_columns_show_the_state_rounded():
    v = SETTINGS[1]
    s = cr.chain_state(**v)
    cols = cr.table_columns(s)
    assert len(cols) == len(cr.TABLE_HEADER) == 8
    assert [c.replace("<sup>[", "").replace("]</sup>", "") for c in cols[0]] == list(PARAMS)
    assert cols[1] == [f"{v[p]:g}" for p in PARAMS]
    for col in cols[5:]:
        assert [float(c) for c in col] == pytest.approx([fd(v, p) for p in PARAMS], abs=6e-5)
    layers = cr.layer_columns(s)
    zs, a = forward(v)
    assert layers[0] == ["3", "2", "1", "0 (x)"]
    assert [float(c) for c in layers[2]] == pytest.approx(a[::-1], abs=6e-5)
    assert [float(c) for c in layers[1][:3]] == pytest.approx(zs[::-1], abs=6e-5)


def test_live_figure_shows_the_numbers_of_its_state():
    v = SETTINGS[1]
    fig = cr.chain_figure(**v, nudge="b2", delta=-0.5)
    s = cr.chain_state(**v, nudge="b2", delta=-0.5)
    assert [list(c) for c in fig.data[cr.TABLE_TRACE].cells["values"]] == cr.table_columns(s)
    assert [list(c) for c in fig.data[cr.LAYER_TRACE].cells["values"]] == cr.layer_columns(s)
    assert fig.layout.title.text == cr.chain_title(s)
    assert "b2 = -1" in fig.layout.title.text and "Δ = -0.5" in fig.layout.title.text
    assert list(fig.data[cr.ACTUAL_TRACE].y) == pytest.approx([cost({**v, "b2": v["b2"] - 0.5}) - cost(v)])
    assert list(fig.data[cr.PREDICTED_TRACE].y) == pytest.approx([fd(v, "b2") * -0.5], rel=1e-5)
    assert fig.layout.annotations[2].text.startswith("nudge view: C₀ after changing b2")
    assert "target y = 1" in fig.layout.meta["alt"]


# --------------------------------------------------------------------------------------------
# The page's explorer (its numbers are tested against chain_state in tests/browser)
# --------------------------------------------------------------------------------------------
def test_explorer_config_starts_at_the_chapters_values():
    c = cr.explorer_config()
    assert c["params"] == list(PARAMS) and c["values"] == cr.DEFAULTS
    assert (c["param"], c["delta"], c["y"], c["eps"]) == ("w1", 0.5, cr.TARGET, cr.EPS)
    assert c["value_range"][0] <= min(cr.DEFAULTS.values()) and max(cr.DEFAULTS.values()) <= c["value_range"][1]
    assert c["delta_range"] == [-1.0, 1.0] and c["curve_points"] > 100
    assert json.loads(json.dumps(c)) == c


def test_explorer_config_keeps_the_values_it_is_given():
    c = cr.explorer_config({"b1": 3.0, "x": -0.25}, param="b1", delta=-0.1, y=0.0)
    assert c["values"] == {**cr.DEFAULTS, "b1": 3.0, "x": -0.25}
    assert (c["param"], c["delta"], c["y"]) == ("b1", -0.1, 0.0)
    assert all(type(v) is float for v in c["values"].values())


@pytest.mark.parametrize("kwargs, message", [
    ({"values": {"w4": 1.0}}, r"unknown values \['w4'\]"),
    ({"values": {"b1": 5.5}}, r"b1 = 5.5: the explorer's values lie in \[-5.0, 5.0\]"),
    ({"param": "y"}, "param must be one of"),
    ({"delta": 1.5}, r"delta = 1.5 is outside the nudge's range"),
])
def test_explorer_config_names_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        cr.explorer_config(**kwargs)


def test_explorer_output_inlines_its_modules_and_config():
    explorer = cr.chain_explorer({"w3": 3.0}, param="w3", delta=0.1)
    html = explorer._repr_html_()
    assert html.startswith(f'<div id="{explorer.element_id}" class="nnjs-explorer"></div>')
    assert "export class ChainExplorer" in html and "export class Network" in html
    assert "exports.mountChainExplorer(" in html and '"w3": 3.0' in html
    assert "w3 = 3 nudged by Δ = 0.1" in repr(explorer)
    assert cr.chain_explorer().element_id != explorer.element_id


# --------------------------------------------------------------------------------------------
# The live app
# --------------------------------------------------------------------------------------------
def test_live_app_redraws_with_the_same_numbers(monkeypatch):
    shown = record_shown(monkeypatch)
    app = cr.chain_app()
    assert [app.sliders[p].value for p in PARAMS] == [cr.DEFAULTS[p] for p in PARAMS]
    assert len(shown) == 1
    new = {"w1": -1.25, "b1": 0.4, "w2": 2.2, "b2": -0.8, "w3": 0.6, "b3": 1.1, "x": -0.7}
    for p, value in new.items():
        app.sliders[p].value = value
    app.which.value = "w2"
    app.delta.value = -0.35
    assert len(shown) == 1 + len(new) + 2
    fig = shown[-1]
    s = cr.chain_state(**new, nudge="w2", delta=-0.35)
    assert fig["layout"]["title"]["text"] == cr.chain_title(s)
    assert fig["data"][cr.TABLE_TRACE]["cells"]["values"] == cr.table_columns(s)
    assert [float(c) for c in fig["data"][cr.TABLE_TRACE]["cells"]["values"][6]] == pytest.approx(
        [fd(new, p) for p in PARAMS], abs=6e-5)
    assert fig["data"][cr.ACTUAL_TRACE]["y"] == pytest.approx(
        [cost({**new, "w2": new["w2"] - 0.35}) - cost(new)], abs=1e-12)
    assert app.children[-1] is app.view and "w2 = 2.2" in app.view.plot.figure


def test_live_figure_dict_matches_the_plotly_figure():
    d = cr.chain_figure_dict(w2=0.3, nudge="x", delta=1.0)
    fig = cr.chain_figure(w2=0.3, nudge="x", delta=1.0)
    assert fig.layout.title.text == d["layout"]["title"]["text"]
    assert len(fig.data) == len(d["data"]) == 6


# --------------------------------------------------------------------------------------------
# The tree and the slope picture
# --------------------------------------------------------------------------------------------
def test_influence_tree_figure():
    fig = cr.influence_tree_figure()
    labels = list(fig.data[0].text)
    for node in ("w<sup>[L]</sup>", "a<sup>[L−1]</sup>", "b<sup>[L]</sup>", "z<sup>[L]</sup>", "C<sub>0</sub>", "y"):
        assert node in labels
    edge_labels = [a.text for a in fig.layout.annotations if a.text]
    assert "σ′(z<sup>[L]</sup>)" in edge_labels and "2(a<sup>[L]</sup> − y)" in edge_labels
    assert len(fig.layout.meta["alt"]) > 100


def test_slope_numbers_match_the_worked_example():
    # the chain's last link: a^[2] by hand from the defaults, then w3, b3 and the target
    d = cr.DEFAULTS
    a_prev = sig(d["w2"] * sig(d["w1"] * d["x"] + d["b1"]) + d["b2"])
    assert cr.LAST_LINK == pytest.approx({"a_prev": a_prev, "w": d["w3"], "b": d["b3"], "y": cr.TARGET}, rel=1e-14)
    s = cr.slope_numbers(dw=1.0)
    a = sig(d["w3"] * a_prev + d["b3"])
    assert s.cost_at_w == pytest.approx((a - 1) ** 2, rel=1e-12)
    assert s.slope == pytest.approx(a_prev * a * (1 - a) * 2 * (a - 1), rel=1e-12)
    assert s.slope == pytest.approx(cr.chain_state(**d).row("w3").backprop, rel=1e-10)  # the table's row w3
    assert s.cost_after == pytest.approx((sig((d["w3"] + 1) * a_prev + d["b3"]) - 1) ** 2, rel=1e-12)
    # explicit arguments: a_prev = 0.48, w = 2, b = -0.3
    other = cr.slope_numbers(0.48, 2.0, -0.3, 1.0, dw=1.0)
    assert other.slope == pytest.approx(0.48 * sig(0.66) * (1 - sig(0.66)) * 2 * (sig(0.66) - 1), rel=1e-12)
    fig = cr.slope_figure()
    assert f"{s.slope:.4f}" in fig.data[1].name
    assert f"{s.cost_after - s.cost_at_w:.4f}" in fig.layout.title.text
    assert fig.layout.title.text.startswith(f"a<sup>[L−1]</sup> = {a_prev:.4g}, ")


def test_worked_example_matches_the_one_neuron_check_reference():
    from nnlib.checks.one_neuron import reference_one_neuron

    net = cr.chain_network([2.0], [-0.3])
    X, Y = np.array([[0.48]]), np.array([[1.0]])
    da, dW, db = cr.backward_blocks(net, X, Y)
    assert (dW[1][0, 0], db[1][0, 0], da[0][0, 0]) == pytest.approx(reference_one_neuron(2.0, -0.3, 0.48, 1.0),
                                                                      rel=1e-12)
    assert nnlib.gradient_check(net, X, Y) < 1e-7

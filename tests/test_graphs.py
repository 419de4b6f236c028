"""The graphs chapter: its update functions against hand-derived numbers, nnlib and finite
differences; the backward step-through; both faces of its two interactives; the block diagram;
and the self-check check_layer_backward.
"""
import json
import math

import ipywidgets
import numpy as np
import pytest

import nnlib
import nnlib.viz  # noqa: F401 - registers the book's renderer
import nnlib.viz.widgets
from nnlib import LayerCache, Network, layer_backward, layer_forward
from nnlib.autodiff import Value
from nnlib.checks import CheckResult
from nnlib.checks.layer_backward import check_layer_backward, make_cache, reference_layer_backward
from nnlib.viz import chain_rule as cr
from nnlib.viz import graphs as G
from tests.figure_views import record_shown


def sig(z):
    return 1 / (1 + math.exp(-z))


def neuron_by_hand(w, b, x, y):
    """z, a, C0 and the gradients of C0 = (sigma(w x + b) - y)^2 from the chain-rule formulas."""
    z = w * x + b
    a = sig(z)
    common = a * (1 - a) * 2 * (a - y)
    return {"z": z, "a": a, "C0": (a - y) ** 2, "w": x * common, "b": common, "x": w * common,
            "y": -2 * (a - y), "a_grad": 2 * (a - y), "z_grad": common}


def neuron_cost(w, b, x, y):
    return (sig(w * x + b) - y) ** 2


# --------------------------------------------------------------------------------------
# (a + b) * c
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("a, b, c", [(3, 1, -2), (-3, 1, -2), (0, 0, 0), (2.5, -1.25, 4), (-5, -5, 5)])
def test_sum_times_view_matches_hand_rules_and_finite_differences(a, b, c):
    v = G.sum_times_view(a, b, c)
    assert v.names == ("a", "b", "e", "c", "f")
    assert (v.value("e"), v.value("f")) == (a + b, (a + b) * c)
    # df/de = c, df/dc = e, df/da = df/db = df/de, df/df = 1
    assert (v.grad("f"), v.grad("e"), v.grad("c"), v.grad("a"), v.grad("b")) == (1, c, a + b, c, c)
    h = 1e-6
    f = lambda a, b, c: (a + b) * c  # noqa: E731
    assert v.grad("a") == pytest.approx((f(a + h, b, c) - f(a - h, b, c)) / (2 * h), abs=1e-6)
    assert v.grad("c") == pytest.approx((f(a, b, c + h) - f(a, b, c - h)) / (2 * h), abs=1e-6)
    assert all(v.known) and v.step == v.n_steps == 3


def test_sum_times_step_through():
    views = [G.sum_times_view(3, 1, -2, s) for s in range(4)]
    known = [{n for n, k in zip(v.names, v.known) if k} for v in views]
    new = [{n for n, k in zip(v.names, v.new) if k} for v in views]
    assert known == [set(), {"f"}, {"f", "e", "c"}, {"f", "e", "c", "a", "b"}]
    assert new == [set(), {"f"}, {"e", "c"}, {"a", "b"}]
    active = [{(v.names[v.edges[k].parent], v.names[v.edges[k].child]) for k in v.active} for v in views]
    assert active == [set(), set(), {("e", "f"), ("c", "f")}, {("a", "e"), ("b", "e")}]
    assert [v.note for v in views] == [
        "forward pass done: every value known, no gradient yet",
        "start at the output: ∂f/∂f = 1",
        "f sends its gradient back to e and c",
        "e sends its gradient back to a and b",
    ]
    texts = G.node_texts(views[2])
    assert texts[views[2].node("c")] == "-2<br>grad<br>4"
    assert texts[views[2].node("a")] == "3<br>grad<br>?"
    with pytest.raises(ValueError, match="between 0 and 3"):
        G.sum_times_view(3, 1, -2, 4)


def test_a_shared_node_waits_for_all_its_users():
    s, t = Value(3.0, "s"), Value(-2.0, "t")
    g = ((s * t).named("p") + s).named("g")
    steps = [G.graph_view(g, k) for k in range(G.graph_view(g).n_steps + 1)]
    s_known = [v.known[v.node("s")] for v in steps]
    # g sends to p and s at step 2, but s is still waiting for p's share; p sends at step 3
    assert s_known == [False, False, False, True]
    assert steps[-1].grad("s") == -1.0 and steps[-1].grad("t") == 3.0


def test_layout_puts_inputs_left_of_their_users_and_no_two_boxes_together():
    for root in (G.sum_times(3, 1, -2), G.one_neuron_loss(), G.sum_times_loss(3, 1, -2, -6),
                 G.neuron_chain_loss([1, 2, 3], [0, 0, 0], 0.5, 1)[0]):
        v = G.graph_view(root)
        assert all(v.x[e.parent] < v.x[e.child] for e in v.edges)
        assert len(set(zip(v.x, v.y))) == len(v.x)
        assert v.x[-1] == max(v.x)  # the output is in the last column
    v = G.sum_times_view(3, 1, -2)
    assert [v.x[v.node(n)] for n in "abecf"] == [0, 0, 1, 1, 2]


def test_expressions_and_labels():
    v = G.neuron_graph_view()
    assert v.titles == ("w", "x", "u = w·x", "b", "z = u + b", "a = σ(z)", "y", "d = a − y",
                        "C<sub>0</sub> = d<sup>2</sup>")
    unnamed = G.graph_view((Value(2.0, "p") * 3).exp())
    assert unnamed.titles[-1] == "exp((p·3))" and unnamed.names[1] == "3"
    single = G.graph_view(Value(2.0, "q"))
    assert single.n_steps == 1 and single.known == (True,)


# --------------------------------------------------------------------------------------
# The one-neuron graph
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("w, b, x, y", [(1.5, -0.06, 0.48, 1.0), (-0.5, 1.54, 0.48, 1.0), (3.5, -1.66, 0.48, 1.0),
                                        (0.0, 0.0, -2.0, 0.0), (-4.0, 4.0, 2.0, 0.5)])
def test_neuron_graph_view_matches_formulas_nnlib_and_finite_differences(w, b, x, y):
    v = G.neuron_graph_view(w, b, None, x, y)
    hand = neuron_by_hand(w, b, x, y)
    assert v.value("z") == pytest.approx(hand["z"], rel=1e-14, abs=1e-15)
    assert v.value("a") == pytest.approx(hand["a"], rel=1e-14)
    assert v.value("C0") == pytest.approx(hand["C0"], rel=1e-12, abs=1e-15)
    for name, key in (("w", "w"), ("b", "b"), ("x", "x"), ("y", "y"), ("a", "a_grad"), ("z", "z_grad")):
        assert v.grad(name) == pytest.approx(hand[key], rel=1e-12, abs=1e-15), name
    net = Network([1, 1], output="sigmoid", cost="quadratic")
    net.W[1][0, 0], net.b[1][0, 0] = w, b
    dW, db = net.gradients(np.array([[x]]), np.array([[y]]))
    assert (v.grad("w"), v.grad("b")) == pytest.approx((dW[1][0, 0], db[1][0, 0]), rel=1e-10, abs=1e-15)
    h = 1e-6
    assert v.grad("w") == pytest.approx((neuron_cost(w + h, b, x, y) - neuron_cost(w - h, b, x, y)) / (2 * h), abs=1e-8)
    assert v.grad("x") == pytest.approx((neuron_cost(w, b, x + h, y) - neuron_cost(w, b, x - h, y)) / (2 * h), abs=1e-8)


def test_worked_example_is_the_chain_rule_chapters_last_link():
    d = cr.DEFAULTS
    a2 = sig(d["w2"] * sig(d["w1"] * d["x"] + d["b1"]) + d["b2"])  # the chain's a^[2], by hand
    assert G.X_EXAMPLE == pytest.approx(a2, rel=1e-14)
    assert (G.W_EXAMPLE, G.B_EXAMPLE, G.Y_EXAMPLE) == (d["w3"], d["b3"], cr.TARGET)
    v = G.neuron_graph_view()
    hand = neuron_by_hand(d["w3"], d["b3"], a2, cr.TARGET)
    for name in ("z", "a", "C0"):
        assert v.value(name) == pytest.approx(hand[name], rel=1e-12)
    assert (v.grad("w"), v.grad("b"), v.grad("x")) == pytest.approx((hand["w"], hand["b"], hand["x"]), rel=1e-12)
    # the chain-rule chapter's table: rows w3 and b3 of its chain
    state = cr.chain_state(**d)
    assert (v.grad("w"), v.grad("b")) == pytest.approx((state.row("w3").backprop, state.row("b3").backprop), rel=1e-10)
    a = hand["a"]
    assert G.edge_texts(v)[[k for k, e in enumerate(v.edges) if v.names[e.child] == "a"][0]] == f"×{G.fmt(a * (1 - a))}"


def test_neuron_step_through_order():
    views = [G.neuron_graph_view(step=s) for s in range(7)]
    new = [{n for n, k in zip(v.names, v.new) if k} for v in views]
    assert new == [set(), {"C0"}, {"d"}, {"a", "y"}, {"z"}, {"u", "b"}, {"w", "x"}]
    assert views[-1].n_steps == 6


# --------------------------------------------------------------------------------------
# The page's face: the explorer's config (its numbers are checked in tests/browser)
# --------------------------------------------------------------------------------------
def test_explorer_config_describes_the_graph_and_its_steps():
    config = G.sum_times_explorer().config
    view = G.sum_times_view(G.A_EXAMPLE, G.B2_EXAMPLE, G.C_EXAMPLE)
    assert [n["name"] for n in config["nodes"]] == list(view.names) == ["a", "b", "e", "c", "f"]
    assert [n["op"] for n in config["nodes"]] == ["", "", "+", "", "*"]
    assert [n["title"] for n in config["nodes"]] == ["a", "b", "e = a + b", "c", "f = e·c"]
    assert [n["value"] for n in config["nodes"]][:2] == [3.0, 1.0]
    assert config["edges"] == [[e.parent, e.child] for e in view.edges] == [[0, 2], [1, 2], [2, 4], [3, 4]]
    assert [(i["name"], i["node"], i["min"], i["max"]) for i in config["inputs"]] == [
        ("a", 0, -5.0, 5.0), ("b", 1, -5.0, 5.0), ("c", 3, -5.0, 5.0)]
    assert config["heading"] == [2, 4]
    assert config["start"] == {"step": 3}  # the backward pass done, as the kernel's app starts
    assert (config["layout"]["x"], config["layout"]["y"]) == (list(view.x), list(view.y))
    steps = config["steps"]
    assert [s["known"] for s in steps] == [[], [4], [2, 3, 4], [0, 1, 2, 3, 4]]
    assert [s["new"] for s in steps] == [[], [4], [2, 3], [0, 1]]
    assert [s["active"] for s in steps] == [[], [], [2, 3], [0, 1]]
    assert steps[2]["note"] == "f sends its gradient back to e and c"
    assert G.explorer_title(G.sum_times_view(3.0, 1.0, -2.0, 2), "abc", ("e", "f")) == [
        "a = 3, b = 1, c = -2:  e = a + b = 4,  f = e·c = -8", "backward step 2 of 3: f sends its gradient back to e and c"]
    json.dumps(config)  # JSON-ready


def test_neuron_explorer_config_writes_subscripts_as_text():
    config = G.neuron_graph_explorer().config
    nodes = config["nodes"]
    assert nodes[-1]["title"] == "C₀ = d²" and nodes[-1]["label"] == "C₀" and nodes[-1]["op"] == "**2"
    assert [i["name"] for i in config["inputs"]] == ["w", "b"]
    assert [nodes[i["node"]]["value"] for i in config["inputs"]] == [G.W_EXAMPLE, G.B_EXAMPLE]
    assert nodes[1] == {"name": "x", "label": "x", "title": "x", "op": "", "value": G.X_EXAMPLE}
    assert config["steps"][1]["note"] == "start at the output: ∂C₀/∂C₀ = 1"
    assert len(config["steps"]) == 7 and config["start"]["step"] == 6
    assert G.plain("C<sub>0</sub> = d<sup>2</sup>, <b>w</b><sub>12</sub>") == "C₀ = d², w₁₂"


def test_explorer_html_inlines_its_modules():
    explorer = G.neuron_graph_explorer()
    html = explorer._repr_html_()
    assert f'<div id="{explorer.element_id}"' in html and "mountGraphExplorer" in html
    assert "graph_explorer.js" in html and "activations.js" in html and "plotly" not in html.lower()
    assert len(html) < 100_000
    assert "set w, b" in repr(explorer)


def test_explorer_config_refuses_a_bad_input():
    root = G.sum_times(3.0, 1.0, -2.0)
    with pytest.raises(ValueError, match=r"no node named \['q'\]"):
        G.explorer_config(root, {"q": (-1, 1)}, ("f",), "f", "")
    with pytest.raises(ValueError, match="input e must be a leaf"):
        G.explorer_config(root, {"e": (-9, 9)}, ("f",), "f", "")
    with pytest.raises(ValueError, match=r"input a must be a leaf whose value 3 lies in its range \[-1, 1\]"):
        G.explorer_config(root, {"a": (-1, 1)}, ("f",), "f", "")


# --------------------------------------------------------------------------------------
# Kernel faces
# --------------------------------------------------------------------------------------
def _sliders(app):
    found = []

    def walk(w):
        if hasattr(w, "children"):
            for c in w.children:
                walk(c)
        elif hasattr(w, "value") and hasattr(w, "min") and hasattr(w, "description") and w.description:
            found.append(w)
    walk(app)
    return found


def _same_drawing(shown, fresh):
    """A restyled figure shows what a freshly drawn one shows: title, boxes, colours, arrows."""
    fresh = fresh.to_dict()
    assert shown["layout"]["title"]["text"] == fresh["layout"]["title"]["text"]
    assert [s["fillcolor"] for s in shown["layout"]["shapes"]] == [s["fillcolor"] for s in fresh["layout"]["shapes"]]
    assert [a["text"] for a in shown["layout"]["annotations"]] == [a["text"] for a in fresh["layout"]["annotations"]]
    for k in (0, 1):
        assert list(shown["data"][k].get("x", [])) == list(fresh["data"][k].get("x", []))
    assert list(shown["data"][1]["text"]) == list(fresh["data"][1]["text"])


def test_sum_times_app_redraws_from_the_same_numbers(monkeypatch):
    shown = record_shown(monkeypatch)
    app = G.sum_times_app()
    sliders = {s.description: s for s in _sliders(app)}
    assert [sliders[k].value for k in ("a", "b", "c", "backward step")] == [3.0, 1.0, -2.0, 3]
    play = next(w for box in app.children for w in getattr(box, "children", ()) if isinstance(w, ipywidgets.Play))
    assert play.value == 3  # the play button starts where the slider does: at the last step
    assert len(shown) == 1
    sliders["a"].value = -4.5
    sliders["c"].value = 2.25
    sliders["backward step"].value = 2
    assert len(shown) == 4
    assert shown[-1]["layout"]["title"]["text"].startswith(
        "a = -4.5, b = 1, c = 2.25:  e = a + b = -3.5,  f = e·c = -7.875")
    assert list(shown[-1]["data"][1]["text"]) == G.node_texts(G.sum_times_view(-4.5, 1, 2.25, 2))
    _same_drawing(shown[-1], G.sum_times_figure(-4.5, 1.0, 2.25, 2))
    app.show(a=0.0, b=0.0, c=5.0, step=0)  # what benchmarks/widgets.py times
    _same_drawing(shown[-1], G.sum_times_figure(0.0, 0.0, 5.0, 0))


def test_neuron_app_redraws_from_the_same_numbers(monkeypatch):
    shown = record_shown(monkeypatch)
    app = G.neuron_graph_app()
    sliders = {s.description: s for s in _sliders(app)}
    x, b = G.X_EXAMPLE, G.B_EXAMPLE
    assert sliders["weight w"].value == G.W_EXAMPLE and sliders["input x = a^(L-1)"].value == x
    sliders["weight w"].value = -2.0
    sliders["target y"].value = 0.0
    title = shown[-1]["layout"]["title"]["text"]
    hand = neuron_by_hand(-2.0, b, x, 0.0)
    assert title.startswith(f"w = -2, b = {G.fmt(b)}, x = {G.fmt(x)}, y = 0:  z = {G.fmt(hand['z'])}")
    assert f"C<sub>0</sub> = {G.fmt(hand['C0'])}" in title
    assert shown[-1]["data"][1]["text"][0] == f"-2<br>grad<br>{G.fmt(hand['w'])}"
    _same_drawing(shown[-1], G.neuron_graph_figure(-2.0, b, 6, x, 0.0))
    sliders["backward step"].value = 4
    _same_drawing(shown[-1], G.neuron_graph_figure(-2.0, b, 4, x, 0.0))
    assert set(G.neuron_graph_controls()) == {"w", "b", "x", "y", "step"}


@pytest.mark.parametrize("a, b, c", [(-5, -5, -5), (5, 5, 5), (0, 0, 0)])
def test_extreme_sum_times_values(a, b, c):
    for s in range(4):
        fig = G.sum_times_figure(a, b, c, s)
        assert fig.layout.title.text


@pytest.mark.parametrize("w, b, x, y", [(-4, -4, -2, 0), (4, 4, 2, 1), (1e6, -1e6, 2, 0), (0, 800, 0, 1)])
def test_extreme_neuron_values(w, b, x, y):
    v = G.neuron_graph_view(w, b, None, x, y)
    assert all(np.isfinite(v.values)) and all(np.isfinite(v.grads))
    G.neuron_graph_figure(w, b, 3, x, y)


# --------------------------------------------------------------------------------------
# Other figures
# --------------------------------------------------------------------------------------
def test_draw_graph_shows_every_value_and_gradient():
    loss = G.sum_times_loss(3, 1, -2, -6)
    fig = G.draw_graph(loss)
    texts = list(fig.data[1].text)
    v = G.graph_view(loss)
    assert texts == [f"{G.fmt(x)}<br>grad<br>{G.fmt(g)}" for x, g in zip(v.values, v.grads)]
    assert v.grad("c") == -16 and v.grad("a") == 8 and v.value("ℓ") == 4
    assert all(s.fillcolor == G.KNOWN for s in fig.layout.shapes)
    assert "ℓ = d<sup>2</sup> = 4" in fig.layout.title.text


def test_blocks_figure():
    fig = G.blocks_figure((4, 4, 4, 4, 1))
    assert len(fig.layout.shapes) == 2 * 4 + 1
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "W<sup>[4]</sup>: 1×4" in texts and "cache" in texts and "dW<sup>[1]</sup>" in texts
    # the batch in the chapter's symbols: matrices A, Z and dA (a column per example)
    assert "cache<br>Z<sup>[2]</sup>, A<sup>[1]</sup>" in texts and "dA<sup>[4]</sup> =" in texts
    assert "a<sup>" not in texts and "z<sup>" not in texts
    assert "[4, 4, 4, 4, 1]" in fig.layout.meta["alt"]
    with pytest.raises(ValueError):
        G.blocks_figure((3,))


# --------------------------------------------------------------------------------------
# The self-check check_layer_backward
# --------------------------------------------------------------------------------------
def good_layer_backward(da, cache, W):
    dz = da * cache.a * (1 - cache.a)
    return W.T @ dz, dz @ cache.a_prev.T, dz.sum(axis=1, keepdims=True)


def good_unpacking(da, cache, W):
    a_prev, z, a = cache
    s = 1 / (1 + np.exp(-z))
    dz = da * s * (1 - s)
    return np.dot(W.T, dz), np.dot(dz, a_prev.T), np.sum(dz, axis=1).reshape(-1, 1)


def nnlib_block(da, cache, W):
    return layer_backward(da, cache, W, nnlib.get_activation("sigmoid"))


@pytest.mark.parametrize("fn", [good_layer_backward, good_unpacking, nnlib_block])
def test_check_layer_backward_passes_correct_code(fn):
    for _ in range(3):
        result = check_layer_backward(fn)
        assert isinstance(result, CheckResult) and result.passed, str(result)


def _stub_not_implemented(da, cache, W):
    raise NotImplementedError("your code here")


STUBS = {
    "zeros": lambda da, c, W: (np.zeros_like(c.a_prev), np.zeros_like(W), np.zeros((W.shape[0], 1))),
    "inputs": lambda da, c, W: (da, W, c.z),
    "None": lambda da, c, W: None,
    "NotImplementedError": _stub_not_implemented,
    "constant": lambda da, c, W: 0.5,
    "two values": lambda da, c, W: (W, W),
}


@pytest.mark.parametrize("name", sorted(STUBS))
def test_check_layer_backward_fails_stubs(name):
    result = check_layer_backward(STUBS[name])
    assert not result.passed and "failed" in str(result) and "Traceback" not in str(result)
    if name == "NotImplementedError":
        assert result.message.startswith("not implemented yet")
    else:
        assert result.case is not None and set(result.inputs) == {"da", "cache", "W"}
    if name == "None":
        assert "return" in result.hint


def _variant(dz_of=None, back_from_da=False, transpose_back=True, transpose_dW=True, db_sum=True,
             scale=1.0, order=(0, 1, 2), use_a=False, inplace=False):
    def fn(da, cache, W):
        a_prev, z, a = cache
        dz = da * a * (1 - a) if dz_of is None else dz_of(da, z, a)
        if inplace:
            da *= a * (1 - a)
        Wb = W.T if transpose_back else W
        da_prev = Wb @ (da if back_from_da else dz)
        inp = a if use_a else a_prev
        dW = scale * (dz @ inp.T if transpose_dW else dz @ inp)
        db = scale * (dz.sum(axis=1, keepdims=True) if db_sum else dz)
        out = (da_prev, dW, db)
        return tuple(out[i] for i in order)
    return fn


def _mean_instead_of_sum(da, cache, W):
    da_prev, dW, db = good_layer_backward(da, cache, W)
    return da_prev, dW / da.shape[1], db / da.shape[1]


def _square_only_no_transpose(da, cache, W):
    f = _variant(transpose_back=W.shape[0] != W.shape[1])
    return f(da, cache, W)


PITFALLS = [
    (_variant(dz_of=lambda da, z, a: da), ["σ'(z) is missing"]),
    (_variant(dz_of=lambda da, z, a: da * a), ["You multiplied by a = σ(z)"]),
    (_variant(dz_of=lambda da, z, a: da * z * (1 - z)), ["z (1 − z)"]),
    (_variant(back_from_da=True), ["W.T @ dz", "not W.T @ da"]),
    (_mean_instead_of_sum, ["SUMS over the m columns"]),
    (_variant(transpose_back=False), ["shapes that do not fit"]),
    (_square_only_no_transpose, ["its transpose"]),
    (_variant(transpose_dW=False), ["shapes that do not fit"]),
    (_variant(db_sum=False), ["sum over the columns", "keepdims=True"]),
    (_variant(order=(1, 2, 0)), ["another order"]),
    (_variant(use_a=True), ["INPUT a_prev"]),
    (_variant(inplace=True), ["in place"]),
    (lambda da, c, W: tuple(-x for x in good_layer_backward(da, c, W)), ["sign is wrong"]),
    (lambda da, c, W: (good_layer_backward(da, c, W)[0], good_layer_backward(da, c, W)[1],
                       good_layer_backward(da, c, W)[2].ravel()), ["keepdims=True"]),
]


@pytest.mark.parametrize("fn, words", PITFALLS)
def test_check_layer_backward_names_each_pitfall(fn, words):
    for _ in range(2):
        result = check_layer_backward(fn)
        assert not result.passed
        text = result.message + " " + result.hint
        for word in words:
            assert word in text, f"{word!r} not in:\n{result}"


def test_the_reference_agrees_with_finite_differences_and_nnlib():
    rng = np.random.default_rng(7)
    for n_l, n_prev, m in [(2, 3, 1), (3, 2, 4), (1, 4, 5), (4, 4, 3)]:
        W, b = rng.normal(0, 1, (n_l, n_prev)), rng.normal(0, 1, (n_l, 1))
        a_prev, da = rng.uniform(0, 1, (n_prev, m)), rng.normal(0, 1, (n_l, m))
        cache = make_cache(a_prev, W, b)
        da_prev, dW, db = reference_layer_backward(da, cache, W)

        def phi(W_, b_, a_):  # a cost whose derivative with respect to a^[l] is da
            return float(np.sum(da * (1 / (1 + np.exp(-(W_ @ a_ + b_))))))

        h = 1e-6
        for target, grad, args in ((W, dW, 0), (b, db, 1), (a_prev, da_prev, 2)):
            num = np.zeros_like(target)
            for idx in np.ndindex(target.shape):
                E = np.zeros_like(target)
                E[idx] = h
                plus = [W, b, a_prev]
                minus = [W, b, a_prev]
                plus[args], minus[args] = target + E, target - E
                num[idx] = (phi(*plus) - phi(*minus)) / (2 * h)
            assert np.allclose(grad, num, atol=1e-8)
        _, nn_cache = layer_forward(a_prev, W, b, nnlib.get_activation("sigmoid"))
        assert isinstance(nn_cache, LayerCache)
        for ours, theirs in zip((da_prev, dW, db), layer_backward(da, nn_cache, W, nnlib.get_activation("sigmoid"))):
            assert np.allclose(ours, theirs, rtol=1e-12, atol=1e-14)


def test_check_layer_backward_does_not_use_nnlib_backprop(monkeypatch):
    import scipy.special

    def garbage(*args, **kwargs):
        raise AssertionError("the check called nnlib's own implementation")

    for target, name in [(nnlib.layers, "layer_backward"), (nnlib.layers, "linear_backward"),
                         (nnlib, "layer_backward"), (nnlib, "sigmoid_prime"), (nnlib, "sigmoid"),
                         (nnlib.activations, "sigmoid_prime"), (nnlib.activations, "sigmoid"),
                         (scipy.special, "expit")]:
        monkeypatch.setattr(target, name, garbage)
    assert check_layer_backward(good_layer_backward).passed


def test_graph_text_is_at_least_12_px():
    """The review: text in the graph boxes and on the block diagram was 11 px."""
    figs = [G.blocks_figure((4, 4, 4, 4, 1)), G.draw_graph(G.sum_times_loss(2.0, -4.0, 4.0, -6.0))]
    for fig in figs:
        sizes = [a.font.size for a in fig.layout.annotations if a.font.size is not None]
        sizes += [t.textfont.size for t in fig.data if getattr(t, "textfont", None) and t.textfont.size]
        assert sizes and min(sizes) >= 12, sizes


def test_the_loss_node_is_not_called_L():
    # L is the number of layers; the loss of the (a + b) * c graph is ℓ
    assert G.sum_times_loss(2.0, -4.0, 4.0, -6.0).label == "ℓ"

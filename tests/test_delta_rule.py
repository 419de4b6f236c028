"""The delta-rule chapter's interactive (nnlib.viz.delta_rule) and the network diagram it draws.

The independent reference is the 2-3-2 sigmoid network written out here with math.exp and sums
over k (no nnlib), its loss C_0 = sum_j (a_j - y_j)^2, centred differences of that loss for every
weight and bias (and for every z, which gives delta = dC_0/dz), and numbers worked out by hand.
"""
import copy
import json
import math

import numpy as np
import pytest

import nnlib
from nnlib.viz import delta_rule as dr
from nnlib.viz import network_diagram as nd
from tests.figure_views import record_shown


# --------------------------------------------------------------------------------------------
# The reference: the network by hand
# --------------------------------------------------------------------------------------------
def sig(z):
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def params(changes=None):
    """[W1, W2], [b1, b2] as nested lists, with changes {'w2_12': v, 'b1_3': v} applied."""
    Ws = [[list(r) for r in dr.W1], [list(r) for r in dr.W2]]
    bs = [list(dr.B1), list(dr.B2)]
    for name, v in (changes or {}).items():
        kind, l, j, k = name[0], int(name[1]), int(name[3]), name[4:]
        if kind == "w":
            Ws[l - 1][j - 1][int(k) - 1] = v
        else:
            bs[l - 1][j - 1] = v
    return Ws, bs


def forward(Ws, bs, x, z_nudge=None):
    """zs (per layer) and as (a[0] = x); z_nudge = (l, j, eps) adds eps to z^[l]_j."""
    a, zs, acts = list(x), [], [list(x)]
    for l, (W, b) in enumerate(zip(Ws, bs), 1):
        z = [sum(W[j][k] * a[k] for k in range(len(a))) + b[j] for j in range(len(W))]
        if z_nudge and z_nudge[0] == l:
            z[z_nudge[1] - 1] += z_nudge[2]
        zs.append(z)
        a = [sig(v) for v in z]
        acts.append(a)
    return zs, acts


def loss(Ws, bs, x, y, z_nudge=None):
    return sum((a - t) ** 2 for a, t in zip(forward(Ws, bs, x, z_nudge)[1][-1], y))


def fd_params(changes, x, y, h=1e-6):
    """Centred differences of C_0 for every weight and bias: (dW, db) as numpy arrays."""
    Ws, bs = params(changes)
    dW = [np.zeros((len(W), len(W[0]))) for W in Ws]
    db = [np.zeros(len(b)) for b in bs]
    for l in range(2):
        for j in range(len(Ws[l])):
            for k in range(len(Ws[l][0])):
                P, M = copy.deepcopy(Ws), copy.deepcopy(Ws)
                P[l][j][k] += h
                M[l][j][k] -= h
                dW[l][j, k] = (loss(P, bs, x, y) - loss(M, bs, x, y)) / (2 * h)
            P, M = copy.deepcopy(bs), copy.deepcopy(bs)
            P[l][j] += h
            M[l][j] -= h
            db[l][j] = (loss(Ws, P, x, y) - loss(Ws, M, x, y)) / (2 * h)
    return dW, db


def fd_delta(changes, x, y, h=1e-6):
    """delta^[l]_j = dC_0/dz^[l]_j by nudging z itself."""
    Ws, bs = params(changes)
    return [np.array([(loss(Ws, bs, x, y, (l, j, h)) - loss(Ws, bs, x, y, (l, j, -h))) / (2 * h)
                      for j in range(1, len(Ws[l - 1]) + 1)]) for l in (1, 2)]


SETTINGS = [{}, {"w2_12": 0.0}, {"w2_12": 2.0, "w1_21": -2.5}, {"w1_21": 3.0, "b1_2": -1.0, "w2_23": -1.5}]


# --------------------------------------------------------------------------------------------
# The update function
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("changes", SETTINGS)
@pytest.mark.parametrize("example", [1, 2, 3])
def test_view_numbers_match_hand_computation_finite_differences_and_nnlib(example, changes):
    v = dr.delta_view(example, **changes)
    x, y = dr.EXAMPLES[example - 1]
    Ws, bs = params(changes)
    zs, acts = forward(Ws, bs, x)
    for l in (1, 2):
        assert v.z[l] == pytest.approx(zs[l - 1], rel=1e-12)
        assert v.a[l] == pytest.approx(acts[l], rel=1e-12)
        assert v.sigma_prime[l] == pytest.approx([sig(z) * (1 - sig(z)) for z in zs[l - 1]], rel=1e-10)
        assert v.W[l] == pytest.approx(np.array(Ws[l - 1]), abs=0)
    assert v.cost == pytest.approx(loss(Ws, bs, x, y), rel=1e-12)
    # delta = dC_0/dz, and the gradients, against finite differences of the hand-written loss
    for shown, ref in zip(v.delta, fd_delta(changes, x, y)):
        assert shown == pytest.approx(ref, rel=1e-6, abs=1e-10)
    fW, fb = fd_params(changes, x, y)
    for l in (1, 2):
        assert v.dW[l] == pytest.approx(fW[l - 1], rel=1e-6, abs=1e-10)
        assert v.db[l] == pytest.approx(fb[l - 1], rel=1e-6, abs=1e-10)
    # ... and against nnlib's own backpropagation (net.gradients)
    net = dr.delta_network(**changes)
    gW, gb = net.gradients(np.array(x).reshape(-1, 1), np.array(y).reshape(-1, 1))
    for l in (1, 2):
        assert v.dW[l] == pytest.approx(gW[l], rel=1e-12, abs=1e-15)
        assert v.db[l] == pytest.approx(gb[l][:, 0], rel=1e-12, abs=1e-15)
        assert v.db[l] == pytest.approx(v.delta[l], rel=1e-12)  # eq. (grad-b)
        assert v.dW[l] == pytest.approx(np.outer(v.delta[l], v.a[l - 1]), rel=1e-12)  # eq. (grad-W)
    # the four equations by hand
    assert v.delta[2] == pytest.approx(2 * (np.array(acts[2]) - y) * v.sigma_prime[2], rel=1e-12)
    back = np.array(Ws[1]).T @ v.delta[2]
    assert v.dC_da[1] == pytest.approx(back, rel=1e-12)
    assert v.delta[1] == pytest.approx(back * v.sigma_prime[1], rel=1e-12)


def test_hand_derived_numbers_of_the_worked_example():
    # x = (1, 0.5): z^[1] = (0.5 - 0.2 + 0.1, 0.3 + 0.4 - 0.2, -0.6 + 0.1 + 0.05) = (0.4, 0.5, -0.45)
    v = dr.delta_view(1)
    assert v.z[1] == pytest.approx([0.4, 0.5, -0.45], abs=1e-15)
    assert v.a[2] == pytest.approx([0.565520, 0.609282], abs=1e-6)
    assert v.cost == pytest.approx(0.559997, abs=1e-6)
    assert v.delta[2] == pytest.approx([-0.213510, 0.290088], abs=1e-6)
    assert v.delta[1] == pytest.approx([-0.056818, 0.065991, 0.041768], abs=1e-6)
    assert v.dW[2][0, 1] == pytest.approx(-0.132901, abs=1e-6)
    # x_2 = 0.5: the second column of dW^[1] is half of the first
    assert v.dW[1][:, 1] == pytest.approx(v.dW[1][:, 0] / 2, rel=1e-12)


def test_backward_by_layer_matches_network_gradients_on_random_batches():
    rng = np.random.default_rng(3)
    for sizes in ([2, 3, 2], [3, 1], [4, 5, 3, 2], [1, 2, 2, 2, 1]):
        net = nnlib.Network(sizes, seed=int(rng.integers(100)))
        X, Y = rng.normal(size=(sizes[0], 5)), rng.uniform(size=(sizes[-1], 5))
        trace = net.forward_trace(X)
        back = dr.backward_by_layer(net, trace, Y)
        gW, gb = net.gradients(X, Y)
        nW, nb = nnlib.numerical_gradients(net, X, Y)
        for l in range(1, net.n_layers + 1):
            assert back.dW[l] == pytest.approx(gW[l], rel=1e-12, abs=1e-16)
            assert back.db[l] == pytest.approx(gb[l], rel=1e-12, abs=1e-16)
            assert back.dW[l] == pytest.approx(nW[l], rel=1e-5, abs=1e-9)
            assert back.delta[l].shape == trace.z[l].shape
    with pytest.raises(ValueError, match="quadratic"):
        net = nnlib.Network([2, 2], cost="cross_entropy")
        dr.backward_by_layer(net, net.forward_trace(np.ones((2, 1))), np.ones((2, 1)))


@pytest.mark.parametrize("step, delta_known, grad_known", [
    (0, (False, False), (False, False)), (1, (False, True), (False, False)), (2, (False, True), (False, True)),
    (3, (True, True), (False, True)), (4, (True, True), (True, True)),
])
def test_steps_reveal_delta_then_gradients_from_the_output_back(step, delta_known, grad_known):
    v = dr.delta_view(2, step)
    assert v.step == step and tuple(v.delta_known) == delta_known and tuple(v.grad_known) == grad_known
    assert dr.delta_view(2, dr.STEPS[step]).step == step
    texts = dr.node_texts(v)
    n_in = dr.SIZES[0]
    for i, (l, j) in enumerate(nd.neuron_list(dr.SIZES)):
        if l == 0:
            assert texts[i] == f"x<sub>{j}</sub> = {v.x[j - 1]:g}"
        elif delta_known[l - 1]:
            assert f"δ = {dr.fmt(v.delta[l][j - 1])}" in texts[i]
        else:
            assert "δ = ?" in texts[i]
        if l > 0:
            assert f"z = {dr.fmt(v.z[l][j - 1])}" in texts[i] and f"a = {dr.fmt(v.a[l][j - 1])}" in texts[i]
    for t, (l, j, k) in zip(dr.edge_texts(v), nd.edge_list(dr.SIZES)):
        assert t.startswith(f"w = {v.W[l][j - 1, k - 1]:.2f}")
        assert ("∂ = " in t) == grad_known[l - 1]
        if grad_known[l - 1]:
            assert dr.fmt(v.dW[l][j - 1, k - 1]) in t
    colours = dr.node_colours(v)
    assert colours[:n_in] == [dr.INPUT] * n_in
    assert (dr.NEW in colours) == (step in (1, 3))
    assert f"step {step} of 4" in dr.delta_title(v)


def test_step_and_example_names_and_bad_arguments():
    assert dr.STEPS == ("forward", "δ[2]", "∂W[2]", "δ[1]", "∂W[1]")
    assert dr.step_names(3)[1:3] == ("δ[3]", "∂W[3]")
    assert [dr.example_index(n) for n in dr.EXAMPLE_NAMES] == [0, 1, 2]
    for bad in (0, 4, "4", "example 1"):
        with pytest.raises(ValueError, match="example"):
            dr.delta_view(bad)
    for bad in (-1, 5, "backward"):
        with pytest.raises(ValueError, match="step"):
            dr.delta_view(1, bad)
    for bad in ("w3_11", "w2_31", "w2_1", "b1_12", "x"):
        with pytest.raises(ValueError):
            dr.delta_view(1, **{bad: 1.0})
    assert dr.parse_param("w2_12") == ("w", 2, 1, 2) and dr.parse_param("b1_3") == ("b", 1, 3, None)


@pytest.mark.parametrize("big", [1e6, -1e9, 800.0, 0.0])
def test_extreme_values_do_not_crash(big):
    for name in ("w2_12", "w1_21", "b1_1", "b2_2"):
        v = dr.delta_view(3, **{name: big})
        numbers = [v.cost, *np.concatenate([*v.z, *v.a, *v.delta, *v.db]), *np.concatenate([g.ravel() for g in v.dW])]
        assert np.all(np.isfinite(numbers)), name
        dr.delta_figure_dict(3, 4, **{name: big})
        assert "nan" not in json.dumps(dr.delta_state(3, 4, **{name: big})).lower()


def test_update_function_is_fast_enough():
    import time

    dr._numbers.cache_clear()
    times = []
    for i, w in enumerate(dr.LIVE_VALUES[:30]):
        start = time.perf_counter()
        dr.delta_figure_dict(1 + i % 3, i % 5, w2_12=float(w), w1_21=float(-w))
        times.append(time.perf_counter() - start)
    assert np.median(times) < 0.03


# --------------------------------------------------------------------------------------------
# The network diagram (general)
# --------------------------------------------------------------------------------------------
def test_edge_list_follows_the_rows_of_each_W():
    sizes = (3, 2, 4)
    edges = nd.edge_list(sizes)
    assert len(edges) == 3 * 2 + 2 * 4
    assert edges[:4] == ((1, 1, 1), (1, 1, 2), (1, 1, 3), (1, 2, 1))
    Ws = [np.arange(6.0).reshape(2, 3), np.arange(8.0).reshape(4, 2) + 10]
    flat = nd.flat_weights(Ws)
    for e, (l, j, k) in enumerate(edges):
        assert flat[e] == Ws[l - 1][j - 1, k - 1]
    assert nd.neuron_list((2, 1)) == ((0, 1), (0, 2), (1, 1))
    with pytest.raises(ValueError):
        nd.diagram_layout((3,))


def test_edge_styles_show_sign_and_size():
    colours, widths = nd.edge_styles([np.array([[0.0, -1.0, 2.0, 5.0, -np.inf, np.nan]])], scale=2.0)
    assert colours[:4] == [nd.BLUE, nd.VERMILION, nd.BLUE, nd.BLUE] and colours[4] == nd.VERMILION
    assert widths[0] == nd.MIN_WIDTH and widths[2] == widths[3] == nd.MAX_WIDTH
    assert widths[0] < widths[1] < widths[2]
    assert all(np.isfinite(widths))


def test_network_diagram_draws_any_sizes_and_updates():
    sizes = (4, 5, 3, 2)
    net = nnlib.Network(list(sizes), seed=1)
    n, E = sum(sizes), len(nd.edge_list(sizes))
    fig = nd.network_diagram(sizes, net.W, [str(i) for i in range(n)], ["white"] * n,
                             [f"node {i}" for i in range(n)], [f"e{e}" for e in range(E)], alt="a network")
    assert len(fig.layout.shapes) == E and len(fig.layout.annotations) == E + n
    assert [a.text for a in fig.layout.annotations[:E]] == [f"e{e}" for e in range(E)]
    assert fig.layout.meta["alt"] == "a network"
    colours, widths = nd.edge_styles(net.W)
    assert [s.line.width for s in fig.layout.shapes] == widths
    upd = nd.network_diagram_update(net.W, ["red"] * n, ["t"] * n, ["u"] * E)
    assert upd["data"][0]["marker.color"] == ["red"] * n
    assert upd["layout"][f"annotations[{E}].text"] == "t" and upd["layout"]["shapes[0].line.color"] == colours[0]


# --------------------------------------------------------------------------------------------
# The page's face: the explorer's config (its numbers are checked in the browser,
# tests/browser/test_delta_rule_explorer.py)
# --------------------------------------------------------------------------------------------
def test_explorer_config_holds_the_chapters_network_examples_steps_and_layout():
    c = dr.explorer_config()
    assert json.loads(json.dumps(c)) == c  # JSON-ready, nothing lost
    net = dr.delta_network()
    assert c["sizes"] == list(dr.SIZES) and (c["hidden"], c["output"], c["cost"]) == ("sigmoid", "sigmoid", "quadratic")
    # theta in nnlib's layout: [W^[l] | b^[l]] row after row, layer by layer
    assert c["theta"] == net.get_params().tolist()
    assert c["theta"][:3] == [*dr.W1[0], dr.B1[0]] and c["theta"][-4:] == [*dr.W2[1], dr.B2[1]]
    assert [(tuple(e["x"]), tuple(e["y"])) for e in c["examples"]] == [tuple(map(tuple, ex)) for ex in dr.EXAMPLES]
    assert [s["name"] for s in c["steps"]] == list(dr.STEPS)
    assert [s["note"] for s in c["steps"]] == [dr.delta_view(1, s).note for s in range(len(dr.STEPS))]
    assert c["start"] == {"example": 1, "step": 0}
    lay = nd.diagram_layout(dr.SIZES, 1.0, dr.DY, dr.EXPLORER_LABEL_AT)
    assert [tuple(e) for e in c["layout"]["edges"]] == list(nd.edge_list(dr.SIZES))
    assert [tuple(p) for p in c["layout"]["label_xy"]] == list(lay.label_xy)
    assert [tuple(col) for col in c["layout"]["y"]] == list(lay.y) and tuple(c["layout"]["x"]) == lay.x
    lo, hi = c["weight_range"]
    assert lo <= min(min(min(r) for r in dr.W1), min(min(r) for r in dr.W2)) and hi >= 2.0  # the chapter's "set it to 2"
    assert c["widths"] == {"min": nd.MIN_WIDTH, "max": nd.MAX_WIDTH, "scale": 2.0}
    assert c["colours"]["positive"] == nd.BLUE and c["colours"]["negative"] == nd.VERMILION
    assert c["colours"]["new"] == dr.NEW and c["colours"]["known"] == dr.KNOWN and c["layer_names"] == list(dr.LAYER_NAMES)


@pytest.mark.parametrize("example, step, start", [(3, "∂W[2]", {"example": 3, "step": 2}), ("2", None, {"example": 2, "step": 4}),
                                                  (1, 4, {"example": 1, "step": 4})])
def test_explorer_starts_where_asked_and_rejects_bad_starts(example, step, start):
    assert dr.explorer_config(example, len(dr.STEPS) - 1 if step is None else step)["start"] == start
    for bad in ({"example": 0}, {"example": "4"}, {"step": 5}, {"step": "backward"}):
        with pytest.raises(ValueError, match="example|step"):
            dr.explorer_config(**bad)


def test_explorer_output_inlines_its_modules_and_mounts_with_its_config():
    first, second = dr.delta_explorer(), dr.delta_explorer(example=2, step=1)
    html = first._repr_html_()
    assert html.startswith(f'<div id="{first.element_id}" class="nnjs-explorer"></div>')
    assert first.element_id != second.element_id
    for module in ("delta_rule.js", "network.js", "matrix.js", "dom.js"):
        assert f'"{module}"' in html, module
    assert f'exports.mountDeltaRule(document.getElementById("{first.element_id}"), ' in html
    assert "</sup>" not in html.split("<script", 1)[1].rsplit("</script>", 1)[0]  # "</" cannot end the script early
    assert json.dumps(second.config["start"]) in second._repr_html_()
    assert "example 2, backward step 1" in repr(second)


# --------------------------------------------------------------------------------------------
# The live app
# --------------------------------------------------------------------------------------------
def test_live_app_redraws_with_the_same_numbers(monkeypatch):
    shown = record_shown(monkeypatch)
    app = dr.delta_app()
    assert set(app.sliders) == {"example", "step", "w2_12", "w1_21"}
    assert app.sliders["w2_12"].value == pytest.approx(-0.5) and app.sliders["w1_21"].value == pytest.approx(0.3)
    app.sliders["example"].value = "2"
    app.sliders["step"].value = "∂W[1]"
    app.sliders["w2_12"].value = 1.7
    app.sliders["w1_21"].value = -2.2
    assert len(shown) == 5
    fig = shown[-1]
    changes = {"w2_12": 1.7, "w1_21": -2.2}
    v = dr.delta_view(2, 4, **changes)
    assert fig["layout"]["title"]["text"] == dr.delta_title(v)
    fW, _ = fd_params(changes, *dr.EXAMPLES[1])
    E = len(nd.edge_list(dr.SIZES))
    for e, (l, j, k) in enumerate(nd.edge_list(dr.SIZES)):
        text = fig["layout"]["annotations"][e]["text"]
        shown_grad = float(text.split("∂ = ")[1].replace("<b>", "").replace("</b>", ""))
        assert shown_grad == pytest.approx(fW[l - 1][j - 1, k - 1], abs=6e-5)
    assert [a["text"] for a in fig["layout"]["annotations"][E:E + 7]] == dr.node_texts(v)
    assert fig["data"][0]["marker"]["color"] == dr.node_colours(v)
    assert fig["layout"]["meta"]["alt"] == dr._alt(v)
    assert app.children[-1] is app.view and app.view.alt.value.endswith(f"{dr._alt(v)}</span>")


def test_figure_dict_matches_the_plotly_figure():
    d = dr.delta_figure_dict(3, 2, w1_21=1.0)
    fig = dr.delta_figure(3, 2, w1_21=1.0)
    assert fig.layout.title.text == d["layout"]["title"]["text"]
    assert [a.text for a in fig.layout.annotations] == [a["text"] for a in d["layout"]["annotations"]]
    assert [s.line.width for s in fig.layout.shapes] == [s["line"]["width"] for s in d["layout"]["shapes"]]
    assert list(fig.data[0].marker.color) == d["data"][0]["marker"]["color"]


def test_biases_are_drawn_and_labels_are_at_least_12_px():
    """Each neuron's box shows its bias b, and once the backward pass has reached the layer its
    bias gradient, which equals the box's delta (eq. grad-b); every label is at least 12 px."""
    for step in range(len(dr.STEPS)):
        v = dr.delta_view(1, step)
        texts = dr.node_texts(v)
        for i, (l, j) in enumerate(nd.neuron_list(dr.SIZES)):
            if l == 0:
                continue
            assert f"b = {v.b[l][j - 1]:.2f}" in texts[i]
            if v.grad_known[l]:
                assert f"∂C₀/∂b = {dr.fmt(v.db[l][j - 1])}" in texts[i]
                assert v.db[l][j - 1] == pytest.approx(v.delta[l][j - 1], rel=1e-12)
            else:
                assert "∂b" not in texts[i]
    fig = dr.delta_figure(1, 4)
    sizes = [a.font.size for a in fig.layout.annotations]
    assert sizes and min(sizes) >= 12

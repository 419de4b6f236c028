"""The activation-and-cost chapter (nnlib.viz.activation_cost) and its self-check
(nnlib.checks.activation_prime): numbers, both faces of the interactive, the figures.

The independent references here are the activations written with math, the two-neuron network
and its costs written out by hand, centred differences of those costs, and numbers worked out
by hand in the comments.
"""
import json
import math

import numpy as np
import pytest

import nnlib
from nnlib.checks.activation_prime import check_activation_prime
from nnlib.viz import activation_cost as ac


# --------------------------------------------------------------------------------------------
# An independent reference: the interactive's two-neuron network, by hand
# --------------------------------------------------------------------------------------------
def sig(z):
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


G = {
    "sigmoid": sig,
    "tanh": math.tanh,
    "relu": lambda z: max(0.0, z),
    "leaky_relu": lambda z: z if z > 0 else 0.01 * z,
}


def cost_by_hand(activation, cost, w1, y):
    """C_0 of x = 1 -> g(w1) -> sigma(W_OUT g(w1) + B_OUT), target y."""
    a_out = sig(ac.W_OUT * G[activation](w1 * ac.X_IN) + ac.B_OUT)
    if cost == "quadratic":
        return (a_out - y) ** 2
    return -(y * math.log(a_out) + (1 - y) * math.log(1 - a_out))


def fd(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


SETTINGS = [(a, c, z, y) for a in ac.ACTIVATION_NAMES for c in ac.COST_NAMES
            for z in (-4.5, -1.0, 0.5, 3.0) for y in ac.TARGETS]


@pytest.mark.parametrize("activation, cost, z, y", SETTINGS)
def test_numbers_match_hand_computation_and_finite_differences(activation, cost, z, y):
    s = ac.act_cost_numbers(activation, cost, z, y)
    g = G[activation]
    assert s.g == pytest.approx(g(z), rel=1e-12)
    assert s.g_prime == pytest.approx(fd(g, z), rel=1e-6, abs=1e-9)
    assert s.z_out == pytest.approx(ac.W_OUT * g(z) + ac.B_OUT, rel=1e-12)
    assert s.a_out == pytest.approx(sig(s.z_out), rel=1e-12)
    assert s.sigma_prime_out == pytest.approx(sig(s.z_out) * (1 - sig(s.z_out)), rel=1e-10)
    assert s.cost == pytest.approx(cost_by_hand(activation, cost, z, y), rel=1e-10)
    # delta[L] = dC_0/dz[L], by finite differences of the cost in z[L]
    def cost_of_zout(zl):
        a = sig(zl)
        return (a - y) ** 2 if cost == "quadratic" else -(y * math.log(a) + (1 - y) * math.log(1 - a))
    assert s.delta_out == pytest.approx(fd(cost_of_zout, s.z_out), rel=1e-6, abs=1e-9)
    # the two closed forms: 2(a - y) sigma'(z) and a - y (eq. (delta-ce))
    forms = {"quadratic": 2 * (s.a_out - y) * s.sigma_prime_out, "cross_entropy": s.a_out - y}
    assert s.delta_out == pytest.approx(forms[cost], rel=1e-10, abs=1e-15)
    assert s.delta_out_other == pytest.approx(forms[ac.other_cost(cost)], rel=1e-10, abs=1e-15)
    # delta[1] = dC_0/dw[1], by finite differences of the whole network's cost in w[1]
    assert s.delta_hidden == pytest.approx(fd(lambda w: cost_by_hand(activation, cost, w, y), z),
                                           rel=1e-5, abs=1e-9)
    assert s.delta_hidden == pytest.approx(ac.W_OUT * s.delta_out * s.g_prime, rel=1e-10, abs=1e-15)


def test_numbers_match_nnlib_network():
    for activation, cost, z, y in SETTINGS[::5]:
        s = ac.act_cost_numbers(activation, cost, z, y)
        net = ac.two_neuron_network(activation, cost, z)
        X, Y = np.array([[1.0]]), np.array([[y]])
        dW, db = net.gradients(X, Y)
        nW, nb = nnlib.numerical_gradients(net, X, Y)
        assert s.delta_out == db[2][0, 0] and s.delta_hidden == dW[1][0, 0]
        assert s.delta_out == pytest.approx(nb[2][0, 0], abs=1e-8)
        assert s.cost == net.cost(X, Y)


def test_hand_derived_numbers_of_the_starting_point():
    # sigmoid, quadratic, z = 3, y = 0: g = sigma(3) = 0.952574, z[L] = 2 g = 1.905148,
    # a[L] = sigma(1.905148) = 0.870473, delta[L] = 2 a (a - 0) (1 - a) = 0.196291,
    # cross-entropy instead: a - y = 0.870473; delta[1] = 2 delta[L] sigma'(3) = 0.017736
    s = ac.act_cost_numbers("sigmoid", "quadratic", 3.0, 0.0)
    assert s.g == pytest.approx(0.952574, abs=1e-6)
    assert s.z_out == pytest.approx(1.905148, abs=1e-6)
    assert s.a_out == pytest.approx(0.870473, abs=1e-6)
    assert s.delta_out == pytest.approx(0.196291, abs=1e-6)
    assert s.delta_out_other == pytest.approx(0.870473, abs=1e-6)
    assert s.delta_hidden == pytest.approx(0.017736, abs=1e-6)


def test_relu_at_the_corner_and_a_dead_neuron():
    s = ac.act_cost_numbers("relu", "cross_entropy", 0.0, 1.0)
    assert s.g == 0.0 and s.g_prime == 0.0 and s.delta_hidden == 0.0  # nnlib takes relu'(0) = 0
    leaky = ac.act_cost_numbers("leaky_relu", "cross_entropy", -2.0, 1.0)
    assert leaky.g_prime == 0.01 and leaky.delta_hidden != 0.0


@pytest.mark.parametrize("z", [1e4, -1e4, 800.0, -800.0])
def test_extreme_values_do_not_crash(z):
    for activation in ac.ACTIVATION_NAMES:
        for cost in ac.COST_NAMES:
            for y in ac.TARGETS:
                s = ac.act_cost_numbers(activation, cost, z, y)
                assert np.all(np.isfinite([v for v in s[2:]])), s
                state = ac.act_cost_state(activation, cost, z, y)
                assert state["data"][ac.G_MARKER]["x"] == [z]
                json.dumps(state)
    fig = ac.act_cost_figure("relu", "cross_entropy", 1e4, 0.0)
    assert list(fig.data[ac.G_MARKER].x) == [1e4] and "ReLU: g(z) = " in fig.layout.annotations[0].text


def test_bad_choices_fail_clearly():
    with pytest.raises(ValueError, match="activation must be one of"):
        ac.act_cost_numbers("softmax", "quadratic", 0.0, 0.0)
    with pytest.raises(ValueError, match="cost must be one of"):
        ac.act_cost_numbers("relu", "hinge", 0.0, 0.0)


def test_output_delta_curves_are_the_closed_forms():
    z = ac.ZL_CURVE
    a = 1 / (1 + np.exp(-z))
    for y in ac.TARGETS:
        assert ac.output_delta_curve("cross_entropy", y) == pytest.approx(a - y, abs=1e-12)
        assert ac.output_delta_curve("quadratic", y) == pytest.approx(2 * (a - y) * a * (1 - a), abs=1e-12)


# --------------------------------------------------------------------------------------------
# What the figures show
# --------------------------------------------------------------------------------------------
def test_figure_shows_its_state():
    fig = ac.act_cost_figure("tanh", "cross_entropy", -2.0, 1.0)
    s = ac.act_cost_numbers("tanh", "cross_entropy", -2.0, 1.0)
    assert fig.layout.title.text == ac.act_cost_title(s)
    shown = [i for i, t in enumerate(fig.data) if t.visible is not False]
    expected = [ac.G_TRACES["tanh"], ac.GP_TRACES["tanh"], ac.G_MARKER, ac.GP_MARKER,
                ac.DELTA_TRACES[("quadratic", 1.0, "other")], ac.DELTA_TRACES[("cross_entropy", 1.0, "chosen")],
                ac.DELTA_MARKER]
    assert shown == sorted(expected)
    assert list(fig.data[ac.G_MARKER].y) == [pytest.approx(math.tanh(-2.0))]
    assert list(fig.data[ac.GP_MARKER].y) == [pytest.approx(1 - math.tanh(-2.0) ** 2)]
    assert list(fig.data[ac.DELTA_MARKER].x) == [pytest.approx(2 * math.tanh(-2.0))]
    assert list(fig.data[ac.DELTA_MARKER].y) == [pytest.approx(sig(2 * math.tanh(-2.0)) - 1)]
    g_curve = fig.data[ac.G_TRACES["relu"]]
    assert list(g_curve.y) == pytest.approx([max(0.0, z) for z in ac.Z_CURVE])
    assert "tanh" in fig.layout.annotations[0].text and "y = 1" in fig.layout.annotations[2].text
    assert "tanh" in fig.layout.meta["alt"] and "cross-entropy" in fig.layout.meta["alt"]


def test_readouts_show_the_numbers():
    """Each panel reads out its own value above it; the title keeps the output, cost and hidden error."""
    s = ac.act_cost_numbers("sigmoid", "quadratic", 3.0, 0.0)
    title = ac.act_cost_title(s)
    panels = [a.text for a in ac.act_cost_figure("sigmoid", "quadratic", 3.0, 0.0).layout.annotations]
    assert "g(z) = 0.9526" in panels[0] and "g′(z) = 0.0452" in panels[1]
    assert "δ<sup>[L]</sup> = 0.1963" in panels[2] and "cross-entropy (0.8705)" in panels[2]
    assert "∂C₀/∂w<sup>[1]</sup> = 0.0177" in title and "C₀ = " in title
    assert "g(z)" not in title and title.count("<br>") == 1


def test_sliders_show_readable_names_and_labels_work_as_values():
    assert ac.ACTIVATION_LABELS == ["sigmoid σ", "tanh", "ReLU", "leaky ReLU"]
    assert ac.COST_LABELS == ["quadratic", "cross-entropy"]
    assert all("_" not in label for label in ac.ACTIVATION_LABELS + ac.COST_LABELS)
    assert ac.act_cost_numbers("leaky ReLU", "cross-entropy", -1.0, 1.0) == ac.act_cost_numbers(
        "leaky_relu", "cross_entropy", -1.0, 1.0)


def test_relu_and_leaky_relu_part_in_the_inset():
    """At the main panel's scale ReLU and leaky ReLU look alike; the inset zooms in near 0."""
    fig = ac.activations_figure()
    inset = [t for t in fig.data if t.xaxis == "x3"]
    assert [t.name for t in inset] == ["ReLU (zoom)", "leaky ReLU (zoom)"]
    lo, hi = fig.layout.yaxis3.range
    gap = abs(min(inset[1].y) - min(inset[0].y))       # leaky ReLU at z = -2 is -0.02
    assert gap > 0.5 * (hi - lo)                         # more than half the inset's height
    assert fig.layout.xaxis3.domain[1] < fig.layout.xaxis.domain[1]  # inside the left panel


@pytest.mark.parametrize("activation, cost, z, y", [
    ("relu", "quadratic", 5.0, 0.0), ("tanh", "cross_entropy", -2.5, 1.0),
    ("leaky_relu", "cross_entropy", -5.0, 1.0), ("sigmoid", "quadratic", 0.0, 1.0),
])
def test_kernel_states_hold_the_right_numbers(activation, cost, z, y):
    """What the kernel app changes in its figure for a choice (act_cost_state) holds the numbers."""
    state = ac.act_cost_state(activation, cost, z, y)
    props = {t: {k: [v] for k, v in p.items()} for t, p in state["data"].items()}
    g = G[activation]
    a_out = sig(ac.W_OUT * g(z) + ac.B_OUT)
    delta_out = 2 * (a_out - y) * a_out * (1 - a_out) if cost == "quadratic" else a_out - y
    assert props[ac.G_MARKER]["x"] == [[z]]
    assert props[ac.G_MARKER]["y"][0] == pytest.approx([g(z)], abs=1e-4)
    assert props[ac.GP_MARKER]["y"][0] == pytest.approx([fd(g, z)], abs=1e-4)
    assert props[ac.DELTA_MARKER]["y"][0] == pytest.approx([delta_out], abs=1e-4)
    assert [t for t in range(4) if props[ac.G_TRACES[ac.ACTIVATION_NAMES[t]]]["visible"][0]] == \
        [ac.ACTIVATION_NAMES.index(activation)]
    title = state["layout"]["title.text"]
    assert f"C₀ = {ac.fmt(cost_by_hand(activation, cost, z, y))}" in title
    assert f"δ<sup>[L]</sup> = {ac.fmt(delta_out)}" in state["layout"]["annotations[2].text"]
    assert f"y = {y:g}" in title
    assert state["layout"]["yaxis.range"] == ac.G_RANGES[activation]


# --------------------------------------------------------------------------------------------
# The live app
# --------------------------------------------------------------------------------------------
def test_live_app_redraws_with_the_same_numbers():
    app = ac.act_cost_app()
    assert {k: s.value for k, s in app.sliders.items()} == {"activation": "sigmoid σ", "cost": "quadratic",
                                                            "z": 3.0, "y": 0.0}

    def shown_layout():
        return app.view.figure_dict()

    assert shown_layout()["layout"]["title"]["text"] == ac.act_cost_figure().layout.title.text
    app.sliders["activation"].value = "ReLU"
    app.sliders["cost"].value = "cross-entropy"
    app.sliders["z"].value = -1.5
    app.sliders["y"].value = 1.0
    shown = shown_layout()
    s = ac.act_cost_numbers("relu", "cross_entropy", -1.5, 1.0)
    assert shown["layout"]["title"]["text"] == ac.act_cost_title(s)
    assert shown["layout"]["title"]["text"] == ac.act_cost_figure("relu", "cross_entropy", -1.5, 1.0).layout.title.text
    data = shown["data"]
    assert data[ac.G_MARKER]["y"] == [0.0] and data[ac.GP_MARKER]["y"] == [0.0]
    assert data[ac.DELTA_MARKER]["y"] == [pytest.approx(0.5 - 1.0)]  # z[L] = 0: a = 1/2, y = 1
    assert [i for i, t in enumerate(data) if t.get("visible") is True] == sorted(
        [ac.G_TRACES["relu"], ac.GP_TRACES["relu"], ac.DELTA_TRACES[("quadratic", 1.0, "other")],
         ac.DELTA_TRACES[("cross_entropy", 1.0, "chosen")]])
    assert shown["layout"]["yaxis"]["range"] == ac.G_RANGES["relu"]


# --------------------------------------------------------------------------------------------
# The chapter's other numbers
# --------------------------------------------------------------------------------------------
def test_linear_equivalent_is_the_product_of_the_layers():
    rng = np.random.default_rng(5)
    net = nnlib.Network([3, 5, 4, 2], hidden="identity", output="identity", seed=5)
    for b in net.b:
        b[...] = rng.normal(0, 1, b.shape)
    W, b = ac.linear_equivalent(net)
    W1, W2, W3 = net.W
    b1, b2, b3 = net.b
    assert W == pytest.approx(W3 @ W2 @ W1)
    assert b == pytest.approx(W3 @ (W2 @ b1 + b2) + b3)
    X = rng.normal(0, 1, (3, 20))
    assert net.forward(X) == pytest.approx(W @ X + b, abs=1e-12)
    with pytest.raises(ValueError, match="identity"):
        ac.linear_equivalent(nnlib.Network([2, 3, 1]))


def test_slowdown_runs():
    q, ce = ac.slowdown_run("quadratic"), ac.slowdown_run("cross_entropy")
    a0 = sig(4.0)
    for run in (q, ce):
        assert run.output[0] == pytest.approx(a0) and run.cost.size == run.output.size == ac.SLOW_STEPS + 1
    assert q.cost[0] == pytest.approx(a0 ** 2) and ce.cost[0] == pytest.approx(-math.log(1 - a0))
    assert q.dC_dw[0] == pytest.approx(2 * a0 * a0 * (1 - a0)) and ce.dC_dw[0] == pytest.approx(a0)
    # one step by hand: w <- w - lr dC/dw, b <- b - lr dC/db (dC/db = dC/dw since x = 1)
    for run, g in ((q, 2 * a0 * a0 * (1 - a0)), (ce, a0)):
        assert run.output[1] == pytest.approx(sig((2 - ac.SLOW_LR * g) + (2 - ac.SLOW_LR * g)))
    assert np.all(np.diff(q.cost) < 0) and np.all(np.diff(ce.cost) < 0)
    assert q.steps_needed == 152 and ce.steps_needed == 31
    assert q.output[q.steps_needed] < 0.2 <= q.output[q.steps_needed - 1]


def test_layer_gradient_norms_are_nnlib_gradients():
    norms = ac.layer_gradient_norms("sigmoid", depth=3, width=4, m=6, seed=2)
    net = ac.deep_network("sigmoid", depth=3, width=4, seed=2)
    X, Y = ac.deep_data(width=4, m=6, seed=2)
    nW, _ = nnlib.numerical_gradients(net, X, Y)
    assert norms == pytest.approx([np.linalg.norm(g) for g in nW], rel=1e-5)


def test_vanishing_gradients_hold_in_every_random_start():
    """The chapter's claims over the random starts, recomputed here from Network.gradients."""
    seeds = ac.DEEP_SEEDS
    assert len(seeds) >= 10
    ratio = {}
    for name in ac.DEEP_NAMES:
        rows = []
        for seed in seeds:
            net = nnlib.Network([10] * 11, hidden=name, output="sigmoid", cost="cross_entropy", seed=seed)
            rng = np.random.default_rng(seed)
            X = rng.normal(0.0, 1.0, (10, 100))
            Y = (rng.uniform(size=(10, 100)) < 0.5).astype(float)
            rows.append([np.linalg.norm(d) for d in net.gradients(X, Y)[0]])
        rows = np.array(rows)
        assert ac.layer_gradient_norms_over_seeds(name) == pytest.approx(rows, rel=1e-9)
        ratio[name] = rows[:, 0] / rows[:, -1]
        assert list(ac.first_to_last_ratios(name).values) == pytest.approx(ratio[name], rel=1e-9)
        if name == "sigmoid":  # shrinks at every layer back, in every start
            assert np.all(np.diff(np.log(rows), axis=1) > 0.1)
    assert np.all((1e-8 < ratio["sigmoid"]) & (ratio["sigmoid"] < 1e-5))
    for name in ("tanh", "relu"):
        assert np.all((0.1 < ratio[name]) & (ratio[name] < 10))
    assert ac.mean_hidden_slope("tanh").lo > 0.5
    share = ac.inactive_share("relu")
    assert 0.3 < share.lo and share.hi < 0.7


def test_vanishing_figure_draws_the_range_and_geometric_mean_of_the_starts():
    fig = ac.vanishing_figure()
    assert len(fig.data) == 3 * len(ac.DEEP_NAMES)
    for k, name in enumerate(ac.DEEP_NAMES):
        hi, lo, line = fig.data[3 * k : 3 * k + 3]
        norms = ac.layer_gradient_norms_over_seeds(name)
        assert list(hi.y) == pytest.approx(norms.max(axis=0), rel=1e-5)
        assert list(lo.y) == pytest.approx(norms.min(axis=0), rel=1e-5)
        assert list(line.y) == pytest.approx(np.exp(np.log(norms).mean(axis=0)), rel=1e-5)
        assert line.name == ac.NAMES[name] and lo.fill == "tonexty"
    alt = fig.layout.meta["alt"]
    r = ac.first_to_last_ratios("sigmoid")
    assert f"{len(ac.DEEP_SEEDS)} random starts" in alt and f"from {r.lo:.2g} to {r.hi:.2g}" in alt


def test_figures_have_alt_text_and_computed_captions():
    for fig in (ac.activations_figure(), ac.slowdown_figure(), ac.vanishing_figure()):
        assert len(fig.layout.meta["alt"]) > 100
    alt = ac.slowdown_figure().layout.meta["alt"]
    assert "after 31 steps" in alt and "after 152 steps" in alt
    fig = ac.activations_figure()
    sig_trace = fig.data[0]
    assert list(sig_trace.y) == pytest.approx([sig(z) for z in sig_trace.x])


# --------------------------------------------------------------------------------------------
# The self-check check_activation_prime
# --------------------------------------------------------------------------------------------
def good_tanh_prime(z):
    t = np.tanh(z)
    return 1 - t * t


def good_relu_prime(z):
    return np.where(np.asarray(z) > 0, 1.0, 0.0)


def right_sided_relu_prime(z):
    return (np.asarray(z) >= 0).astype(float)  # slope 1 at the corner: also accepted


def good_leaky_prime(z):
    return np.where(np.asarray(z) > 0, 1.0, 0.01)


def good_sigmoid_prime(z):
    s = 1 / (1 + np.exp(-np.clip(z, -500, 500)))
    return s * (1 - s)


GOOD = [("tanh", good_tanh_prime), ("relu", good_relu_prime), ("relu", right_sided_relu_prime),
        ("leaky_relu", good_leaky_prime), ("sigmoid", good_sigmoid_prime)]


@pytest.mark.parametrize("activation, fn", GOOD)
def test_check_passes_correct_code(activation, fn):
    for _ in range(3):
        result = check_activation_prime(fn, activation)
        assert result.passed, str(result)


@pytest.mark.parametrize("activation", ["tanh", "relu", "leaky_relu", "sigmoid"])
def test_nnlib_passes_the_check(activation):
    assert check_activation_prime(nnlib.ACTIVATIONS[activation].prime, activation)


def _not_implemented(z):
    raise NotImplementedError("Write your solution here.")


STUBS = [lambda z: np.zeros_like(np.asarray(z, float)), lambda z: z, lambda z: None, _not_implemented,
         lambda z: 0.5]


@pytest.mark.parametrize("activation", ["tanh", "relu", "leaky_relu"])
@pytest.mark.parametrize("stub", range(len(STUBS)))
def test_stubs_fail(activation, stub):
    result = check_activation_prime(STUBS[stub], activation)
    assert not result.passed and "failed" in str(result) and "Traceback" not in str(result)


@pytest.mark.parametrize("activation, fn, words", [
    ("tanh", lambda z: 1 - np.asarray(z, float) ** 2, "1 − a²"),
    ("tanh", np.tanh, "tanh(z) itself"),
    ("tanh", lambda z: 1 + np.tanh(z) ** 2, "sign"),
    ("relu", lambda z: np.maximum(z, 0.0), "relu(z) = max(0, z) itself"),
    ("relu", lambda z: np.where(np.asarray(z) > 0, 1.0, 0.01), "leaky ReLU's slope"),
    ("leaky_relu", lambda z: np.where(np.asarray(z) > 0, 1.0, 0.0), "ReLU's slope"),
    ("leaky_relu", lambda z: np.where(np.asarray(z) > 0, 1.0, 0.1), "not 0.1"),
    ("leaky_relu", lambda z: 1.0 if z > 0 else 0.01, "np.where"),
])
def test_pitfalls_get_their_hint(activation, fn, words):
    result = check_activation_prime(fn, activation)
    assert not result.passed
    assert words in result.hint, result.hint


def test_unknown_activation_is_reported():
    result = check_activation_prime(good_tanh_prime, "softmax")
    assert not result.passed and "unknown activation" in result.message


# --------------------------------------------------------------------------------------------
# The page's explorer: its config (the browser tests check what the page computes from it)
# --------------------------------------------------------------------------------------------
def test_explorer_config_names_the_choices_readably_and_starts_where_asked():
    config = ac.explorer_config("leaky ReLU", "cross_entropy", -1.25, 0.3)
    assert config["start"] == {"activation": "leaky_relu", "cost": "cross_entropy", "z": -1.25, "y": 0.3}
    assert [n for n, _ in config["activations"]] == list(ac.ACTIVATION_NAMES)
    labels = [label for _, label in config["activations"] + config["costs"]]
    assert "leaky ReLU" in labels and "cross-entropy" in labels
    assert not any("_" in label for label in labels)  # readable, not code identifiers
    assert (config["x"], config["w_out"], config["b_out"]) == (ac.X_IN, ac.W_OUT, ac.B_OUT)
    assert config["z_range"] == [-5.0, 5.0] and config["y_range"] == [0.0, 1.0]
    assert set(config["g_ranges"]) == set(ac.ACTIVATION_NAMES) == set(config["dashes"])
    assert len(set(config["dashes"].values())) == 4  # line styles, not colour alone, tell them apart
    json.dumps(config)  # JSON-ready


@pytest.mark.parametrize("kwargs, message", [
    ({"activation": "softmax"}, "activation must be one of"), ({"cost": "hinge"}, "cost must be one of"),
    ({"z": 5.5}, "z = 5.5 is outside"), ({"y": -0.1}, "y = -0.1 is outside"), ({"y": 1.5}, "y = 1.5 is outside"),
])
def test_explorer_config_rejects_bad_starts(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ac.explorer_config(**kwargs)


def test_explorer_output_inlines_its_module():
    explorer = ac.act_cost_explorer("tanh", "quadratic", 2.0, 1.0)
    html = explorer._repr_html_()
    assert html.startswith(f'<div id="{explorer.element_id}"') and "mountActivationCost" in html
    assert "class ActivationCost" in html and "export class Network" in html  # sources inlined, no path
    assert "tanh, quadratic cost, z[1] = 2, y = 1" in repr(explorer)

"""The activation-and-cost chapter (S4, S3): activations and their slopes, quadratic versus
cross-entropy cost, the learning slowdown of a saturated neuron, and vanishing gradients.

Every number comes from nnlib: the activations and their derivatives from nnlib.ACTIVATIONS,
the costs and output errors (eqs. (cost-cross-entropy), (delta-ce)) from nnlib.COSTS, the
gradients from Network.gradients, the training runs from nnlib.sgd. The vanishing-gradient
measurement starts from random weights, so it is repeated over DEEP_SEEDS random starts and the
chapter states what holds in all of them (nnlib.seeds).

The interactive is a two-neuron network x -> hidden neuron -> output neuron (sigmoid), with
x = 1 and the hidden neuron's bias 0, so the hidden neuron's weighted input z[1] equals its
weight w[1], which the reader moves. The hidden activation g is one of four, the cost one of
two; the output neuron is a sigmoid, so every combination is valid (cross-entropy needs a
sigmoid output). act_cost_numbers is the pure update function. Two faces show it:
act_cost_explorer, the page's, computed live in the browser by the JavaScript twin of nnlib
(nnlib/viz/js/activation_cost.js; no kernel, works in JupyterLab too), and act_cost_app, the
kernel's (ipywidgets sliders redrawing act_cost_figure from nnlib).
"""
import json
import re
import uuid
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder
from plotly.subplots import make_subplots

from ..activations import ACTIVATIONS, sigmoid
from ..costs import COSTS, get_cost
from ..network import Network
from ..seeds import spread_of
from ..train import sgd
from .chain_rule import fmt
from .js_modules import explorer_html
from .bands import band_traces
from .palette import BLUE, GREEN, GREY, ORANGE, PURPLE, VERMILION
from .renderer import with_alt
from .widgets import live_app

ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu")
COST_NAMES = ("quadratic", "cross_entropy")
NAMES = {"sigmoid": "sigmoid σ", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU",
         "identity": "identity", "quadratic": "quadratic", "cross_entropy": "cross-entropy"}
# The sliders show readable names, not code identifiers.
ACTIVATION_LABELS = [NAMES[n] for n in ACTIVATION_NAMES]
COST_LABELS = [NAMES[c] for c in COST_NAMES]
COLOURS = {"sigmoid": BLUE, "tanh": ORANGE, "relu": GREEN, "leaky_relu": PURPLE}
DASHES = {"sigmoid": "solid", "tanh": "dash", "relu": "dot", "leaky_relu": "dashdot"}


# --------------------------------------------------------------------------------------------
# Activations and their slopes
# --------------------------------------------------------------------------------------------
def activation_curves(z, names=ACTIVATION_NAMES):
    """{name: (g(z), g'(z))} from nnlib.ACTIVATIONS, for each activation named."""
    z = np.asarray(z, dtype=float)
    return {n: (ACTIVATIONS[n].g(z), ACTIVATIONS[n].prime(z)) for n in names}


def activations_figure(z_range=(-5.0, 5.0), n=201):
    """Two panels: the four activations g(z) and their derivatives g'(z), from nnlib."""
    z = np.linspace(*z_range, n)
    curves = activation_curves(z)
    fig = make_subplots(rows=1, cols=2, subplot_titles=("activation a = g(z)", "slope g′(z)"),
                        horizontal_spacing=0.1)
    for name, (g, gp) in curves.items():
        style = {"color": COLOURS[name], "width": 3, "dash": DASHES[name]}
        fig.add_trace(go.Scatter(x=z, y=g, mode="lines", name=NAMES[name], line=style, legendgroup=name), 1, 1)
        fig.add_trace(go.Scatter(x=z, y=gp, mode="lines", name=NAMES[name], line=style, legendgroup=name,
                                 showlegend=False), 1, 2)
    fig.update_xaxes(title_text="weighted input z", zeroline=True)
    fig.update_yaxes(range=[-1.1, 2.1], row=1, col=1)
    fig.update_yaxes(range=[-0.05, 1.1], row=1, col=2)
    fig.update_layout(height=420, template="plotly_white", margin={"t": 60, "b": 50, "l": 50, "r": 10},
                      legend={"orientation": "h", "y": -0.22, "x": 0.5, "xanchor": "center"})
    _add_relu_inset(fig)
    top = {n: float(np.max(gp)) for n, (_, gp) in curves.items()}
    return with_alt(fig, (
        f"Left: the activations sigmoid, tanh, ReLU and leaky ReLU for z from {z_range[0]:g} to {z_range[1]:g}. "
        "The sigmoid rises from 0 to 1 and tanh from -1 to 1, both S-shaped and flat far from 0; ReLU is 0 "
        "for negative z and z for positive z; leaky ReLU is 0.01 z for negative z. Right: their slopes. The "
        f"sigmoid's slope is a bump of height {top['sigmoid']:.2f} at z = 0, tanh's a bump of height "
        f"{top['tanh']:.2f}; both fall towards 0 on either side. ReLU's slope is 0 for negative z and 1 for "
        "positive z; leaky ReLU's is 0.01, then 1. An inset in the top left of the left panel zooms in on "
        f"z from {INSET_Z[0]:g} to {INSET_Z[1]:g}, where ReLU stays at 0 and leaky ReLU falls to "
        f"{0.01 * INSET_Z[0]:g}."
    ))


# The inset of activations_figure: ReLU and leaky ReLU look the same at the main panel's scale
# (leaky ReLU is 0.01 z for z < 0); near 0, zoomed in, they part.
INSET_Z = (-2.0, 0.5)
INSET_Y = (-0.025, 0.01)
INSET_DOMAIN = {"x": [0.075, 0.215], "y": [0.52, 0.82]}  # paper coordinates, inside the left panel


def _add_relu_inset(fig):
    z = np.linspace(*INSET_Z, 101)
    for name in ("relu", "leaky_relu"):
        g = ACTIVATIONS[name].g(z)
        fig.add_trace(go.Scatter(x=z, y=g, mode="lines", name=f"{NAMES[name]} (zoom)", showlegend=False,
                                 line={"color": COLOURS[name], "width": 2.5, "dash": DASHES[name]},
                                 xaxis="x3", yaxis="y3", legendgroup=name))
    fig.update_layout(
        xaxis3={"domain": INSET_DOMAIN["x"], "anchor": "y3", "range": list(INSET_Z), "tickvals": [-2, -1, 0],
                "tickfont": {"size": 12}, "showline": True, "mirror": True, "linecolor": GREY, "zeroline": True},
        yaxis3={"domain": INSET_DOMAIN["y"], "anchor": "x3", "range": list(INSET_Y), "tickvals": [-0.02, 0],
                "tickfont": {"size": 12}, "showline": True, "mirror": True, "linecolor": GREY, "zeroline": True},
    )
    fig.add_annotation(x=sum(INSET_DOMAIN["x"]) / 2, y=INSET_DOMAIN["y"][1], xref="paper", yref="paper",
                       yanchor="bottom", showarrow=False, text="zoom near z = 0",
                       font={"size": 12, "color": GREY}, bgcolor="white")


def linear_equivalent(net):
    """(W, b) with net.forward(X) = W X + b, for a network whose activations are all the identity.

    With g(z) = z, a[l] = W[l] a[l-1] + b[l] for every layer, so the layers compose into one
    affine map: W = W[L] ... W[2] W[1] and b = W[L] (... (W[2] b[1] + b[2]) ...) + b[L].
    """
    if any(g.name != "identity" for g in net.activations):
        raise ValueError("linear_equivalent needs identity activations everywhere: "
                         f"this network uses {sorted({g.name for g in net.activations})}")
    W = np.eye(net.sizes[0])
    b = np.zeros((net.sizes[0], 1))
    for Wl, bl in zip(net.W, net.b):
        W, b = Wl @ W, Wl @ b + bl
    return W, b


# --------------------------------------------------------------------------------------------
# The learning slowdown of a saturated sigmoid neuron
# --------------------------------------------------------------------------------------------
SLOW_START = {"w": 2.0, "b": 2.0, "x": 1.0, "y": 0.0}
SLOW_LR, SLOW_STEPS, SLOW_THRESHOLD = 0.15, 300, 0.2


class SlowdownRun(NamedTuple):
    """One sigmoid neuron trained by gradient descent on one example under one cost."""

    cost_name: str
    cost: np.ndarray  # the cost before step 1, after step 1, ..., after the last step
    output: np.ndarray  # the output a at the same moments
    dC_dw: np.ndarray  # dC/dw at the same moments (backprop)
    threshold: float

    @property
    def steps_needed(self):
        """The first step after which the output is below the threshold (None if never)."""
        below = np.flatnonzero(self.output < self.threshold)
        return int(below[0]) if below.size else None


def one_neuron(w, b, cost):
    """A 1-1 nnlib Network with a sigmoid output, weight w and bias b, under the named cost."""
    net = Network([1, 1], output="sigmoid", cost=cost)
    net.W[1][0, 0] = w
    net.b[1][0, 0] = b
    return net


@lru_cache(maxsize=16)
def slowdown_run(cost, w=SLOW_START["w"], b=SLOW_START["b"], x=SLOW_START["x"], y=SLOW_START["y"],
                 lr=SLOW_LR, steps=SLOW_STEPS, threshold=SLOW_THRESHOLD):
    """Train one_neuron(w, b, cost) on the single example (x, y) with nnlib.sgd, full batch."""
    net = one_neuron(w, b, cost)
    X, Y = np.array([[x]]), np.array([[y]])
    outputs = [float(net.forward(X)[0, 0])]
    slopes = [float(net.gradients(X, Y)[0][1][0, 0])]

    def record(epoch, net, history):
        outputs.append(float(net.forward(X)[0, 0]))
        slopes.append(float(net.gradients(X, Y)[0][1][0, 0]))

    history = sgd(net, X, Y, epochs=steps, batch_size=None, lr=lr, callback=record)
    arrays = [np.array(history.cost), np.array(outputs), np.array(slopes)]
    for a in arrays:
        a.flags.writeable = False
    return SlowdownRun(cost, *arrays, float(threshold))


def slowdown_figure(**kwargs):
    """Cost per step under each cost, and the output a per step, for the saturated neuron."""
    runs = [slowdown_run(c, **kwargs) for c in COST_NAMES]
    colours = {"quadratic": VERMILION, "cross_entropy": BLUE}
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1, subplot_titles=(
        "cost C after each step (each under its own cost)", "output a after each step (target y = 0)"))
    for r in runs:
        steps = np.arange(r.cost.size)
        style = {"color": colours[r.cost_name], "width": 3, "dash": "solid" if r.cost_name == "quadratic" else "dash"}
        fig.add_trace(go.Scatter(x=steps, y=r.cost, mode="lines", name=f"{NAMES[r.cost_name]} cost",
                                 line=style, legendgroup=r.cost_name), 1, 1)
        fig.add_trace(go.Scatter(x=steps, y=r.output, mode="lines", name=f"{NAMES[r.cost_name]} cost",
                                 line=style, legendgroup=r.cost_name, showlegend=False), 1, 2)
        if r.steps_needed is not None:
            fig.add_trace(go.Scatter(x=[r.steps_needed], y=[r.output[r.steps_needed]], mode="markers",
                                     marker={"color": colours[r.cost_name], "size": 10,
                                             "symbol": "circle" if r.cost_name == "quadratic" else "diamond"},
                                     name=f"{NAMES[r.cost_name]}: a < {r.threshold:g} after {r.steps_needed} steps",
                                     legendgroup=r.cost_name), 1, 2)
    fig.add_hline(y=runs[0].threshold, line={"color": GREY, "width": 1, "dash": "dot"}, row=1, col=2)
    fig.update_xaxes(title_text="gradient-descent step")
    fig.update_yaxes(range=[0, 1.02], row=1, col=2)
    fig.update_layout(height=440, template="plotly_white", margin={"t": 60, "b": 50, "l": 50, "r": 10},
                      legend={"orientation": "h", "y": -0.25, "x": 0.5, "xanchor": "center"})
    q, c = runs
    return with_alt(fig, (
        f"Training one sigmoid neuron with w = {SLOW_START['w']:g}, b = {SLOW_START['b']:g} on the example "
        f"x = {SLOW_START['x']:g}, y = {SLOW_START['y']:g} with learning rate {SLOW_LR:g}. Left: the cost after "
        f"each of {SLOW_STEPS} steps; the quadratic cost starts at {q.cost[0]:.3f} and stays almost flat at "
        f"first, the cross-entropy cost starts at {c.cost[0]:.3f} and falls at once. Right: the output a, "
        f"starting at {q.output[0]:.3f}. It falls below {q.threshold:g} after {c.steps_needed} steps with the "
        f"cross-entropy cost and after {q.steps_needed} steps with the quadratic cost."
    ))


# --------------------------------------------------------------------------------------------
# Vanishing gradients in a deep chain of layers
# --------------------------------------------------------------------------------------------
DEEP_DEPTH, DEEP_WIDTH, DEEP_M, DEEP_SEED = 10, 10, 100, 0
DEEP_NAMES = ("sigmoid", "tanh", "relu")
# Random starts for the measurement over seeds: seed s gives both the weights and the examples.
# One gradient per start, no training, so twenty starts take a fraction of a second.
DEEP_SEEDS = tuple(range(20))


def deep_data(width=DEEP_WIDTH, m=DEEP_M, seed=DEEP_SEED):
    """Inputs X ~ N(0, 1) of shape (width, m) and random 0/1 targets Y of the same shape."""
    rng = np.random.default_rng(seed)
    X = rng.normal(0.0, 1.0, (width, m))
    Y = (rng.uniform(size=(width, m)) < 0.5).astype(float)
    return X, Y


def deep_network(hidden, depth=DEEP_DEPTH, width=DEEP_WIDTH, seed=DEEP_SEED):
    """Network([width] * (depth + 1)) with the named hidden activation, a sigmoid output and
    cross-entropy cost; nnlib's initialisation (Xavier for sigmoid/tanh, He for ReLU)."""
    return Network([width] * (depth + 1), hidden=hidden, output="sigmoid", cost="cross_entropy", seed=seed)


def layer_gradient_norms(hidden, depth=DEEP_DEPTH, width=DEEP_WIDTH, m=DEEP_M, seed=DEEP_SEED):
    """||dC/dW[l]|| (Frobenius norm) for l = 1..depth, from Network.gradients on deep_data."""
    net = deep_network(hidden, depth, width, seed)
    X, Y = deep_data(width, m, seed)
    dW, _ = net.gradients(X, Y)
    return np.array([float(np.linalg.norm(d)) for d in dW])


@lru_cache(maxsize=16)
def layer_gradient_norms_over_seeds(hidden, seeds=DEEP_SEEDS, depth=DEEP_DEPTH, width=DEEP_WIDTH, m=DEEP_M):
    """layer_gradient_norms for each seed: shape (len(seeds), depth), row k from seeds[k]."""
    norms = np.array([layer_gradient_norms(hidden, depth, width, m, seed) for seed in seeds])
    norms.flags.writeable = False
    return norms


def first_to_last_ratios(hidden, seeds=DEEP_SEEDS, **kwargs):
    """||dC/dW[1]|| / ||dC/dW[L]|| for each seed, as a Spread (nnlib.seeds)."""
    norms = layer_gradient_norms_over_seeds(hidden, tuple(seeds), **kwargs)
    return spread_of(seeds, norms[:, 0] / norms[:, -1])


def _hidden_z(hidden, seed):
    """The weighted inputs z[1], ..., z[L-1] of deep_network(hidden, seed=seed) on deep_data(seed=seed)."""
    return list(deep_network(hidden, seed=seed).forward_trace(deep_data(seed=seed)[0]).z)[:-1]


def mean_hidden_slope(hidden, seeds=DEEP_SEEDS):
    """For each seed, the average slope g'(z) over the hidden neurons and examples, as a Spread."""
    g = ACTIVATIONS[hidden]
    return spread_of(seeds, [np.mean([np.mean(g.prime(z)) for z in _hidden_z(hidden, s)]) for s in seeds])


def inactive_share(hidden="relu", seeds=DEEP_SEEDS):
    """For each seed, the share of (hidden neuron, example) pairs with z <= 0, as a Spread."""
    return spread_of(seeds, [np.mean([np.mean(z <= 0) for z in _hidden_z(hidden, s)]) for s in seeds])


def geometric_mean(values, axis=None):
    """exp(mean(ln values)): the middle of numbers that differ by factors (a log axis)."""
    return np.exp(np.mean(np.log(values), axis=axis))


def vanishing_figure(names=DEEP_NAMES, seeds=DEEP_SEEDS):
    """The size of each layer's weight gradient in a deep network, per hidden activation (log scale):
    the geometric mean over the random starts `seeds` as a line, their range as a band."""
    fig = go.Figure()
    norms = {}
    for name in names:
        norms[name] = layer_gradient_norms_over_seeds(name, tuple(seeds))
        layers = np.arange(1, norms[name].shape[1] + 1)
        # the band and line of log10(norm), drawn back on the log axis: the line is the geometric mean
        traces = band_traces(layers, np.log10(norms[name]), COLOURS[name], NAMES[name], dash=DASHES[name])
        for trace in traces:
            trace.y = 10.0 ** np.asarray(trace.y)
        traces[2].mode = "lines+markers"
        traces[2].marker = {"size": 7}
        traces[2].hovertemplate = (f"{NAMES[name]}, layer %{{x}}<br>geometric mean of {len(seeds)} starts: "
                                   "%{y:.3g}<extra></extra>")
        fig.add_traces(traces)
    depth = norms[names[0]].shape[1]
    fig.update_xaxes(title_text="layer l (1 = next to the input)", dtick=1)
    fig.update_yaxes(title_text="size of the gradient ‖∂C/∂W<sup>[l]</sup>‖", type="log", exponentformat="power")
    fig.update_layout(height=440, template="plotly_white", margin={"t": 70, "b": 50, "l": 70, "r": 10},
                      title={"text": f"Gradient size per layer, {depth} layers of width {DEEP_WIDTH}: "
                                     f"{len(seeds)} random starts<br><span style='font-size:12px'>line: "
                                     "geometric mean; band: from the smallest to the largest</span>",
                             "font": {"size": 14}},
                      legend={"x": 0.99, "xanchor": "right", "y": 0.02, "yanchor": "bottom"})
    ratios = {n: first_to_last_ratios(n, seeds) for n in names}
    text = ", ".join(f"{NAMES[n]} from {r.lo:.2g} to {r.hi:.2g}" for n, r in ratios.items())
    return with_alt(fig, (
        f"On a log scale, the size of the weight gradient of each of the {depth} layers of a deep network "
        f"of width {DEEP_WIDTH}, for hidden activations {', '.join(NAMES[n] for n in names)}, each measured "
        f"from {len(seeds)} random starts: a line for the geometric mean and a shaded band from the smallest "
        "to the largest. With the sigmoid the gradient shrinks by a roughly constant factor at every layer "
        "towards the input; with tanh and ReLU it stays about the same size. Ratio first layer to last "
        f"layer over the starts: {text}."
    ))


# --------------------------------------------------------------------------------------------
# The interactive: a hidden neuron with activation g feeding a sigmoid output neuron
# --------------------------------------------------------------------------------------------
X_IN, W_OUT, B_OUT = 1.0, 2.0, 0.0  # input x, weight and bias of the output neuron
Z_VALUES = np.round(np.linspace(-5.0, 5.0, 21), 2)  # the hidden neuron's z[1] = w[1] (x = 1, b[1] = 0)
TARGETS = (0.0, 1.0)
DEFAULTS = {"activation": "sigmoid", "cost": "quadratic", "z": 3.0, "y": 0.0}
Z_CURVE = np.round(np.linspace(-5.5, 5.5, 111), 2)  # where the hidden activation's curves are drawn
ZL_CURVE = np.round(np.linspace(-11.0, 11.0, 89), 2)  # where the output error's curves are drawn
G_RANGES = {"sigmoid": [-0.1, 1.1], "tanh": [-1.15, 1.15], "relu": [-0.6, 5.6], "leaky_relu": [-0.6, 5.6]}


def two_neuron_network(activation, cost, z):
    """Network([1, 1, 1]): hidden neuron with activation `activation`, weight z and bias 0;
    sigmoid output neuron with weight W_OUT and bias B_OUT; the named cost."""
    net = Network([1, 1, 1], hidden=activation, output="sigmoid", cost=cost)
    net.W[1][0, 0] = z
    net.b[1][0, 0] = 0.0
    net.W[2][0, 0] = W_OUT
    net.b[2][0, 0] = B_OUT
    return net


class ActCost(NamedTuple):
    """Everything the interactive shows for one choice of activation, cost, z[1] and target y."""

    activation: str
    cost_name: str
    z: float  # z[1] = w[1] x + b[1] = w[1]
    y: float
    g: float  # a[1] = g(z[1])
    g_prime: float  # g'(z[1])
    z_out: float  # z[L] = W_OUT a[1] + B_OUT
    a_out: float  # a[L] = sigma(z[L])
    sigma_prime_out: float  # sigma'(z[L])
    cost: float  # C_0 under the chosen cost
    delta_out: float  # delta[L] = dC_0/dz[L] (backprop: dC_0/db[L])
    delta_out_other: float  # delta[L] under the other cost
    delta_hidden: float  # delta[1] = dC_0/dz[1] = dC_0/dw[1] (x = 1)


def other_cost(cost):
    return COST_NAMES[1 - COST_NAMES.index(cost)]


def _check_choice(what, value, options):
    if value not in options:
        raise ValueError(f"{what} must be one of {options}, not {value!r}")


def from_label(value, codes):
    """The code name ("leaky_relu") of a slider label ("leaky ReLU"); code names pass through."""
    return next((c for c in codes if NAMES[c] == value), value)


def act_cost_numbers(activation="sigmoid", cost="quadratic", z=3.0, y=0.0):
    """The update function of the interactive: its numbers for these control values, from nnlib.
    activation and cost may be code names ("leaky_relu") or the sliders' labels ("leaky ReLU")."""
    activation, cost = from_label(activation, ACTIVATION_NAMES), from_label(cost, COST_NAMES)
    _check_choice("activation", activation, ACTIVATION_NAMES)
    _check_choice("cost", cost, COST_NAMES)
    z, y = float(z), float(y)
    net = two_neuron_network(activation, cost, z)
    X, Y = np.array([[X_IN]]), np.array([[y]])
    trace = net.forward_trace(X)
    dW, db = net.gradients(X, Y)
    a_out, z_out = trace.a[-1], trace.z[-1]
    other = get_cost(other_cost(cost)).output_delta(a_out, Y, z_out, net.output)
    return ActCost(
        activation, cost, z, y,
        g=float(trace.a[1][0, 0]), g_prime=float(net.hidden.prime(trace.z[1])[0, 0]),
        z_out=float(z_out[0, 0]), a_out=float(a_out[0, 0]),
        sigma_prime_out=float(net.output.prime(z_out)[0, 0]), cost=float(net.cost(X, Y)),
        delta_out=float(db[2][0, 0]), delta_out_other=float(other[0, 0]), delta_hidden=float(dW[1][0, 0]),
    )


@lru_cache(maxsize=8)
def output_delta_curve(cost, y):
    """delta[L] = dC_0/dz[L] along ZL_CURVE for a sigmoid output with target y, from nnlib.COSTS."""
    Z = ZL_CURVE.reshape(-1, 1)  # one example, len(ZL_CURVE) output neurons: no 1/m factor
    curve = COSTS[cost].output_delta(sigmoid(Z), np.full_like(Z, float(y)), Z, ACTIVATIONS["sigmoid"])[:, 0]
    curve.flags.writeable = False
    return curve


def _sup(text, layer):
    return f"{text}<sup>[{layer}]</sup>"


def act_cost_title(s):
    """Two short lines: the output and its cost; the hidden neuron's error. The numbers of each
    panel (g, g', delta^[L]) are read out above that panel (_panel_titles)."""
    return (
        f"output {_sup('a', 'L')} = {fmt(s.a_out)} for target y = {s.y:g};  "
        f"{NAMES[s.cost_name]} cost C₀ = {fmt(s.cost)}<br>"
        f"hidden neuron's error {_sup('δ', '1')} = ∂C₀/∂{_sup('w', '1')} = {fmt(s.delta_hidden)}"
    )


# Traces of the figure, in order: 4 activation curves g, 4 slope curves g', the two markers,
# then for each cost and target an output-error curve drawn as "chosen" (solid) and one as
# "other" (dashed), then the output-error marker. The states only toggle which are visible.
G_TRACES = {n: i for i, n in enumerate(ACTIVATION_NAMES)}
GP_TRACES = {n: 4 + i for i, n in enumerate(ACTIVATION_NAMES)}
G_MARKER, GP_MARKER = 8, 9
DELTA_TRACES = {}
for _c in COST_NAMES:
    for _y in TARGETS:
        for _role in ("chosen", "other"):
            DELTA_TRACES[(_c, _y, _role)] = 10 + len(DELTA_TRACES)
DELTA_MARKER = 10 + len(DELTA_TRACES)
COST_COLOURS = {"quadratic": VERMILION, "cross_entropy": BLUE}


def _panel_titles(s):
    """The readouts above the three panels: each panel's value at the marker."""
    other = other_cost(s.cost_name)
    return {
        "annotations[0].text": f"{NAMES[s.activation]}: g(z) = {fmt(s.g)}",
        "annotations[1].text": f"its slope g′(z) = {fmt(s.g_prime)}",
        "annotations[2].text": (f"output error {_sup('δ', 'L')} = {fmt(s.delta_out)}, y = {s.y:g}"
                                f"<br><span style='font-size:12px'>solid: {NAMES[s.cost_name]}; dashed: "
                                f"{NAMES[other]} ({fmt(s.delta_out_other)})</span>"),
    }


def act_cost_state(activation="sigmoid", cost="quadratic", z=3.0, y=0.0):
    """What changes in the figure for these control values ({"data": ..., "layout": ...})."""
    s = act_cost_numbers(activation, cost, z, y)
    data = {}
    for n in ACTIVATION_NAMES:
        data[G_TRACES[n]] = {"visible": n == s.activation}
        data[GP_TRACES[n]] = {"visible": n == s.activation}
    for (c, yy, role), t in DELTA_TRACES.items():
        chosen_here = (c == s.cost_name) == (role == "chosen")
        data[t] = {"visible": bool(yy == s.y and chosen_here)}
    data[G_MARKER] = {"x": [s.z], "y": [s.g]}
    data[GP_MARKER] = {"x": [s.z], "y": [s.g_prime]}
    data[DELTA_MARKER] = {"x": [s.z_out], "y": [s.delta_out], "marker.color": COST_COLOURS[s.cost_name]}
    layout = {"title.text": act_cost_title(s), "yaxis.range": G_RANGES[s.activation], **_panel_titles(s)}
    return {"data": data, "layout": layout}


def _alt(s):
    return (
        "An interactive of three plots for a hidden neuron with activation g feeding a sigmoid output "
        f"neuron (weight {W_OUT:g}, bias {B_OUT:g}); the hidden neuron's input is 1 and its weight sets its "
        f"weighted input z. Now: {NAMES[s.activation]}, {NAMES[s.cost_name]} cost, z = {s.z:g}, target y = {s.y:g}. "
        f"Left: g(z) with a marker at z, g(z) = {fmt(s.g)}. Middle: the slope g'(z), here {fmt(s.g_prime)}. "
        "Right: the output error delta[L] against the output's weighted input z[L], under the chosen cost "
        f"(solid) and the other cost (dashed), with a marker at z[L] = {fmt(s.z_out)}, delta[L] = {fmt(s.delta_out)}. "
        f"Each panel's value is read out above it; the title gives the output {fmt(s.a_out)}, the cost "
        f"{fmt(s.cost)} and the hidden neuron's error {fmt(s.delta_hidden)}."
    )


def act_cost_figure(activation="sigmoid", cost="quadratic", z=3.0, y=0.0):
    """The interactive's figure at one setting (both faces start from it)."""
    activation, cost = from_label(activation, ACTIVATION_NAMES), from_label(cost, COST_NAMES)
    s = act_cost_numbers(activation, cost, z, y)
    fig = make_subplots(rows=1, cols=3, horizontal_spacing=0.07, subplot_titles=("g", "g′", "δ"))
    for n in ACTIVATION_NAMES:
        g, gp = activation_curves(Z_CURVE, [n])[n]
        line = {"color": COLOURS[n], "width": 3}
        fig.add_trace(go.Scatter(x=Z_CURVE, y=g, mode="lines", name=f"g = {NAMES[n]}", line=line,
                                 visible=n == activation, showlegend=False, hoverinfo="x+y"), 1, 1)
    for n in ACTIVATION_NAMES:
        g, gp = activation_curves(Z_CURVE, [n])[n]
        fig.add_trace(go.Scatter(x=Z_CURVE, y=gp, mode="lines", name=f"g′ of {NAMES[n]}",
                                 line={"color": COLOURS[n], "width": 3}, visible=n == activation,
                                 showlegend=False), 1, 2)
    marker = {"size": 12, "color": GREY, "line": {"width": 2, "color": "white"}}
    fig.add_trace(go.Scatter(x=[s.z], y=[s.g], mode="markers", marker=marker, name="z", showlegend=False), 1, 1)
    fig.add_trace(go.Scatter(x=[s.z], y=[s.g_prime], mode="markers", marker=marker, name="z",
                             showlegend=False), 1, 2)
    for (c, yy, role), t in DELTA_TRACES.items():
        chosen = role == "chosen"
        fig.add_trace(go.Scatter(
            x=ZL_CURVE, y=output_delta_curve(c, yy), mode="lines",
            name=f"{NAMES[c]} cost" + ("" if chosen else " (the other)"),
            line={"color": COST_COLOURS[c], "width": 3 if chosen else 2, "dash": "solid" if chosen else "dash"},
            visible=bool(yy == s.y and (c == cost) == chosen), showlegend=False), 1, 3)
    fig.add_trace(go.Scatter(x=[s.z_out], y=[s.delta_out], mode="markers", name=f"δ<sup>[L]</sup> now",
                             marker={**marker, "color": COST_COLOURS[cost]}, showlegend=False), 1, 3)
    fig.update_xaxes(title_text="z<sup>[1]</sup> = w<sup>[1]</sup>", range=[-5.5, 5.5], row=1, col=1)
    fig.update_xaxes(title_text="z<sup>[1]</sup> = w<sup>[1]</sup>", range=[-5.5, 5.5], row=1, col=2)
    fig.update_xaxes(title_text="output's z<sup>[L]</sup>", range=[-11, 11], row=1, col=3)
    fig.update_yaxes(range=G_RANGES[activation], row=1, col=1)
    fig.update_yaxes(range=[-0.05, 1.1], row=1, col=2)
    fig.update_yaxes(range=[-1.05, 1.05], row=1, col=3)
    fig.update_layout(
        template="plotly_white", height=470, margin={"t": 120, "b": 50, "l": 45, "r": 45},
        title={"text": act_cost_title(s), "font": {"size": 13}, "y": 0.98, "yanchor": "top"},
    )
    for path, text in _panel_titles(s).items():
        fig.layout.annotations[int(path[12])].text = text
    fig.update_annotations(font_size=14)  # the readouts above the panels
    return with_alt(fig, _alt(s))


def act_cost_controls(activation=DEFAULTS["activation"], cost=DEFAULTS["cost"], z=DEFAULTS["z"],
                      y=DEFAULTS["y"]):
    """The sliders {name: (values, initial index, label)}, starting at these values."""
    return {
        "activation": (ACTIVATION_LABELS, ACTIVATION_NAMES.index(from_label(activation, ACTIVATION_NAMES)),
                       "hidden activation g"),
        "cost": (COST_LABELS, COST_NAMES.index(from_label(cost, COST_NAMES)), "cost"),
        "z": (Z_VALUES, int(np.argmin(abs(Z_VALUES - z))), "z[1] = w[1]"),
        "y": (list(TARGETS), TARGETS.index(float(y)), "target y"),
    }


@lru_cache(maxsize=1)
def _base_json():
    return json.dumps(act_cost_figure().to_plotly_json(), cls=PlotlyJSONEncoder)


def _set(obj, path, value):
    """obj["title"]["text"] = value for the path "title.text"; "annotations[2].text" indexes a list."""
    keys = []
    for name, index in re.findall(r"([^.\[\]]+)(?:\[(\d+)\])?", path):
        keys.append(name)
        if index:
            keys.append(int(index))
    for k in keys[:-1]:
        obj = obj.setdefault(k, {}) if isinstance(obj, dict) else obj[k]
    obj[keys[-1]] = value.tolist() if isinstance(value, np.ndarray) else value


def act_cost_figure_dict(activation="sigmoid", cost="quadratic", z=3.0, y=0.0):
    """act_cost_figure as a plain plotly dict: the base figure with this state applied (fast)."""
    state = act_cost_state(activation, cost, z, y)
    fig = json.loads(_base_json())
    for trace, props in state["data"].items():
        for path, value in props.items():
            _set(fig["data"][trace], path, value)
    for path, value in state["layout"].items():
        _set(fig["layout"], path, value)
    fig["layout"]["meta"]["alt"] = _alt(act_cost_numbers(activation, cost, z, y))
    return fig


def act_cost_app(**start):
    """Kernel face: the same figure, redrawn live (as a plain dict, which is fast) by ipywidgets sliders."""
    return live_app(act_cost_controls(**start), act_cost_figure_dict)


# --------------------------------------------------------------------------------------------
# The page's face: the explorer, computed live in the browser (nnlib/viz/js/activation_cost.js)
# --------------------------------------------------------------------------------------------
Z_RANGE = (float(Z_VALUES[0]), float(Z_VALUES[-1]))  # what z[1] may be (the kernel's sliders' ends)
Y_RANGE = (0.0, 1.0)  # the target y: any value in between (cross-entropy needs 0 <= y <= 1)
CURVE_POINTS = 221  # points per curve in the page


def explorer_config(activation=DEFAULTS["activation"], cost=DEFAULTS["cost"], z=DEFAULTS["z"], y=DEFAULTS["y"]):
    """What the explorer computes from, JSON-ready: the readable names, the network's fixed
    numbers, the ranges, the start and the colours. The numbers it shows it computes in the page
    with the twin of nnlib; the browser tests check them against act_cost_numbers."""
    activation, cost = from_label(activation, ACTIVATION_NAMES), from_label(cost, COST_NAMES)
    _check_choice("activation", activation, ACTIVATION_NAMES)
    _check_choice("cost", cost, COST_NAMES)
    for name, value, (lo, hi) in (("z", z, Z_RANGE), ("y", y, Y_RANGE)):
        if not lo <= value <= hi:
            raise ValueError(f"{name} = {value} is outside the explorer's range {[lo, hi]}")
    return {
        "activations": [[n, NAMES[n]] for n in ACTIVATION_NAMES], "costs": [[c, NAMES[c]] for c in COST_NAMES],
        "x": X_IN, "w_out": W_OUT, "b_out": B_OUT, "z_range": list(Z_RANGE), "y_range": list(Y_RANGE),
        "curve_z": [float(Z_CURVE[0]), float(Z_CURVE[-1])], "curve_zl": [float(ZL_CURVE[0]), float(ZL_CURVE[-1])],
        "points": CURVE_POINTS, "g_ranges": G_RANGES, "inset": {"z": list(INSET_Z), "y": list(INSET_Y)},
        "start": {"activation": activation, "cost": cost, "z": float(z), "y": float(y)},
        "colours": {"activation": COLOURS, "cost": COST_COLOURS, "marker": GREY}, "dashes": DASHES,
    }


class ActCostExplorer:
    """The explorer as a notebook output: HTML with the module inlined (js_modules.explorer_html),
    so the same output runs in the built book and in JupyterLab, with or without a kernel."""

    def __init__(self, config):
        self.config = config
        self.element_id = f"nnjs-act-cost-{uuid.uuid4().hex[:8]}"

    def _repr_html_(self):
        return explorer_html("activation_cost.js", "mountActivationCost", self.config, self.element_id)

    def __repr__(self):
        s = self.config["start"]
        return (f"Activation-and-cost explorer from {NAMES[s['activation']]}, {NAMES[s['cost']]} cost, "
                f"z[1] = {s['z']:g}, y = {s['y']:g} (it runs in the browser: drag z[1] on the plots)")


def act_cost_explorer(activation=DEFAULTS["activation"], cost=DEFAULTS["cost"], z=DEFAULTS["z"], y=DEFAULTS["y"]):
    """Choose the hidden activation and the cost, drag z[1] and set the target y, and see live g, g',
    the output error under both costs, the output, the cost and the hidden neuron's error."""
    return ActCostExplorer(explorer_config(activation, cost, z, y))

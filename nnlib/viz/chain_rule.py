"""The chain-rule chapter (S1): a chain of one-neuron layers, x -> a1 -> a2 -> a3.

Book notation (eqs. (chain-forward), (chain-cost)): z(l) = w(l) a(l-1) + b(l), a(l) = sigma(z(l)),
a(0) = x, and the loss of one example C_0 = (a(L) - y)^2 with no factor 1/2. Here L = 3 and
"w1" is w(1), the weight into layer 1.

Every number shown comes from nnlib:
- the forward trace (z, a) and nnlib.sigmoid_prime give the local factors, multiplied as the
  chain rule says (eqs. (chain-dw), (chain-db), (chain-da), (chain-back), (chain-layer));
- Network.gradients gives backpropagation's dC_0/dw and dC_0/db, and nnlib's backward blocks
  (linear_backward, layer_backward) give dC_0/dx;
- nnlib.numerical_gradients (and the same centred difference for x) gives the finite differences.

chain_state is the pure update function: chain_app (ipywidgets, the kernel face) draws it, and the
page's explorer (chain_explorer; nnlib/viz/js/chain_rule.js, no kernel) computes the same numbers
in the browser with the twin of nnlib, tested equal to chain_state.
"""
import json
import uuid
from functools import lru_cache
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from ..activations import sigmoid_prime
from ..gradcheck import numerical_gradients
from ..layer_list import LayerList
from ..layers import layer_backward, linear_backward
from ..network import Network
from .palette import BLUE, GREY, ORANGE, SKY, VERMILION
from .js_modules import explorer_html
from .figure_view import FigureView
from .renderer import with_alt
from .static import apply_state
from .widgets import LIVE_NOTE

PARAMS = ("w1", "b1", "w2", "b2", "w3", "b3", "x")
# The chain's starting point: the output a3 is about 0.66 and the target is 1, as in S1.
# x and w1 differ from 1, so that the rows of w1, b1 and x have different factors dz/dp.
DEFAULTS = {"w1": 2.0, "b1": -2.0, "w2": -1.0, "b2": 0.5, "w3": 1.5, "b3": 0.0, "x": 1.5}
TARGET = 1.0
N_LINKS = 3
EPS = 1e-5  # the nudge of the centred differences
# The nudge view draws the actual change of C_0 for these nudges of the chosen parameter.
CURVE_DELTAS = np.round(np.linspace(-1.0, 1.0, 21), 2)
LIVE_RANGE = (-3.0, 3.0)
# The page's explorer: what its handles and fields accept, and the points of its curve C_0(p),
# drawn for p from VALUE_RANGE[0] + DELTA_RANGE[0] to VALUE_RANGE[1] + DELTA_RANGE[1].
VALUE_RANGE = (-5.0, 5.0)
DELTA_RANGE = (-1.0, 1.0)
CURVE_POINTS = 241


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------
def chain_network(weights, biases):
    """A chain of one-neuron sigmoid layers, Network([1, 1, ..., 1]) with the given w(l), b(l).

    Quadratic cost, no regularisation: for one example net.cost is C_0 = (a(L) - y)^2.
    """
    if len(weights) != len(biases) or len(weights) == 0:
        raise ValueError("give one weight and one bias per link")
    net = Network([1] * (len(weights) + 1), hidden="sigmoid", output="sigmoid", cost="quadratic")
    for l, (w, b) in enumerate(zip(weights, biases), start=1):
        net.W[l][0, 0] = float(w)
        net.b[l][0, 0] = float(b)
    return net


def _network(values):
    return chain_network([values[f"w{l}"] for l in range(1, N_LINKS + 1)],
                         [values[f"b{l}"] for l in range(1, N_LINKS + 1)])


# The chapter's one-neuron worked example (and the graphs chapter's): the chain's last link at the
# default values, with its input a^[L-1] = a^[2] from nnlib's forward pass.
LAST_LINK = {
    "a_prev": float(_network(DEFAULTS).forward_trace(np.array([[DEFAULTS["x"]]])).a[N_LINKS - 1][0, 0]),
    "w": DEFAULTS[f"w{N_LINKS}"], "b": DEFAULTS[f"b{N_LINKS}"], "y": TARGET,
}


def backward_blocks(net, X, Y):
    """Backpropagation with nnlib's blocks, keeping dC/da for every layer, the input included.

    Returns LayerLists (da, dW, db): da[l] = dC/da(l) for l = 0..L (da[0] = dC/dx), dW[l] and
    db[l] for layer l = 1..L, each of the shape of what it differentiates.
    """
    trace = net.forward_trace(X)
    L = net.n_layers
    dz = net.cost_function.output_delta(trace.a[L], Y, trace.z[L], net.output)  # dC/dz(L)
    da, dW, db = LayerList.empty("da", L, first=0), LayerList.empty("dW", L), LayerList.empty("db", L)
    da[L] = 2.0 * (trace.a[L] - Y) / Y.shape[1]  # dC/da(L) of the quadratic cost (chain_network's)
    da[L - 1], dW[L], db[L] = linear_backward(dz, trace.caches[L], net.W[L])
    for l in range(L - 1, 0, -1):
        da[l - 1], dW[l], db[l] = layer_backward(da[l], trace.caches[l], net.W[l], net.activations[l])
    return da, dW, db


class Row(NamedTuple):
    """One parameter p of the table: dC_0/dp = dz/dp * sigma'(z) * dC_0/da, three ways."""

    name: str
    value: float
    dz_dp: float  # a(l-1) for w(l), 1 for b(l), w(1) for x
    sigma_prime: float  # sigma'(z(l)) of the layer p feeds
    dC_da: float  # dC_0/da(l) of that layer
    product: float  # the three factors multiplied (the chain rule)
    backprop: float  # nnlib: Network.gradients (and the backward blocks for x)
    finite_difference: float  # nnlib.numerical_gradients, centred, eps = 1e-5


class Nudge(NamedTuple):
    """Change one parameter by delta: the actual change of C_0 against its linear prediction."""

    name: str
    delta: float
    cost_after: float
    actual: float  # C_0(p + delta) - C_0(p)
    predicted: float  # dC_0/dp * delta (backprop's gradient)
    curve_deltas: np.ndarray  # CURVE_DELTAS
    curve_actual: np.ndarray  # the actual change for each of them


class ChainState(NamedTuple):
    """Everything the chain figure shows for one setting of the seven sliders.

    The per-layer numbers are LayerLists indexed by the layer: z[1], a[0] = x, sigma_prime[3], ...
    """

    values: dict  # the seven slider values, by name
    y: float
    z: LayerList  # z(1), z(2), z(3)
    a: LayerList  # a(0) = x, a(1), a(2), a(3)
    sigma_prime: LayerList  # sigma'(z(1)), sigma'(z(2)), sigma'(z(3))
    dC_da: LayerList  # dC_0/da(0) = dC_0/dx, ..., dC_0/da(3) = 2(a(3) - y), by the chain rule
    cost: float  # C_0 = (a(3) - y)^2
    rows: tuple  # one Row per parameter, in PARAMS order
    nudge: Nudge

    def row(self, name):
        return self.rows[PARAMS.index(name)]


def _values(values):
    missing = [p for p in PARAMS if p not in values]
    if missing:
        raise ValueError(f"missing values for {missing}")
    return {p: float(values[p]) for p in PARAMS}


def _cost(values, y):
    net = _network(values)
    return net.cost(np.array([[values["x"]]]), np.array([[y]]))


@lru_cache(maxsize=4096)
def _core(key, y):
    """Forward pass, chain-rule factors, backprop and finite differences (cached by the values)."""
    values = dict(zip(PARAMS, key))
    net = _network(values)
    X, Y = np.array([[values["x"]]]), np.array([[y]])
    trace = net.forward_trace(X)
    z = tuple(float(zl[0, 0]) for zl in trace.z)
    a = tuple(float(al[0, 0]) for al in trace.a)
    sp = tuple(float(sigmoid_prime(zl)) for zl in z)
    # The chain rule from the output back (eq. (chain-back)): dC/da(l-1) = w(l) sigma'(z(l)) dC/da(l).
    dC_da = [0.0] * (N_LINKS + 1)
    dC_da[N_LINKS] = 2.0 * (a[N_LINKS] - y)
    for l in range(N_LINKS, 0, -1):
        dC_da[l - 1] = values[f"w{l}"] * sp[l - 1] * dC_da[l]
    # nnlib's backpropagation and its finite differences
    dW, db = net.gradients(X, Y)
    da_blocks, _, _ = backward_blocks(net, X, Y)
    nW, nb = numerical_gradients(net, X, Y, eps=EPS)
    x_plus, x_minus = net.cost(X + EPS, Y), net.cost(X - EPS, Y)
    rows = []
    for p in PARAMS:
        if p == "x":
            l, dz_dp = 1, values["w1"]
            backprop, fd = float(da_blocks[0][0, 0]), (x_plus - x_minus) / (2 * EPS)
        else:
            l = int(p[1])
            dz_dp = a[l - 1] if p[0] == "w" else 1.0
            backprop = float((dW if p[0] == "w" else db)[l][0, 0])
            fd = float((nW if p[0] == "w" else nb)[l][0, 0])
        factors = (dz_dp, sp[l - 1], dC_da[l])
        rows.append(Row(p, values[p], *factors, factors[0] * factors[1] * factors[2], backprop, float(fd)))
    cost = float(net.cost(X, Y))
    return z, a, sp, tuple(dC_da), cost, tuple(rows)


@lru_cache(maxsize=4096)
def _curve(key, y, name):
    """C_0(p + d) - C_0(p) for every d in CURVE_DELTAS, p the parameter `name`."""
    values = dict(zip(PARAMS, key))
    c0 = _cost(values, y)
    out = np.empty(len(CURVE_DELTAS))
    for i, d in enumerate(CURVE_DELTAS):
        out[i] = _cost({**values, name: values[name] + d}, y) - c0
    out.flags.writeable = False
    return out


def chain_state(w1, b1, w2, b2, w3, b3, x, y=TARGET, nudge="w1", delta=0.5):
    """The update function of the chain interactive: all its numbers for these slider values.

    nudge names the parameter changed by delta in the nudge view.
    """
    values = _values(dict(w1=w1, b1=b1, w2=w2, b2=b2, w3=w3, b3=b3, x=x))
    if nudge not in PARAMS:
        raise ValueError(f"nudge must be one of {PARAMS}, not {nudge!r}")
    key, y, delta = tuple(values.values()), float(y), float(delta)
    z, a, sp, dC_da, cost, rows = _core(key, y)
    cost_after = float(_cost({**values, nudge: values[nudge] + delta}, y))
    nudge_info = Nudge(nudge, delta, cost_after, cost_after - cost, rows[PARAMS.index(nudge)].backprop * delta,
                       CURVE_DELTAS, _curve(key, y, nudge))
    return ChainState(values, y, LayerList("z", z), LayerList("a", a, first=0), LayerList("sigma_prime", sp),
                      LayerList("dC_da", dC_da, first=0), cost, rows, nudge_info)


def _numbers(values):
    """Numbers as a list, unrounded."""
    return [float(v) for v in np.ravel(values)]


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------
def fmt(v):
    """A number as the figures show it: 4 decimals, or 3 significant digits when it is tiny."""
    v = float(v)
    if v == 0.0:
        return "0"
    if abs(v) < 5e-4:
        return f"{v:.2e}"
    return f"{v:.4f}"


def _fmt_value(v):
    return f"{v:g}"


LABELS = {p: f"{p[0]}<sup>[{p[1]}]</sup>" for p in PARAMS if p != "x"} | {"x": "x"}

TABLE_HEADER = [
    "<b>p</b>", "<b>value</b>", "<b>∂z/∂p</b>", "<b>σ′(z)</b>", "<b>∂C₀/∂a</b>",
    "<b>product</b>", "<b>backprop</b>", "<b>finite diff.</b>",
]
LAYER_HEADER = ["<b>layer</b>", "<b>z</b>", "<b>a</b>", "<b>σ′(z)</b>", "<b>∂C₀/∂a</b>"]


def table_columns(state):
    """The parameter table's columns, as the figure shows them (strings)."""
    rows = state.rows
    return [
        [LABELS[r.name] for r in rows],
        [_fmt_value(r.value) for r in rows],
        [fmt(r.dz_dp) for r in rows],
        [fmt(r.sigma_prime) for r in rows],
        [fmt(r.dC_da) for r in rows],
        [fmt(r.product) for r in rows],
        [fmt(r.backprop) for r in rows],
        [fmt(r.finite_difference) for r in rows],
    ]


def layer_columns(state):
    """The layer table's columns: layers 3, 2, 1 and the input 0 (strings)."""
    ls = range(N_LINKS, -1, -1)
    return [
        [str(l) if l else "0 (x)" for l in ls],
        [fmt(state.z[l]) if l else "" for l in ls],
        [fmt(state.a[l]) for l in ls],
        [fmt(state.sigma_prime[l]) if l else "" for l in ls],
        [fmt(state.dC_da[l]) for l in ls],
    ]


def chain_title(state):
    """Title line 1: all values and C_0; line 2: the nudge."""
    n = state.nudge
    head = ", ".join(f"{p} = {state.values[p]:g}" for p in PARAMS) + f", y = {state.y:g}"
    return (
        f"{head}:  C₀ = {fmt(state.cost)}<br>"
        f"nudge {n.name} by Δ = {n.delta:g}:  actual ΔC₀ = {fmt(n.actual)},  "
        f"∂C₀/∂{n.name} × Δ = {fmt(n.predicted)}"
    )


def _nudge_subtitle(state):
    return f"nudge view: C₀ after changing {state.nudge.name} by Δ, minus C₀"


# --------------------------------------------------------------------------------------------
# The chain figure (both faces)
# --------------------------------------------------------------------------------------------
TABLE_TRACE, LAYER_TRACE, CURVE_TRACE, LINE_TRACE, ACTUAL_TRACE, PREDICTED_TRACE = range(6)


def _state_props(state):
    n = state.nudge
    grad = state.row(n.name).backprop
    ends = [float(CURVE_DELTAS[0]), float(CURVE_DELTAS[-1])]
    return (
        {
            TABLE_TRACE: {"cells.values": table_columns(state)},
            LAYER_TRACE: {"cells.values": layer_columns(state)},
            CURVE_TRACE: {"y": _numbers(n.curve_actual)},
            LINE_TRACE: {"y": _numbers([grad * ends[0], grad * ends[1]])},
            ACTUAL_TRACE: {"x": [n.delta], "y": _numbers([n.actual])},
            PREDICTED_TRACE: {"x": [n.delta], "y": _numbers([n.predicted])},
        },
        {"title.text": chain_title(state), "annotations[2].text": _nudge_subtitle(state)},
    )


def _base_figure():
    """The chain figure's structure (traces, tables, axes), drawn at DEFAULTS."""
    state = chain_state(**DEFAULTS)
    data, layout = _state_props(state)
    fig = make_subplots(
        rows=2, cols=2, column_widths=[0.44, 0.56], row_heights=[0.47, 0.53],
        vertical_spacing=0.1, horizontal_spacing=0.1,
        specs=[[{"type": "table", "colspan": 2}, None], [{"type": "table"}, {"type": "xy"}]],
        subplot_titles=(
            "each parameter p: ∂C₀/∂p = ∂z/∂p · σ′(z) · ∂C₀/∂a, three ways",
            "each layer, from the output back",
            layout["annotations[2].text"],
        ),
    )
    cell_font = {"size": 12, "color": "#222222"}
    header = {"fill": {"color": "#e8eef4"}, "align": "center", "font": cell_font}
    fig.add_trace(go.Table(
        columnwidth=[0.6, 0.8, 1, 1, 1, 1, 1, 1.1],
        header={"values": TABLE_HEADER, **header},
        cells={"values": data[TABLE_TRACE]["cells.values"], "align": "right", "font": cell_font,
               "fill": {"color": ["#ffffff"] * 5 + ["#fdf1e0", "#eaf4fb", "#e7f5ef"]}, "height": 22},
    ), row=1, col=1)
    fig.add_trace(go.Table(
        columnwidth=[1, 1, 1, 1, 1.2],
        header={"values": LAYER_HEADER, **header},
        cells={"values": data[LAYER_TRACE]["cells.values"], "align": "right", "font": cell_font, "height": 22},
    ), row=2, col=1)
    xy = {"row": 2, "col": 2}
    fig.add_trace(go.Scatter(x=CURVE_DELTAS, y=data[CURVE_TRACE]["y"], mode="lines", name="actual ΔC₀",
                             line={"color": BLUE, "width": 3}), **xy)
    fig.add_trace(go.Scatter(x=[CURVE_DELTAS[0], CURVE_DELTAS[-1]], y=data[LINE_TRACE]["y"], mode="lines",
                             name="gradient × Δ", line={"color": ORANGE, "width": 2, "dash": "dash"}), **xy)
    fig.add_trace(go.Scatter(x=data[ACTUAL_TRACE]["x"], y=data[ACTUAL_TRACE]["y"], mode="markers",
                             name="actual, chosen Δ", marker={"color": BLUE, "size": 11, "symbol": "circle"}), **xy)
    fig.add_trace(go.Scatter(x=data[PREDICTED_TRACE]["x"], y=data[PREDICTED_TRACE]["y"], mode="markers",
                             name="predicted, chosen Δ",
                             marker={"color": VERMILION, "size": 11, "symbol": "diamond"}), **xy)
    fig.update_xaxes(title_text="change Δ of the nudged parameter", zeroline=True, **xy)
    fig.update_yaxes(title_text="change of C₀", zeroline=True, **xy)
    fig.update_annotations(font_size=13)
    fig.update_layout(
        title={"text": layout["title.text"], "font": {"size": 13}, "x": 0.01, "xanchor": "left"},
        template="plotly_white", height=760, margin={"t": 90, "l": 10, "r": 10, "b": 60},
        # under the layer table, which fills only the top of its cell
        legend={"x": 0.0, "xanchor": "left", "y": 0.2, "yanchor": "top", "font": {"size": 12},
                "title": {"text": "nudge view:"}},
    )
    return with_alt(fig, _alt(state))


@lru_cache(maxsize=1)
def _base_json():
    return pio.to_json(_base_figure(), validate=False)


def chain_figure_dict(w1=DEFAULTS["w1"], b1=DEFAULTS["b1"], w2=DEFAULTS["w2"], b2=DEFAULTS["b2"],
                      w3=DEFAULTS["w3"], b3=DEFAULTS["b3"], x=DEFAULTS["x"], y=TARGET,
                      nudge="w1", delta=0.5):
    """The chain figure as a plain plotly dict: the base figure with this state's numbers (fast)."""
    state = chain_state(w1, b1, w2, b2, w3, b3, x, y, nudge, delta)
    data, layout = _state_props(state)
    fig = apply_state(json.loads(_base_json()), {"data": data, "layout": layout})
    fig["layout"]["meta"]["alt"] = _alt(state)
    return fig


def chain_figure(w1=DEFAULTS["w1"], b1=DEFAULTS["b1"], w2=DEFAULTS["w2"], b2=DEFAULTS["b2"],
                 w3=DEFAULTS["w3"], b3=DEFAULTS["b3"], x=DEFAULTS["x"], y=TARGET,
                 nudge="w1", delta=0.5):
    """The kernel face's figure at one setting: the factor table, the layer table and the nudge view."""
    return go.Figure(chain_figure_dict(w1, b1, w2, b2, w3, b3, x, y, nudge, delta))


def _alt(state):
    n = state.nudge
    return (
        "Two tables and a plot for a chain of three one-neuron sigmoid layers, x to a1 to a2 to a3, "
        f"with target y = {state.y:g} and cost C0 = {fmt(state.cost)}. The first table lists, for each "
        "of w1, b1, w2, b2, w3, b3 and x, its value, the three chain-rule factors dz/dp, sigma'(z) and "
        "dC0/da, their product, nnlib's backpropagation value and the finite-difference value, which "
        "agree. The second table lists z, a, sigma'(z) and dC0/da for each layer. The plot shows the "
        f"actual change of C0 when {n.name} changes by Delta from -1 to 1 (a curve) and the gradient's "
        f"prediction (a straight line); at Delta = {n.delta:g} they are {fmt(n.actual)} and {fmt(n.predicted)}."
    )


def explorer_config(values=None, param="w1", delta=0.5, y=TARGET):
    """What the page's explorer computes from, JSON-ready: the seven values (DEFAULTS, updated by
    values), the chosen parameter, the nudge Δ, the target, the ranges and the colours. The numbers
    it shows it computes in the page with the twin of nnlib; the browser tests check them against
    chain_state."""
    values = {**DEFAULTS, **(values or {})}
    unknown = sorted(set(values) - set(PARAMS))
    if unknown:
        raise ValueError(f"unknown values {unknown}: the chain's numbers are {list(PARAMS)}")
    values = _values(values)
    outside = [p for p in PARAMS if not VALUE_RANGE[0] <= values[p] <= VALUE_RANGE[1]]
    if outside:
        raise ValueError(f"{', '.join(f'{p} = {values[p]:g}' for p in outside)}: the explorer's values lie in "
                         f"{list(VALUE_RANGE)}")
    if param not in PARAMS:
        raise ValueError(f"param must be one of {PARAMS}, not {param!r}")
    if not DELTA_RANGE[0] <= delta <= DELTA_RANGE[1]:
        raise ValueError(f"delta = {delta} is outside the nudge's range {list(DELTA_RANGE)}")
    return {
        "params": list(PARAMS), "values": values, "param": param, "delta": float(delta), "y": float(y),
        "eps": EPS, "value_range": list(VALUE_RANGE), "delta_range": list(DELTA_RANGE),
        "curve_points": CURVE_POINTS,
        "colours": {"curve": BLUE, "tangent": ORANGE, "nudge": BLUE, "predicted": VERMILION, "grey": GREY},
    }


class ChainExplorer:
    """The explorer as a notebook output: HTML with its modules inlined (js_modules.explorer_html),
    so the same output runs in the built book and in JupyterLab, with or without a kernel."""

    def __init__(self, config):
        self.config = config
        self.element_id = f"nnjs-chain-{uuid.uuid4().hex[:8]}"

    def _repr_html_(self):
        return explorer_html("chain_rule.js", "mountChainExplorer", self.config, self.element_id)

    def __repr__(self):
        c = self.config
        return (f"Chain-rule explorer: {c['param']} = {c['values'][c['param']]:g} nudged by Δ = {c['delta']:g} "
                f"(it runs in the browser: drag the value and the nudge)")


def chain_explorer(values=None, param="w1", delta=0.5, y=TARGET):
    """The page's face: choose a parameter p, drag its value along the curve C_0(p) and drag the
    nudge Δ, and see live the actual change of C_0, the tangent's prediction and dC_0/dp as the
    product of the chain's local derivatives (computed in the browser by the twin of nnlib)."""
    return ChainExplorer(explorer_config(values, param, delta, y))


# --------------------------------------------------------------------------------------------
# The live app (kernel face)
# --------------------------------------------------------------------------------------------
def chain_app(values=None, nudge="w1", delta=0.5, y=TARGET):
    """Kernel face: seven live sliders, the parameter to nudge and Δ; redraws chain_figure."""
    values = {**DEFAULTS, **(values or {})}
    style, layout = {"description_width": "initial"}, {"width": "330px"}
    sliders = {
        p: widgets.FloatSlider(value=values[p], min=LIVE_RANGE[0], max=LIVE_RANGE[1], step=0.05,
                               description=p, readout_format=".2f", style=style, layout=layout)
        for p in PARAMS
    }
    which = widgets.ToggleButtons(options=list(PARAMS), value=nudge, description="nudge",
                                  style={"button_width": "48px"})
    size = widgets.FloatSlider(value=delta, min=-1.0, max=1.0, step=0.05, description="Δ",
                               readout_format=".2f", style=style, layout=layout)
    view = FigureView()

    def redraw(_=None):
        view.show(chain_figure_dict(**{p: s.value for p, s in sliders.items()}, y=y,
                                    nudge=which.value, delta=size.value))

    for control in (*sliders.values(), which, size):
        control.observe(redraw, names="value")
    redraw()
    grid = widgets.GridBox(list(sliders.values()) + [size],
                           layout={"grid_template_columns": "repeat(2, 340px)"})
    app = widgets.VBox([widgets.HTML(LIVE_NOTE), grid, which, view])
    app.sliders, app.which, app.delta, app.view = sliders, which, size, view  # for tests and readers' code
    return app


# --------------------------------------------------------------------------------------------
# The tree of what influences what, and the slope picture
# --------------------------------------------------------------------------------------------
def _sup(text, layer):
    return f"{text}<sup>[{layer}]</sup>"


# name: (label, x, y, colour). Parameters we can change are orange, activations blue,
# weighted inputs sky blue, the target grey and the cost vermilion.
TREE_NODES = {
    "more": ("⋯", -0.9, 1, GREY),
    "w1": (_sup("w", "L−1"), 0, 2, ORANGE),
    "a2": (_sup("a", "L−2"), 0, 1, BLUE),
    "b1": (_sup("b", "L−1"), 0, 0, ORANGE),
    "z1": (_sup("z", "L−1"), 1, 1, SKY),
    "a1": (_sup("a", "L−1"), 2, 1, BLUE),
    "w": (_sup("w", "L"), 2, 2, ORANGE),
    "b": (_sup("b", "L"), 2, 0, ORANGE),
    "z": (_sup("z", "L"), 3, 1, SKY),
    "a": (_sup("a", "L"), 4, 1, BLUE),
    "y": ("y", 4, 0, GREY),
    "C": ("C<sub>0</sub>", 5, 1, VERMILION),
}
# (cause, effect, local derivative d effect / d cause); the first four are the path of eq. (chain-dw)
TREE_EDGES = [
    ("w", "z", _sup("a", "L−1")),
    ("z", "a", f"σ′({_sup('z', 'L')})"),
    ("a", "C", f"2({_sup('a', 'L')} − y)"),
    ("a1", "z", _sup("w", "L")),
    ("b", "z", "1"),
    ("y", "C", ""),
    ("z1", "a1", f"σ′({_sup('z', 'L−1')})"),
    ("w1", "z1", _sup("a", "L−2")),
    ("a2", "z1", _sup("w", "L−1")),
    ("b1", "z1", "1"),
    ("more", "a2", ""),
]
HIGHLIGHT = {("w", "z"), ("z", "a"), ("a", "C")}


def influence_tree_figure():
    """S1's tree: w(L), a(L-1), b(L) -> z(L) -> a(L) -> C_0 (with y); a(L-1) splits further back.

    Each arrow carries the local derivative of its head with respect to its tail; the path
    from w(L) to C_0 is drawn thicker: its three labels multiply to dC_0/dw(L) (eq. (chain-dw)).
    """
    fig = go.Figure()
    for cause, effect, label in TREE_EDGES:
        _, x0, y0, _ = TREE_NODES[cause]
        _, x1, y1, _ = TREE_NODES[effect]
        hot = (cause, effect) in HIGHLIGHT
        # stop the arrow at the edge of the node's circle
        dx, dy = x1 - x0, y1 - y0
        n = float(np.hypot(dx, dy))
        shrink = 0.2 / n
        fig.add_annotation(
            x=x1 - dx * shrink, y=y1 - dy * shrink * 1.6, ax=x0 + dx * shrink, ay=y0 + dy * shrink * 1.6,
            xref="x", yref="y", axref="x", ayref="y", text="", showarrow=True, arrowhead=2, arrowsize=1.2,
            arrowwidth=3.5 if hot else 1.6, arrowcolor=VERMILION if hot else GREY,
        )
        if label:
            # a horizontal arrow is short: its label goes above it, clear of the circles;
            # a slanted one's label sits nearer its tail, away from the horizontal labels
            flat = y0 == y1
            t = 0.5 if flat else 0.3
            fig.add_annotation(
                x=x0 + t * dx, y=y0 + t * dy, xref="x", yref="y", text=label, showarrow=False,
                yshift=30 if flat else 0, font={"size": 13, "color": VERMILION if hot else "#333333"},
                bgcolor="rgba(255,255,255,0.92)", borderpad=1,
            )
    names = list(TREE_NODES)
    fig.add_trace(go.Scatter(
        x=[TREE_NODES[k][1] for k in names], y=[TREE_NODES[k][2] for k in names],
        mode="markers+text", text=[TREE_NODES[k][0] for k in names], textposition="middle center",
        textfont={"size": 15, "color": "#111111"}, hoverinfo="skip", showlegend=False,
        marker={"size": 46, "color": "white", "line": {"width": 3, "color": [TREE_NODES[k][3] for k in names]}},
    ))
    fig.update_xaxes(visible=False, range=[-1.3, 5.4])
    fig.update_yaxes(visible=False, range=[-0.45, 2.45])
    fig.update_layout(
        height=360, template="plotly_white", margin={"t": 50, "b": 10, "l": 10, "r": 10},
        title={"text": "What influences what; each arrow carries its local derivative", "font": {"size": 14}},
    )
    return with_alt(fig, (
        "A tree of influences drawn left to right. The weight w(L), the previous activation a(L-1) and "
        "the bias b(L) point to the weighted input z(L), with local derivatives a(L-1), w(L) and 1. "
        "z(L) points to the activation a(L) with local derivative sigma'(z(L)); a(L) and the target y "
        "point to the cost C0, with local derivative 2(a(L) - y) from a(L). The path from w(L) to C0 is "
        "highlighted. Further back, a(L-1) comes from z(L-1), which comes from w(L-1), a(L-2) and b(L-1), "
        "and a(L-2) from earlier layers."
    ))


class Slope(NamedTuple):
    """C_0 as a function of the last weight, and its slope at one point (the worked example)."""

    w_grid: np.ndarray
    cost: np.ndarray  # C_0 at each w of w_grid
    w: float
    cost_at_w: float
    slope: float  # dC_0/dw from nnlib's backpropagation
    dw: float
    cost_after: float  # C_0 at w + dw


def slope_numbers(a_prev=LAST_LINK["a_prev"], w=LAST_LINK["w"], b=LAST_LINK["b"], y=TARGET, dw=1.0,
                  w_range=(-4.0, 8.0)):
    """C_0 = (sigma(w a_prev + b) - y)^2 along w, from nnlib's one-neuron Network([1, 1])."""
    X, Y = np.array([[a_prev]]), np.array([[y]])
    grid = np.linspace(*w_range, 121)
    costs = np.array([chain_network([v], [b]).cost(X, Y) for v in grid])
    net = chain_network([w], [b])
    dW, _ = net.gradients(X, Y)
    return Slope(grid, costs, float(w), float(net.cost(X, Y)), float(dW[1][0, 0]), float(dw),
                 float(chain_network([w + dw], [b]).cost(X, Y)))


def slope_figure(a_prev=LAST_LINK["a_prev"], w=LAST_LINK["w"], b=LAST_LINK["b"], y=TARGET, dw=1.0):
    """The derivative as a slope: C_0 against w(L), its tangent at w, and a nudge dw."""
    s = slope_numbers(a_prev, w, b, y, dw)
    half = 2.5
    tangent_w = np.array([w - half, w + half])
    fig = go.Figure([
        go.Scatter(x=s.w_grid, y=s.cost, mode="lines", name="C₀ as w<sup>[L]</sup> varies", line={"color": BLUE, "width": 3}),
        go.Scatter(x=tangent_w, y=s.cost_at_w + s.slope * (tangent_w - w), mode="lines",
                   name=f"tangent, slope ∂C₀/∂w<sup>[L]</sup> = {s.slope:.4f}",
                   line={"color": ORANGE, "width": 2, "dash": "dash"}),
        go.Scatter(x=[w, w + dw], y=[s.cost_at_w, s.cost_after], mode="markers",
                   name=f"C₀ before and after a nudge Δw = {dw:g}", marker={"color": BLUE, "size": 11}),
        go.Scatter(x=[w + dw], y=[s.cost_at_w + s.slope * dw], mode="markers",
                   name=f"after, as the slope predicts: C₀ + slope × Δw", marker={"color": VERMILION, "size": 11,
                                                                                  "symbol": "diamond"}),
    ])
    fig.update_layout(
        height=420, template="plotly_white", margin={"t": 60, "b": 50, "l": 60, "r": 10},
        title={"text": (f"a<sup>[L−1]</sup> = {a_prev:.4g}, b<sup>[L]</sup> = {b:g}, y = {y:g}: at w<sup>[L]</sup> = {w:g}, C₀ = {s.cost_at_w:.4f}; "
                        f"Δw = {dw:g} changes it by {s.cost_after - s.cost_at_w:.4f}"), "font": {"size": 13}},
        xaxis_title="weight w<sup>[L]</sup>", yaxis_title="cost C₀ = (a<sup>[L]</sup> − y)²",
        legend={"x": 0.99, "xanchor": "right", "y": 0.99, "yanchor": "top"},
    )
    return with_alt(fig, (
        f"The cost C0 of one neuron with input {a_prev:.4g}, bias {b:g} and target {y:g}, plotted against its "
        f"weight from {s.w_grid[0]:g} to {s.w_grid[-1]:g}: a falling S-shaped curve. At w = {w:g} the cost is "
        f"{s.cost_at_w:.4f} and the dashed tangent has slope {s.slope:.4f}. Nudging w by {dw:g} changes the cost "
        f"by {s.cost_after - s.cost_at_w:.4f}; the slope predicts {s.slope * dw:.4f}."
    ))

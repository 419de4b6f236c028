"""The delta-rule chapter: a 2-3-2 sigmoid network, its errors delta and its gradients, step by step.

Book notation (eqs. (forward), (cost-quadratic), (delta-output), (delta-back), (grad-W), (grad-b)):
z^[l] = W^[l] a^[l-1] + b^[l], a^[l] = sigma(z^[l]), a^[0] = x; the loss of one example
C_0 = sum_j (a^[L]_j - y_j)^2; the error of a layer delta^[l] = dC_0/dz^[l];
delta^[L] = 2(a^[L] - y) * sigma'(z^[L]); delta^[l] = (W^[l+1])^T delta^[l+1] * sigma'(z^[l]);
dC_0/dW^[l] = delta^[l] (a^[l-1])^T and dC_0/db^[l] = delta^[l].

Every number comes from nnlib: the forward trace of a Network, the cost's output_delta, the
backward blocks linear_backward (dW, db and dC/da of the layer before) and the activation's
derivative (prime_from_output). delta_view is the pure update function. Two faces show it:
- delta_explorer(): the page's face, computed live in the browser by the JavaScript twin of
  nnlib (nnlib/viz/js/delta_rule.js): the reader drags any weight of the diagram and sees every
  z, a, delta and gradient; it needs no kernel and works in JupyterLab too (the browser tests
  check its numbers and texts against delta_view, node_texts, edge_texts and delta_title);
- delta_app(): the kernel face, a plotly diagram (delta_figure) redrawn from nnlib by ipywidgets.

The backward pass is shown in steps: step 0 is the forward pass alone; then for each layer from
the output back, first its delta (step 2(L - l) + 1), then its gradients (step 2(L - l) + 2).
"""
import json
import re
import uuid
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import plotly.io as pio

from ..layer_list import LayerList
from ..network import Network
from .network_diagram import (MAX_WIDTH, MIN_WIDTH, diagram_layout, edge_list, network_diagram,
                              network_diagram_update, neuron_list)
from .js_modules import explorer_html
from .palette import BLUE, GREY, ORANGE, SKY, VERMILION
from .static import apply_state
from .widgets import LiveApp

SIZES = (2, 3, 2)
# The chapter's network: small weights of both signs, so that the deltas have both signs too.
W1 = ((0.5, -0.4), (0.3, 0.8), (-0.6, 0.2))
B1 = (0.1, -0.2, 0.05)
W2 = ((0.7, -0.5, 0.4), (-0.3, 0.6, 0.9))
B2 = (0.0, -0.1)
# Three training examples (x, y); the worked example is the first one.
EXAMPLES = (
    ((1.0, 0.5), (1.0, 0.0)),
    ((0.2, 0.9), (0.0, 1.0)),
    ((0.9, 0.1), (1.0, 1.0)),
)
EXAMPLE_NAMES = tuple(f"{i + 1}" for i in range(len(EXAMPLES)))  # the title shows its x and y
# The weights the reader can set: in the page's explorer any of them, to 0.01; in the kernel's
# live app two of them (w^[2]_12 and w^[1]_21), in steps of 0.1.
WEIGHT_RANGE = (-3.0, 3.0)
LIVE_WEIGHTS = ("w2_12", "w1_21")
LIVE_VALUES = np.round(np.arange(WEIGHT_RANGE[0], WEIGHT_RANGE[1] + 0.001, 0.1), 2)
NEW, KNOWN, UNKNOWN, INPUT = ORANGE, SKY, "white", "#eeeeee"  # neuron fill colours
_PARAM = re.compile(r"^([wb])([1-9])_([1-9])([1-9])?$")


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------
def parse_param(name):
    """'w2_12' -> ('w', 2, 1, 2): w^[2]_12; 'b1_3' -> ('b', 1, 3, None): b^[1]_3."""
    m = _PARAM.match(str(name))
    if not m or (m.group(1) == "w") != (m.group(4) is not None):
        raise ValueError(f"a parameter is named like 'w2_12' (w^[2]_12) or 'b1_3' (b^[1]_3); got {name!r}")
    kind, l, j, k = m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)
    return kind, l, j, None if k is None else int(k)


def delta_network(**changes):
    """The chapter's 2-3-2 sigmoid Network (quadratic cost) with W1, B1, W2, B2.

    changes: parameters to set instead, by name, e.g. delta_network(w2_12=0.0, b1_3=1.0).
    """
    net = Network(list(SIZES), hidden="sigmoid", output="sigmoid", cost="quadratic")
    net.W = [np.array(W1), np.array(W2)]
    net.b = [np.array(B1).reshape(-1, 1), np.array(B2).reshape(-1, 1)]
    for name, value in changes.items():
        kind, l, j, k = parse_param(name)
        if l > net.n_layers:
            raise ValueError(f"{name}: the network has layers 1 to {net.n_layers}")
        target = net.W[l] if kind == "w" else net.b[l]
        index = (j - 1, k - 1) if kind == "w" else (j - 1, 0)
        if not (index[0] < target.shape[0] and index[1] < target.shape[1]):
            raise ValueError(f"{name}: layer {l}'s {'W' if kind == 'w' else 'b'} has shape {target.shape}")
        target[index] = float(value)
    return net


def backward_by_layer(net, trace, Y):
    """Backpropagation that keeps every delta (Network.backward_pass), with dC/da at the output too.

    dC/da^[L] = (2/m)(a^[L] - y) is the quadratic cost's, so the network must use that cost.
    """
    if net.cost_function.name != "quadratic":
        raise ValueError("backward_by_layer shows the quadratic cost's dC/da; use a quadratic-cost Network")
    back = net.backward_pass(trace, Y)
    L = net.n_layers
    back.dC_da[L] = 2.0 * (trace.a[L] - Y) / Y.shape[1]
    return back


def step_names(n_layers=len(SIZES) - 1):
    """Short names of the steps (slider labels): the forward pass, then per layer its δ and its gradients."""
    names = ["forward"]
    for l in range(n_layers, 0, -1):
        names += [f"δ[{l}]", f"∂W[{l}]"]
    return tuple(names)


STEPS = step_names()


def step_index(step):
    """A step given as its number or its name (STEPS) -> its number."""
    if isinstance(step, str):
        if step not in STEPS:
            raise ValueError(f"step must be a number 0..{len(STEPS) - 1} or one of {STEPS}; got {step!r}")
        return STEPS.index(step)
    s = int(step)
    if not 0 <= s < len(STEPS):
        raise ValueError(f"step must be between 0 and {len(STEPS) - 1}; got {step!r}")
    return s


def example_index(example):
    """An example given as its number 1..3 (or its slider name "1".."3") -> its index 0..2 in EXAMPLES."""
    names = {name: i for i, name in enumerate(EXAMPLE_NAMES)}
    if isinstance(example, str):
        if example not in names:
            raise ValueError(f"example must be 1..{len(EXAMPLES)}; got {example!r}")
        return names[example]
    i = int(example)
    if not 1 <= i <= len(EXAMPLES):
        raise ValueError(f"example must be between 1 and {len(EXAMPLES)}; got {example!r}")
    return i - 1


class DeltaView(NamedTuple):
    """Everything the diagram shows for one example, one backward step and one setting of the weights.

    Per-layer fields are LayerLists indexed by the book's layer number: W[l], z[l], delta[l], dW[l],
    delta_known[l], ... belong to layer l = 1, 2; a[l] is layer l's activation (a[0] = x). Arrays
    are 1-D for the one example (W and dW are 2-D).
    """

    example: int  # 1..3
    x: np.ndarray
    y: np.ndarray
    changes: dict  # the parameters set instead of the chapter's values
    W: LayerList  # W^[1], W^[2]
    b: LayerList  # b^[1], b^[2] (1-D)
    z: LayerList
    a: LayerList  # a^[0] = x, a^[1], a^[2]
    sigma_prime: LayerList  # sigma'(z^[l])
    dC_da: LayerList  # dC_0/da^[l]
    delta: LayerList  # delta^[l] = dC_0/dz^[l]
    dW: LayerList  # dC_0/dW^[l]
    db: LayerList  # dC_0/db^[l]
    cost: float  # C_0 = sum_j (a^[L]_j - y_j)^2
    step: int
    delta_known: LayerList  # per layer: is delta^[l] known at this step?
    grad_known: LayerList  # per layer: are dC_0/dW^[l], dC_0/db^[l] known?
    delta_new: LayerList  # per layer: found in this very step?
    grad_new: LayerList
    note: str  # what this step does, in words


def _readonly(a):
    a = np.array(a, dtype=float)
    a.flags.writeable = False
    return a


@lru_cache(maxsize=2048)
def _numbers(example, changes):
    net = delta_network(**dict(changes))
    x, y = EXAMPLES[example]
    X, Y = np.array(x).reshape(-1, 1), np.array(y).reshape(-1, 1)
    trace = net.forward_trace(X)
    back = backward_by_layer(net, trace, Y)
    sp = [net.activations[l].prime_from_output(trace.a[l]) for l in range(1, net.n_layers + 1)]
    col = lambda arrays: tuple(_readonly(v[:, 0]) for v in arrays)  # noqa: E731
    return (
        _readonly(x), _readonly(y), tuple(_readonly(W) for W in net.W), col(net.b),
        col(trace.z), col(trace.a), col(sp), col(back.dC_da), col(back.delta),
        tuple(_readonly(g) for g in back.dW), col(back.db), float(net.cost(X, Y)),
    )


def _note(step, L):
    if step == 0:
        return "forward pass done: every z and a known, no δ yet"
    layer = L - (step - 1) // 2
    if step % 2 == 1:
        if layer == L:
            return f"output error δ<sup>[{L}]</sup> = 2(a<sup>[{L}]</sup> − y) ⊙ σ′(z<sup>[{L}]</sup>)"
        return (f"δ flows back: δ<sup>[{layer}]</sup> = (W<sup>[{layer + 1}]</sup>)ᵀ δ<sup>[{layer + 1}]</sup>"
                f" ⊙ σ′(z<sup>[{layer}]</sup>)")
    return (f"layer {layer} gradients: ∂C₀/∂W<sup>[{layer}]</sup> = δ<sup>[{layer}]</sup> "
            f"(a<sup>[{layer - 1}]</sup>)ᵀ, ∂C₀/∂b<sup>[{layer}]</sup> = δ<sup>[{layer}]</sup>")


def delta_view(example=1, step=None, **changes):
    """The update function: the 2-3-2 network's numbers for one example at one backward step.

    example: 1..3 (EXAMPLES[0..2]); step: 0..4 or its name (None: the last step, everything known);
    changes: parameters to set instead of the chapter's, e.g. w2_12=0.0.
    """
    i = example_index(example)
    L = len(SIZES) - 1
    s = len(STEPS) - 1 if step is None else step_index(step)
    key = tuple(sorted((str(k), float(v)) for k, v in changes.items()))
    x, y, Ws, bs, z, a, sp, dC_da, delta, dW, db, cost = _numbers(i, key)
    first_delta = [2 * (L - l) + 1 for l in range(1, L + 1)]  # the step at which delta^[l] is found
    return DeltaView(
        i + 1, x, y, dict(key), LayerList("W", Ws), LayerList("b", bs), LayerList("z", z),
        LayerList("a", a, first=0), LayerList("sigma_prime", sp), LayerList("dC_da", dC_da),
        LayerList("delta", delta), LayerList("dW", dW), LayerList("db", db), cost, s,
        LayerList("delta_known", (s >= f for f in first_delta)),
        LayerList("grad_known", (s >= f + 1 for f in first_delta)),
        LayerList("delta_new", (s == f for f in first_delta)),
        LayerList("grad_new", (s == f + 1 for f in first_delta)), _note(s, L),
    )


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------
def fmt(v, digits=4):
    """A number as the figure shows it: 4 decimals (no '-0'), or 3 significant digits if tiny."""
    v = float(v)
    if v == 0.0 or not np.isfinite(v):
        return "0" if v == 0.0 else str(v)
    if abs(v) < 5e-4:
        return f"{v:.2e}"
    s = f"{v:.{digits}f}"
    return s[1:] if s.startswith("-") and float(s) == 0.0 else s


def _w(v):
    return f"{float(v):.2f}"


def sup(name, l):
    return f"{name}<sup>[{l}]</sup>"


def node_texts(view):
    """The box above each neuron (neuron_list order): x for inputs; otherwise its bias b, z, a,
    δ (or ?), and once the backward pass has reached the layer its bias gradient ∂C₀/∂b = δ."""
    texts = []
    for l, j in neuron_list(SIZES):
        if l == 0:
            texts.append(f"x<sub>{j}</sub> = {view.x[j - 1]:g}")
            continue
        lines = [f"b = {_w(view.b[l][j - 1])}", f"z = {fmt(view.z[l][j - 1])}",
                 f"a = {fmt(view.a[l][j - 1])}"]
        if l == len(SIZES) - 1:
            lines.append(f"y = {view.y[j - 1]:g}")
        lines.append(f"<b>δ = {fmt(view.delta[l][j - 1]) if view.delta_known[l] else '?'}</b>")
        if view.grad_known[l]:  # eq. (grad-b): the bias gradient is the neuron's delta
            lines.append(f"∂C₀/∂b = {fmt(view.db[l][j - 1])}")
        texts.append("<br>".join(lines))
    return texts


def node_colours(view):
    """Each neuron's fill: NEW (its δ found in this step), KNOWN, UNKNOWN (δ not yet), INPUT."""
    out = []
    for l, _ in neuron_list(SIZES):
        if l == 0:
            out.append(INPUT)
        else:
            out.append(NEW if view.delta_new[l] else KNOWN if view.delta_known[l] else UNKNOWN)
    return out


def edge_texts(view):
    """Each weight's label (edge_list order): its value, and ∂C₀/∂w once the backward pass reaches it."""
    texts = []
    for l, j, k in edge_list(SIZES):
        text = f"w = {_w(view.W[l][j - 1, k - 1])}"
        if view.grad_known[l]:
            g = fmt(view.dW[l][j - 1, k - 1])
            text += f"<br>∂ = <b>{g}</b>" if view.grad_new[l] else f"<br>∂ = {g}"
        texts.append(text)
    return texts


def edge_text_colours(view):
    """Label colour: dark once the weight's gradient is known, grey before."""
    return ["#222222" if view.grad_known[l] else GREY for l, _, _ in edge_list(SIZES)]


NODE_NAMES = tuple(f"{j}" for _, j in neuron_list(SIZES))


def delta_title(view, chosen=None):
    """Line 1: the example, the moved weights and C₀; line 2: the step and what it does."""
    x, y = view.x, view.y
    moved = ", ".join(f"{_html_param(k)} = {v:g}" for k, v in sorted(view.changes.items()))
    head = (f"example {view.example}: x = ({x[0]:g}, {x[1]:g}), y = ({y[0]:g}, {y[1]:g})"
            + (f";  {moved}" if moved else "") + f";  C₀ = {fmt(view.cost)}")
    return f"{head}<br>step {view.step} of {len(STEPS) - 1}: {view.note}"


def _html_param(name):
    kind, l, j, k = parse_param(name)
    return f"{kind}<sup>[{l}]</sup><sub>{j}{k if k is not None else ''}</sub>"


def _alt(view):
    L = len(SIZES) - 1
    parts = []
    for l in range(1, L + 1):
        d = ", ".join(fmt(v) for v in view.delta[l]) if view.delta_known[l] else "not yet known"
        parts.append(f"layer {l}: z = ({', '.join(fmt(v) for v in view.z[l])}), "
                     f"a = ({', '.join(fmt(v) for v in view.a[l])}), delta = ({d})")
    grads = [f"the gradients of layer {l} are shown on its weights" for l in range(L, 0, -1) if view.grad_known[l]]
    return (
        "A network diagram with 2 inputs, 3 hidden sigmoid neurons and 2 sigmoid outputs, drawn left to "
        "right. Each weight is a line, blue if positive and vermilion if negative, thicker when larger, "
        "labelled with its value. "
        f"Example {view.example}: x = ({view.x[0]:g}, {view.x[1]:g}), target y = ({view.y[0]:g}, {view.y[1]:g}), "
        f"cost C0 = {fmt(view.cost)}. Backward step {view.step} of {len(STEPS) - 1}. "
        + "; ".join(parts) + ". " + ("; ".join(grads) + "." if grads else "No gradient is known yet.")
    )


# --------------------------------------------------------------------------------------------
# The figure (both faces)
# --------------------------------------------------------------------------------------------
LAYER_NAMES = ("layer 0: input", "layer 1: hidden", "layer 2: output")
LABEL_PX = 13  # every label of the diagram (at least 12 px)
DY, LABEL_AT = 1.15, (0.3, 0.7)  # neurons DY apart; weight labels along the lines (diagram_layout)
HEIGHT = 660


def delta_figure(example=1, step=None, **changes):
    """The diagram of the 2-3-2 network for one example at one step of the backward pass."""
    view = delta_view(example, step, **changes)
    fig = network_diagram(
        SIZES, view.W, NODE_NAMES, node_colours(view), node_texts(view), edge_texts(view),
        edge_text_colours(view), title=delta_title(view), alt=_alt(view), height=HEIGHT,
        dy=DY, label_at=LABEL_AT,
    )
    fig.update_annotations(font_size=LABEL_PX)  # weight labels and neuron boxes
    top = max(max(col) for col in diagram_layout(SIZES, 1.0, DY).y)
    fig.update_yaxes(range=[-top - 0.35 * DY, top + 0.85 * DY])
    for l, name in enumerate(LAYER_NAMES):
        fig.add_annotation(x=l, y=0, yref="paper", yanchor="top", yshift=-4, text=f"<b>{name}</b>",
                           showarrow=False, font={"size": LABEL_PX, "color": GREY})
    for name, colour in (("δ new", NEW), ("δ known", KNOWN), ("δ not known yet (?)", UNKNOWN)):
        fig.add_scatter(x=[None], y=[None], mode="markers", name=name, hoverinfo="skip",
                        marker={"symbol": "circle", "size": 13, "color": colour, "line": {"color": GREY, "width": 1}})
    fig.update_layout(margin={"t": 108, "b": 30, "l": 10, "r": 10}, legend={"y": 1.0, "yanchor": "bottom"},
                      title={"y": 1.0, "yref": "container", "yanchor": "top", "pad": {"t": 12}})
    return fig


def delta_state(example=1, step=None, **changes):
    """What changes between states: neuron colours and boxes, weight lines and labels, title."""
    view = delta_view(example, step, **changes)
    update = network_diagram_update(view.W, node_colours(view), node_texts(view), edge_texts(view),
                                    edge_text_colours(view))
    update["layout"]["title.text"] = delta_title(view)
    return update


# --------------------------------------------------------------------------------------------
# The live app (kernel face)
# --------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _base_json():
    return pio.to_json(delta_figure(1, 0), validate=False)


def delta_figure_dict(example=1, step=None, **changes):
    """delta_figure as a plain plotly dict: the base figure with this state applied (fast, for the app)."""
    fig = apply_state(json.loads(_base_json()), delta_state(example, step, **changes))
    fig["layout"]["meta"]["alt"] = _alt(delta_view(example, step, **changes))
    return fig


def live_controls(example=1, step=0):
    """The live app's controls: example, step, and the weights w^[2]_12 and w^[1]_21 (-3..3, 0.1 apart)."""
    controls = {
        "example": (list(EXAMPLE_NAMES), example_index(example), "example"),
        "step": (list(STEPS), step_index(step), "backward step"),
    }
    defaults = {"w2_12": W2[0][1], "w1_21": W1[1][0]}
    for name in LIVE_WEIGHTS:
        _, l, j, k = parse_param(name)
        controls[name] = (LIVE_VALUES, int(np.argmin(np.abs(LIVE_VALUES - defaults[name]))),
                          f"weight w{j}{k} of layer {l}")
    return controls


def delta_app(example=1, step=0):
    """Kernel face: the same diagram, with two movable weights; each move redraws it from nnlib's numbers."""
    return LiveApp(live_controls(example, step), delta_figure_dict)


# --------------------------------------------------------------------------------------------
# The page's face: the explorer, computed live in the browser (nnlib/viz/js/delta_rule.js)
# --------------------------------------------------------------------------------------------
EXPLORER_LABEL_AT = (0.3, 0.65)  # where its weights' labels sit along their lines (diagram_layout)


def explorer_config(example=1, step=0):
    """What the explorer computes from, JSON-ready: the chapter's network (its parameters in
    nnlib's layout, net.get_params()), the examples, the steps' names and what each does, the
    diagram's layout (network_diagram.diagram_layout), line widths and colours. The numbers it
    shows it computes in the page with the twin of nnlib."""
    net = delta_network()
    lay = diagram_layout(SIZES, 1.0, DY, EXPLORER_LABEL_AT)
    return {
        "sizes": list(SIZES), "hidden": net.hidden.name, "output": net.output.name, "cost": net.cost_function.name,
        "theta": net.get_params().tolist(),
        "examples": [{"x": list(x), "y": list(y)} for x, y in EXAMPLES],
        "steps": [{"name": name, "note": _note(s, len(SIZES) - 1)} for s, name in enumerate(STEPS)],
        "start": {"example": example_index(example) + 1, "step": step_index(step)},
        "weight_range": list(WEIGHT_RANGE),
        "layout": {"x": list(lay.x), "y": [list(col) for col in lay.y], "edges": [list(e) for e in lay.edges],
                   "label_xy": [list(p) for p in lay.label_xy]},
        "widths": {"min": MIN_WIDTH, "max": MAX_WIDTH, "scale": 2.0},
        "colours": {"positive": BLUE, "negative": VERMILION, "new": NEW, "known": KNOWN, "unknown": UNKNOWN,
                    "input": INPUT, "grey": GREY},
        "layer_names": list(LAYER_NAMES),
    }


class DeltaExplorer:
    """The explorer as a notebook output: HTML with the module inlined (js_modules.explorer_html),
    so the same output runs in the built book and in JupyterLab, with or without a kernel."""

    def __init__(self, config):
        self.config = config
        self.element_id = f"nnjs-delta-rule-{uuid.uuid4().hex[:8]}"

    def _repr_html_(self):
        return explorer_html("delta_rule.js", "mountDeltaRule", self.config, self.element_id)

    def __repr__(self):
        start = self.config["start"]
        return (f"Delta-rule explorer of the {'-'.join(map(str, SIZES))} network at example {start['example']}, "
                f"backward step {start['step']} (it runs in the browser: drag a weight's label)")


def delta_explorer(example=1, step=0):
    """Drag any weight of the chapter's network and see, live, every z, a and delta and every
    gradient for one example, revealed step by step from the output back (step 0..4 or its name)."""
    return DeltaExplorer(explorer_config(example, step))

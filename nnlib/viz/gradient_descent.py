"""The gradient-descent chapter: paths of gradient descent (eq. (update)) on cost surfaces.

Every path is nnlib.descent.descent_path on a cost function from nnlib:
- the cost of the pipeline chapter's sigmoid neuron over (w, b), fitted to its eight students
  (HOURS, PASSED from nnlib.viz.neuron), with backpropagation's gradient (network_objective);
- the quadratic bowl C = (a w^2 + c b^2) / 2 (nnlib.descent.quadratic_bowl);
- a made-up function with two minima and a saddle (nnlib.descent.two_minima).

The interactive: learning rate, start point and number of steps -> the path on the contour map
and the cost per step.
- descent_state(lr, w0, b0, steps, k): the pure, fast update function (numbers + what changes);
- descent_explorer(): the page's face, computed live in the browser by the JavaScript twin of
  nnlib (nnlib/viz/js/neuron_explorers.js): a continuous learning rate, the start dragged on the
  contour map (or one of STARTS), the path walked step by step up to N_STATIC steps;
- descent_app(): kernel face (live_app) with finer controls.
"""
import copy
import math
import uuid
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..descent import (descent_path, hessian, network_objective, quadratic_bowl, stationary_points_two_minima,
                       two_minima)
from .cost_surface import (B_FINE, B_RANGE, COLORSCALE, CONTOURS, SURFACE_B, SURFACE_W, W_FINE, W_RANGE, cost_grid, fmt,
                           lowest_point)
from .js_modules import explorer_html
from .neuron import HOURS, PASSED, X_GRID, one_neuron
from .palette import BLUE, GREEN, GREY, ORANGE, PURPLE, SKY, VERMILION, series_style
from .renderer import with_alt
from .widgets import live_app

# --------------------------------------------------------------------------------------------
# The neuron's cost surface and its interactive
# --------------------------------------------------------------------------------------------
LR_VALUES = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)  # the learning-rate sweep: about x3 apart
STARTS = {  # four named start points (w0, b0), buttons of the page's explorer
    "P": (1.0, -1.0),
    "reversed": (-1.0, 0.0),
    "far valley": (4.0, -7.0),
    "plateau": (0.0, -7.5),
}
N_STATIC = 40  # the page's explorer and the kernel app's default: steps 0..N_STATIC
DEFAULT = {"lr": 3.0, "start": "P"}
THRESHOLD = 0.12  # "good enough" cost for counting steps (the lowest cost is about 0.1065)
# Kernel face: a finer learning rate, roughly log-spaced (as text, so the slider moves evenly),
# any start on the 0.1 grid, and up to LIVE_MAX_STEPS steps.
MANTISSAS = (1, 1.2, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 7.5, 8, 9)
LR_FINE = tuple(f"{m * 10.0 ** e:g}" for e in (-1, 0, 1) for m in MANTISSAS) + ("100",)
LIVE_MAX_STEPS = 200
STEPS_FINE = tuple(str(n) for n in range(0, LIVE_MAX_STEPS + 1, 5))
COST_RANGE = (0.0, 0.55)

T_CONTOUR, T_LOWEST, T_PATH, T_START, T_NOW, T_COST, T_COST_NOW, T_THRESHOLD = range(8)
TOP_PX, PLOT_PX = 90, 430


@lru_cache(maxsize=1)
def neuron_objective():
    """theta = (w, b) -> (C, grad C) of the one-neuron model on the eight students (nnlib)."""
    return network_objective(one_neuron(0.0, 0.0), HOURS, PASSED)


@lru_cache(maxsize=512)
def _neuron_path(lr, w0, b0, steps):
    return descent_path(neuron_objective(), (w0, b0), lr, steps)


def neuron_path(lr, w0, b0, steps):
    """descent_path on the neuron's cost from (w0, b0): steps steps with learning rate lr."""
    return _neuron_path(float(lr), float(w0), float(b0), int(steps))


class DescentView(NamedTuple):
    """What the interactive shows for (lr, start, steps) at step k: the path up to k."""

    lr: float
    w0: float
    b0: float
    steps: int  # length of the whole path (the cost panel's x range)
    k: int  # the step shown (the current point is theta_k)
    w: np.ndarray  # w_0..w_k
    b: np.ndarray  # b_0..b_k
    costs: np.ndarray  # C(theta_0)..C(theta_k)
    grad_norm: float  # |grad C(theta_k)|
    steps_to_threshold: object  # first k with C <= THRESHOLD on the whole path, or None


def descent_view(lr, w0, b0, steps, k=None):
    """The numbers of the interactive, from nnlib.descent.descent_path on the neuron's cost."""
    lr, steps = float(lr), int(float(steps))
    k = steps if k is None else int(k)
    if not 0 <= k <= steps:
        raise ValueError(f"k must be between 0 and steps = {steps}; got {k}")
    path = neuron_path(lr, w0, b0, steps)
    k = min(k, path.steps_taken)
    return DescentView(lr, float(w0), float(b0), steps, k, path.points[: k + 1, 0], path.points[: k + 1, 1],
                       path.costs[: k + 1], float(path.grad_norms[k]), path.steps_to(THRESHOLD))


def descent_title(v):
    return (f"η = {v.lr:g}, start ({v.w0:g}, {v.b0:g}), step {v.k} of {v.steps}:  w = {fmt(v.w[-1])},  "
            f"b = {fmt(v.b[-1])},  C = {fmt(v.costs[-1])},  |∇C| = {fmt(v.grad_norm)}")


def _alt(v):
    reached = ("it never gets below" if v.steps_to_threshold is None
               else f"it first gets below it at step {v.steps_to_threshold} of")
    return (f"Left: contour map of the cost C(w, b) of one sigmoid neuron fitted to eight students, w from "
            f"{W_RANGE[0]:g} to {W_RANGE[1]:g}, b from {B_RANGE[0]:g} to {B_RANGE[1]:g}, a long curved valley "
            f"with its lowest point marked by a star. On it the path of gradient descent with learning rate "
            f"{v.lr:g} from ({v.w0:g}, {v.b0:g}), drawn up to step {v.k}, where it is at w = {fmt(v.w[-1])}, "
            f"b = {fmt(v.b[-1])} with cost {fmt(v.costs[-1])}. Right: the cost at each step from "
            f"{fmt(v.costs[0])} at step 0 to {fmt(v.costs[-1])} at step {v.k}, with a dotted line at the "
            f"threshold {THRESHOLD:g}; {reached} the {v.steps} steps.")


def descent_state(lr, w0, b0, steps, k=None):
    """What changes in descent_figure when the controls move (the update function both faces use)."""
    v = descent_view(lr, w0, b0, steps, k)
    ks = np.arange(v.k + 1)
    return {
        "data": {
            T_PATH: {"x": v.w, "y": v.b},
            T_START: {"x": [v.w0], "y": [v.b0]},
            T_NOW: {"x": [v.w[-1]], "y": [v.b[-1]]},
            T_COST: {"x": ks, "y": v.costs},
            T_COST_NOW: {"x": [v.k], "y": [v.costs[-1]]},
        },
        "layout": {"title.text": descent_title(v)},
    }


def descent_figure(lr=DEFAULT["lr"], w0=1.0, b0=-1.0, steps=N_STATIC, k=None):
    """Contour map with the path of gradient descent, and the cost per step, as one plotly figure."""
    v = descent_view(lr, w0, b0, steps, k)
    Z = np.round(cost_grid(), 4)
    lw, lb, lc = lowest_point()
    fig = make_subplots(rows=1, cols=2, column_widths=[0.55, 0.45], horizontal_spacing=0.1,
                        subplot_titles=("the path on the contour map", "cost C at each step"))
    hover = "w = %{x:.2f}<br>b = %{y:.2f}<br>C = %{z:.4f}<extra></extra>"
    fig.add_trace(go.Contour(x=SURFACE_W, y=SURFACE_B, z=Z, colorscale=COLORSCALE, showscale=False,
                             contours={"start": 0.12, "end": 0.5, "size": 0.04, "showlabels": True,
                                       "labelfont": {"size": 9, "color": GREY}},
                             line={"width": 0.6, "color": "white"}, hovertemplate=hover, name="cost contours",
                             showlegend=False), row=1, col=1)
    fig.add_trace(go.Scatter(x=[lw], y=[lb], mode="markers", name=f"lowest point, C = {lc:.4f}",
                             marker={"symbol": "star", "size": 13, "color": "white",
                                     "line": {"color": GREY, "width": 1.5}}), row=1, col=1)
    fig.add_trace(go.Scatter(x=v.w, y=v.b, mode="lines+markers", name="path of gradient descent",
                             line={"color": VERMILION, "width": 2}, marker={"size": 5, "color": VERMILION},
                             hovertemplate="w = %{x:.3f}<br>b = %{y:.3f}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[v.w0], y=[v.b0], mode="markers", name="start",
                             marker={"size": 11, "color": ORANGE, "symbol": "square",
                                     "line": {"color": "white", "width": 1}}), row=1, col=1)
    fig.add_trace(go.Scatter(x=[v.w[-1]], y=[v.b[-1]], mode="markers", name="step k",
                             marker={"size": 12, "color": BLUE, "line": {"color": "white", "width": 1.5}}),
                  row=1, col=1)
    fig.add_trace(go.Scatter(x=np.arange(v.k + 1), y=v.costs, mode="lines+markers", name="cost per step",
                             line={"color": VERMILION, "width": 2}, marker={"size": 4, "color": VERMILION},
                             showlegend=False, hovertemplate="step %{x}: C = %{y:.4f}<extra></extra>"),
                  row=1, col=2)
    fig.add_trace(go.Scatter(x=[v.k], y=[v.costs[-1]], mode="markers", name="step k", showlegend=False,
                             marker={"size": 11, "color": BLUE, "line": {"color": "white", "width": 1.5}}),
                  row=1, col=2)
    fig.add_trace(go.Scatter(x=[0, max(v.steps, 1)], y=[THRESHOLD, THRESHOLD], mode="lines",
                             name=f"threshold C = {THRESHOLD:g}", line={"color": GREEN, "dash": "dot", "width": 2},
                             hoverinfo="skip"), row=1, col=2)
    fig.update_xaxes(title_text="weight w", range=list(W_RANGE), row=1, col=1)
    fig.update_yaxes(title_text="bias b", range=list(B_RANGE), row=1, col=1)
    fig.update_xaxes(title_text="step k", range=[-0.5, max(v.steps, 1) + 0.5], row=1, col=2)
    fig.update_yaxes(title_text="cost C", range=list(COST_RANGE), row=1, col=2)
    fig.update_annotations(font_size=13)
    fig.update_layout(
        title={"text": descent_title(v), "font": {"size": 13}}, template="plotly_white",
        height=TOP_PX + PLOT_PX + 130, margin={"t": TOP_PX, "b": 130, "l": 60, "r": 20},
        legend={"orientation": "h", "y": -0.2, "yanchor": "top", "x": 0, "font": {"size": 12}},
    )
    return with_alt(fig, _alt(v))


@lru_cache(maxsize=1)
def _base_figure_dict():
    return descent_figure(DEFAULT["lr"], *STARTS[DEFAULT["start"]], N_STATIC).to_dict()


def descent_figure_dict(lr, w0, b0, steps):
    """descent_figure(lr, w0, b0, steps) as a plain dict, made fast from a base figure (kernel face)."""
    steps = int(float(steps))
    fig = copy.deepcopy(_base_figure_dict())
    state = descent_state(float(lr), w0, b0, steps)
    for trace, props in state["data"].items():
        fig["data"][trace].update({key: np.asarray(val).tolist() for key, val in props.items()})
    fig["data"][T_THRESHOLD]["x"] = [0, max(steps, 1)]
    fig["layout"]["title"]["text"] = state["layout"]["title.text"]
    fig["layout"]["xaxis2"]["range"] = [-0.5, max(steps, 1) + 0.5]
    fig["layout"]["meta"]["alt"] = _alt(descent_view(float(lr), w0, b0, steps))
    return fig


def descent_app(lr=DEFAULT["lr"], w0=1.0, b0=-1.0, steps=N_STATIC):
    """Kernel face: a log-spaced learning rate, any start on a 0.1 grid, 0..200 steps."""
    lr_index = int(np.argmin([abs(math.log(float(s) / lr)) for s in LR_FINE]))
    controls = {
        "lr": (LR_FINE, lr_index, "learning rate η"),
        "w0": (W_FINE, int(np.argmin(abs(W_FINE - w0))), "start w₀"),
        "b0": (B_FINE, int(np.argmin(abs(B_FINE - b0))), "start b₀"),
        "steps": (STEPS_FINE, STEPS_FINE.index(str(int(steps))), "steps"),
    }
    return live_app(controls, descent_figure_dict)


# --------------------------------------------------------------------------------------------
# The page's face: the explorer, computed live in the browser (nnlib/viz/js/neuron_explorers.js)
# --------------------------------------------------------------------------------------------
EXPLORER_LR_RANGE = (0.01, 100.0)  # what its learning-rate slider (log scale) and field accept
EXPLORER_DESCRIPTION = (
    "Left: the contour map of the cost C(w, b) of one sigmoid neuron on the eight students (darker is lower, "
    "the star the lowest point), with the path of gradient descent from the start (the round dot, which you "
    "can drag or move with the arrow keys) up to step k (the diamond). Right: the cost at each step up to k, "
    f"with a dotted line at C = {THRESHOLD:g}. Set the learning rate on a log scale or type it, pick a named "
    "start, and move through the steps with the step slider, Play, Pause and Step.")


def explorer_config(lr=DEFAULT["lr"], start=DEFAULT["start"], k=N_STATIC):
    """What the explorer computes from, JSON-ready: the data, the window, the learning rate, the
    start (one of STARTS, or any (w0, b0) in the window) and step k, the named starts, the number of
    steps, the threshold, the lowest point (nnlib.sgd), the contour levels and the colours. The
    numbers it shows it computes in the page; the browser tests check them against descent_view."""
    w0, b0 = STARTS[start] if isinstance(start, str) else start
    if not (W_RANGE[0] <= w0 <= W_RANGE[1] and B_RANGE[0] <= b0 <= B_RANGE[1]):
        raise ValueError(f"the start (w0, b0) = ({w0}, {b0}) must lie in the map's window "
                         f"w in {list(W_RANGE)}, b in {list(B_RANGE)}")
    if not EXPLORER_LR_RANGE[0] <= lr <= EXPLORER_LR_RANGE[1]:
        raise ValueError(f"lr = {lr} is outside the explorer's range {list(EXPLORER_LR_RANGE)}")
    if not (isinstance(k, int) and 0 <= k <= N_STATIC):
        raise ValueError(f"k must be a whole number from 0 to {N_STATIC}; got {k!r}")
    lw, lb, lc = lowest_point()
    return {
        "X": HOURS.tolist(), "Y": PASSED.tolist(), "x_grid": X_GRID[0].tolist(),
        "w_range": list(W_RANGE), "b_range": list(B_RANGE), "lr_range": list(EXPLORER_LR_RANGE),
        "start": {"w": float(w0), "b": float(b0), "lr": float(lr), "k": k}, "steps": N_STATIC,
        "starts": {name: list(point) for name, point in STARTS.items()}, "threshold": THRESHOLD,
        "lowest": {"w": lw, "b": lb, "cost": lc}, "contours": CONTOURS, "cost_top": COST_RANGE[1],
        "description": EXPLORER_DESCRIPTION,
        "colours": {"scale": COLORSCALE, "point": VERMILION, "data": ORANGE, "curve": BLUE, "grey": GREY},
    }


class DescentExplorer:
    """The explorer as a notebook output: HTML with its modules inlined (js_modules.explorer_html),
    so the same output runs in the built book and in JupyterLab, with or without a kernel."""

    def __init__(self, config):
        self.config = config
        self.element_id = f"nnjs-descent-{uuid.uuid4().hex[:8]}"

    def _repr_html_(self):
        return explorer_html("neuron_explorers.js", "mountDescentExplorer", self.config, self.element_id)

    def __repr__(self):
        s = self.config["start"]
        return (f"Gradient-descent explorer: η = {s['lr']:g} from ({s['w']:g}, {s['b']:g}), step {s['k']} "
                f"(it runs in the browser: drag the start, set η, play the steps)")


def descent_explorer(lr=DEFAULT["lr"], start=DEFAULT["start"], k=N_STATIC):
    """The path of gradient descent on the neuron's cost, live in the page: a continuous learning
    rate, a start dragged on the contour map or chosen by name, and the steps one by one."""
    return DescentExplorer(explorer_config(lr, start, k))


# --------------------------------------------------------------------------------------------
# Learning rates on the neuron: a sweep, and where descent stops settling
# --------------------------------------------------------------------------------------------
class SweepRow(NamedTuple):
    lr: float
    steps_to_threshold: object  # int or None
    final_cost: float
    final_distance: float  # |theta_N - lowest point|


def learning_rate_sweep(start=(1.0, -1.0), lrs=LR_VALUES, steps=300, threshold=THRESHOLD):
    """For each learning rate: steps to reach C <= threshold from start, and where it ends."""
    low = np.array(lowest_point()[:2])
    rows = []
    for lr in lrs:
        p = neuron_path(lr, *start, steps)
        rows.append(SweepRow(float(lr), p.steps_to(threshold), float(p.costs[-1]),
                             float(np.linalg.norm(p.final - low))))
    return rows


def neuron_curvatures():
    """Eigenvalues (ascending) of the Hessian of the neuron's cost at its lowest point (nnlib gradients)."""
    return np.linalg.eigvalsh(hessian(neuron_objective(), lowest_point()[:2]))


def settles(lr, start=(1.0, -1.0), steps=2000, tol=1e-3):
    """Does gradient descent with this lr end within tol of the neuron's lowest point?"""
    p = neuron_path(lr, *start, steps)
    return bool(np.linalg.norm(p.final - np.array(lowest_point()[:2])) < tol)


def measured_critical_lr(low=6.0, high=8.0, iterations=6, start=(1.0, -1.0)):
    """The learning rate where descent on the neuron stops settling, found by bisection on settles()."""
    if not settles(low, start) or settles(high, start):
        raise ValueError("settles(low) must be True and settles(high) False")
    for _ in range(iterations):
        mid = (low + high) / 2
        low, high = (mid, high) if settles(mid, start) else (low, mid)
    return (low + high) / 2


def learning_rate_figure(start=(1.0, -1.0), lrs=LR_VALUES, steps=100):
    """Cost per step from start for each learning rate, on one plot."""
    colours = [SKY, BLUE, GREEN, ORANGE, VERMILION, PURPLE, GREY]
    fig = go.Figure()
    for k, (lr, colour) in enumerate(zip(lrs, colours)):
        p = neuron_path(lr, *start, steps)
        fig.add_trace(go.Scatter(x=np.arange(p.steps_taken + 1), y=np.round(p.costs, 5), mode="lines",
                                 name=f"η = {lr:g}",
                                 line={"color": colour, "width": 2, "dash": series_style(k)["dash"]}))
    fig.add_trace(go.Scatter(x=[0, steps], y=[THRESHOLD, THRESHOLD], mode="lines+text", name=f"C = {THRESHOLD:g}",
                             line={"color": GREY, "width": 1}, text=["", f"C = {THRESHOLD:g}"],
                             textposition="top left", hoverinfo="skip"))
    fig.update_layout(title={"text": f"cost per step from ({start[0]:g}, {start[1]:g}) for {len(lrs)} learning rates",
                             "font": {"size": 14}},
                      xaxis_title="step k", yaxis_title="cost C", yaxis_range=list(COST_RANGE),
                      template="plotly_white", height=430, margin={"t": 60})
    rows = learning_rate_sweep(start, lrs, steps)
    parts = [f"η = {r.lr:g}: " + (f"below {THRESHOLD:g} after {r.steps_to_threshold} steps"
                                  if r.steps_to_threshold is not None else f"never below {THRESHOLD:g}")
             + f", cost {r.final_cost:.4f} at step {steps}" for r in rows]
    return with_alt(fig, f"Cost of the one-neuron model at each of {steps} gradient-descent steps from "
                         f"({start[0]:g}, {start[1]:g}), one line per learning rate. " + "; ".join(parts) + ".")


# --------------------------------------------------------------------------------------------
# The quadratic bowl
# --------------------------------------------------------------------------------------------
BOWL = (4.0, 1.0)  # C = (4 w^2 + b^2) / 2: critical learning rate 2 / 4 = 0.5
BOWL_START = (1.0, 1.5)
BOWL_LRS = (0.1, 0.3, 0.45, 0.55)


def bowl_paths(lrs=BOWL_LRS, a=BOWL[0], c=BOWL[1], start=BOWL_START, steps=20):
    """descent_path on quadratic_bowl(a, c) from start for each learning rate."""
    f = quadratic_bowl(a, c)
    return [descent_path(f, start, lr, steps) for lr in lrs]


def bowl_measured_critical(a=BOWL[0], c=BOWL[1], start=BOWL_START, steps=200, iterations=30):
    """The learning rate where descent on the bowl stops shrinking |w|, found by bisection on
    [0, 4 / a]: below it |w_steps| < |w_0|, above it |w_steps| > |w_0| (measured, not the formula)."""
    f = quadratic_bowl(a, c)
    low, high = 0.0, 4.0 / a
    for _ in range(iterations):
        mid = (low + high) / 2
        shrinks = abs(descent_path(f, start, mid, steps).final[0]) < abs(start[0])
        low, high = (mid, high) if shrinks else (low, mid)
    return (low + high) / 2


def bowl_figure(lrs=BOWL_LRS, a=BOWL[0], c=BOWL[1], start=BOWL_START, steps=20):
    """Left: paths on the bowl's contour map; right: |w_k| per step on a log scale with (1 - lr a)^k."""
    paths = bowl_paths(lrs, a, c, start, steps)
    colours = [SKY, GREEN, ORANGE, VERMILION]
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12,
                        subplot_titles=(f"paths on C = ({a:g}w² + {c:g}b²)/2", "|w| at each step (log scale)"))
    ws = np.linspace(-2, 2, 81)
    bs = np.linspace(-2, 2, 81)
    Z = 0.5 * (a * ws[None, :] ** 2 + c * bs[:, None] ** 2)
    fig.add_trace(go.Contour(x=ws, y=bs, z=np.round(Z, 4), colorscale=COLORSCALE, showscale=False,
                             contours={"start": 0.25, "end": 8, "size": 0.75}, line={"width": 0.6, "color": "white"},
                             hoverinfo="skip", showlegend=False, name="bowl"), row=1, col=1)
    for j, (p, colour) in enumerate(zip(paths, colours)):
        k = np.arange(p.steps_taken + 1)
        factor = 1 - p.lr * a
        name = f"η = {p.lr:g} (1 − ηa = {factor:+.2f})"
        style = series_style(j)
        fig.add_trace(go.Scatter(x=p.points[:, 0], y=p.points[:, 1], mode="lines+markers", name=name,
                                 legendgroup=name, line={"color": colour, "width": 2, "dash": style["dash"]},
                                 marker={"size": 6, "symbol": style["symbol"]}), row=1, col=1)
        fig.add_trace(go.Scatter(x=k, y=np.abs(p.points[:, 0]), mode="markers", name=name, legendgroup=name,
                                 showlegend=False, marker={"color": colour, "size": 6, "symbol": style["symbol"]}),
                      row=1, col=2)
        fig.add_trace(go.Scatter(x=k, y=abs(start[0]) * np.abs(factor) ** k, mode="lines", legendgroup=name,
                                 showlegend=False, name="|1 − ηa|^k |w₀|", line={"color": colour, "dash": "dot"}),
                      row=1, col=2)
    fig.update_xaxes(title_text="w", range=[-2, 2], row=1, col=1)
    fig.update_yaxes(title_text="b", range=[-2, 2], scaleanchor="x", row=1, col=1)
    fig.update_xaxes(title_text="step k", row=1, col=2)
    fig.update_yaxes(title_text="|w_k|", type="log", exponentformat="power", row=1, col=2)
    fig.update_layout(template="plotly_white", height=520, margin={"t": 60, "b": 120},
                      legend={"orientation": "h", "y": -0.18, "yanchor": "top", "x": 0})
    end = "; ".join(f"η = {p.lr:g}: |w| after {steps} steps = {abs(p.final[0]):.3g}" for p in paths)
    return with_alt(fig, (f"Gradient descent on the bowl C = ({a:g} w^2 + {c:g} b^2)/2 from ({start[0]:g}, "
                          f"{start[1]:g}) with learning rates {', '.join(f'{lr:g}' for lr in lrs)}. Left: the paths "
                          f"on the contour map; the smaller rates slide down smoothly, the larger ones zigzag across "
                          f"the steep w direction, and the largest moves further out with every zigzag. Right: |w| "
                          f"at each step on a log scale, dots measured, dotted lines |1 - eta a|^k |w_0|. {end}."))


# --------------------------------------------------------------------------------------------
# Two minima and a saddle
# --------------------------------------------------------------------------------------------
TILT = 0.3
SADDLE_LR = 0.05
SADDLE_STEPS = 120
SADDLE_OFFSET = 1e-4  # start E is this far (in w) beside the saddle's ridge


def saddle_starts(tilt=TILT):
    """Named starts: two far out, one on each side of the saddle's ridge, one just beside it."""
    w_saddle = float(stationary_points_two_minima(tilt)[1][0])
    return {
        "A (-1.8, 1.5)": (-1.8, 1.5),
        "B (1.8, 1.5)": (1.8, 1.5),
        "C (0, 1.8)": (0.0, 1.8),
        "D (0.3, -1.8)": (0.3, -1.8),
        f"E ({w_saddle + SADDLE_OFFSET:.4f}, 1.8)": (round(w_saddle + SADDLE_OFFSET, 6), 1.8),
    }


def saddle_paths(tilt=TILT, lr=SADDLE_LR, steps=SADDLE_STEPS):
    """{name: descent_path} on two_minima(tilt) from each of saddle_starts(tilt)."""
    f = two_minima(tilt)
    return {name: descent_path(f, s, lr, steps) for name, s in saddle_starts(tilt).items()}


def saddle_figure(tilt=TILT, lr=SADDLE_LR, steps=SADDLE_STEPS):
    """Left: contour map of two_minima with the paths; right: |grad C| per step (log scale)."""
    f = two_minima(tilt)
    paths = saddle_paths(tilt, lr, steps)
    left, saddle, right = stationary_points_two_minima(tilt)
    ws, bs = np.linspace(-2, 2, 81), np.linspace(-2, 2, 81)
    Z = np.array([[f(np.array([w, b]))[0] for w in ws] for b in bs])
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12,
                        subplot_titles=(f"C = (w² − 1)² + {tilt:g}w + 2b²", "|∇C| at each step (log scale)"))
    fig.add_trace(go.Contour(x=ws, y=bs, z=np.round(Z, 4), colorscale=COLORSCALE, showscale=False,
                             contours={"start": -0.3, "end": 6, "size": 0.3}, line={"width": 0.6, "color": "white"},
                             hoverinfo="skip", showlegend=False, name="two minima"), row=1, col=1)
    marks = [(left, "lower minimum", "star"), (right, "higher minimum", "star-open"), (saddle, "saddle point", "x")]
    for point, name, symbol in marks:
        c = f(point)[0]
        fig.add_trace(go.Scatter(x=[point[0]], y=[point[1]], mode="markers", name=f"{name}, C = {c:.3f}",
                                 marker={"symbol": symbol, "size": 13, "color": GREY,
                                         "line": {"color": GREY, "width": 2}}), row=1, col=1)
    colours = [SKY, BLUE, GREEN, ORANGE, VERMILION]
    for k, ((name, p), colour) in enumerate(zip(paths.items(), colours)):
        style = series_style(k)
        fig.add_trace(go.Scatter(x=p.points[:, 0], y=p.points[:, 1], mode="lines+markers", name=f"start {name}",
                                 legendgroup=name, line={"color": colour, "width": 2, "dash": style["dash"]},
                                 marker={"size": 5, "symbol": style["symbol"]}), row=1, col=1)
        fig.add_trace(go.Scatter(x=np.arange(p.steps_taken + 1), y=p.grad_norms, mode="lines", name=name,
                                 legendgroup=name, showlegend=False,
                                 line={"color": colour, "width": 2, "dash": style["dash"]}), row=1, col=2)
    fig.update_xaxes(title_text="w", range=[-2, 2], row=1, col=1)
    fig.update_yaxes(title_text="b", range=[-2, 2], scaleanchor="x", row=1, col=1)
    fig.update_xaxes(title_text="step k", row=1, col=2)
    fig.update_yaxes(title_text="|∇C|", type="log", exponentformat="power", row=1, col=2)
    fig.update_layout(template="plotly_white", height=560, margin={"t": 60, "b": 150},
                      legend={"orientation": "h", "y": -0.18, "yanchor": "top", "x": 0})
    ends = "; ".join(f"{name} ends at w = {p.final[0]:.3f}" for name, p in paths.items())
    return with_alt(fig, (f"Gradient descent with learning rate {lr:g} for {steps} steps on the made-up function "
                          f"C = (w^2 - 1)^2 + {tilt:g} w + 2 b^2, which has a lower minimum at w = {left[0]:.3f}, a "
                          f"higher one at w = {right[0]:.3f} and a saddle point at w = {saddle[0]:.3f}, all at b = 0. "
                          f"Left: contour map with the paths from five starts. Right: the length of the gradient at "
                          f"each step, log scale; the path from E, which starts just beside the saddle, lingers "
                          f"where the gradient is tiny before it speeds up again. {ends}."))

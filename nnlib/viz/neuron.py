"""One sigmoid neuron a = sigma(w x + b) fitted to a handful of points: the pipeline chapter's interactive."""
from typing import NamedTuple

import numpy as np
import plotly.graph_objects as go

from ..network import Network
from .palette import BLUE, ORANGE, GREY
from .renderer import with_alt
from .widgets import live_app

# Hours of study x and whether the exam was passed y (1) or not (0): a tiny 1-D dataset.
HOURS = np.array([[0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0]])
PASSED = np.array([[0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0]])
W_VALUES = np.round(np.arange(-2.0, 6.01, 0.5), 2)
B_VALUES = np.round(np.arange(-10.0, 2.01, 0.5), 2)
X_GRID = np.linspace(0.0, 4.5, 91).reshape(1, -1)


class NeuronFit(NamedTuple):
    """What the neuron with parameters (w, b) does on the data."""

    w: float
    b: float
    curve: np.ndarray  # a = sigma(w x + b) along X_GRID, shape (91,)
    outputs: np.ndarray  # a for each data point, shape (m,)
    cost: float  # C = (1/m) sum (a - y)^2
    dC_dw: float
    dC_db: float


def one_neuron(w, b):
    """A 1-1 nnlib Network (quadratic cost) with weight w and bias b."""
    net = Network([1, 1], output="sigmoid", cost="quadratic")
    net.W[1][0, 0] = w
    net.b[1][0, 0] = b
    return net


def neuron_fit(w, b, X=HOURS, Y=PASSED):
    """Forward pass, cost and gradient of the one-neuron model, all from nnlib."""
    net = one_neuron(w, b)
    dW, db = net.gradients(X, Y)
    return NeuronFit(
        float(w), float(b), net.forward(X_GRID)[0], net.forward(X)[0],
        net.cost(X, Y), float(dW[1][0, 0]), float(db[1][0, 0]),
    )


def _title(fit):
    return (
        f"w = {fit.w:g}, b = {fit.b:g}:  cost C = {fit.cost:.4f},  "
        f"∂C/∂w = {fit.dC_dw:.4f},  ∂C/∂b = {fit.dC_db:.4f}"
    )


def neuron_figure(w=2.0, b=-4.0, X=HOURS, Y=PASSED):
    """The data, the neuron's curve and its cost at (w, b), as a plotly figure."""
    fit = neuron_fit(w, b, X, Y)
    fig = go.Figure(
        [
            go.Scatter(x=X[0], y=Y[0], mode="markers", name="data (x, y)",
                       marker={"size": 11, "color": ORANGE, "symbol": "circle"}),
            go.Scatter(x=X_GRID[0], y=fit.curve, mode="lines", name="neuron a = σ(wx + b)",
                       line={"color": BLUE, "width": 3}),
            go.Scatter(x=X[0], y=fit.outputs, mode="markers", name="outputs a",
                       marker={"size": 8, "color": GREY, "symbol": "x"}),
        ]
    )
    fig.update_layout(
        title={"text": _title(fit), "font": {"size": 14}},
        xaxis_title="hours of study x", yaxis_title="output a, target y",
        yaxis_range=[-0.05, 1.05], height=520, template="plotly_white",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"},
    )
    return with_alt(fig, _alt(fit))


def _alt(fit):
    return (f"Eight students' hours of study (0.5 to 4) against pass (1) or fail (0), with the curve "
            f"a = sigma(w x + b) of one neuron for w = {fit.w:g}, b = {fit.b:g}; cost {fit.cost:.4f}.")


def neuron_state(w, b, X=HOURS, Y=PASSED):
    """The part of neuron_figure that changes with (w, b): the curve, the outputs, the title, the
    text alternative."""
    fit = neuron_fit(w, b, X, Y)
    return {"data": {1: {"y": fit.curve}, 2: {"y": fit.outputs}}, "layout": {"title.text": _title(fit)},
            "alt": _alt(fit)}


def _controls(w, b):
    return {
        "w": (W_VALUES, int(np.argmin(abs(W_VALUES - w))), "weight w"),
        "b": (B_VALUES, int(np.argmin(abs(B_VALUES - b))), "bias b"),
    }


def neuron_app(w=2.0, b=-4.0):
    """Kernel face: the same figure redrawn live by ipywidgets sliders (the page's face is
    nnlib.viz.neuron_explorer)."""
    return live_app(_controls(w, b), neuron_figure, neuron_state)


def learning_figure(costs, start, end, X=HOURS, Y=PASSED):
    """The pipeline's "let it learn": the cost after each step (left) and the neuron's curve
    before and after learning on the data (right). costs: one cost per step (nnlib.sgd's
    history.cost); start, end: the NeuronFit before and after."""
    from plotly.subplots import make_subplots

    costs = np.asarray(costs, dtype=float)
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.14,
                        subplot_titles=("the cost after each step", "the neuron before and after"))
    fig.add_trace(go.Scatter(x=np.arange(len(costs)), y=costs, mode="lines", name="cost C",
                             line={"color": BLUE, "width": 3}), row=1, col=1)
    fig.add_trace(go.Scatter(x=X[0], y=Y[0], mode="markers", name="data (x, y)",
                             marker={"size": 11, "color": ORANGE}), row=1, col=2)
    fig.add_trace(go.Scatter(x=X_GRID[0], y=start.curve, mode="lines",
                             name=f"start: w = {start.w:g}, b = {start.b:g}",
                             line={"color": GREY, "width": 2, "dash": "dash"}), row=1, col=2)
    fig.add_trace(go.Scatter(x=X_GRID[0], y=end.curve, mode="lines",
                             name=f"learned: w = {end.w:.2f}, b = {end.b:.2f}",
                             line={"color": BLUE, "width": 3}), row=1, col=2)
    fig.update_xaxes(title_text="step", row=1, col=1)
    fig.update_yaxes(title_text="cost C", range=[0, max(0.55, float(costs.max()) * 1.05)], row=1, col=1)
    fig.update_xaxes(title_text="hours of study x", row=1, col=2)
    fig.update_yaxes(title_text="a, y", range=[-0.05, 1.05], row=1, col=2)
    fig.update_annotations(font_size=13)
    fig.update_layout(
        title={"text": f"cost {costs[0]:.4f} → {costs[-1]:.4f} in {len(costs) - 1} steps",
               "font": {"size": 14}},
        height=420, template="plotly_white", margin={"t": 80, "b": 110, "l": 60, "r": 20},
        legend={"orientation": "h", "y": -0.25, "yanchor": "top", "x": 0, "font": {"size": 12}},
    )
    return with_alt(fig, (
        f"Left: the cost of one neuron on eight students after each of {len(costs) - 1} gradient-descent "
        f"steps, falling from {costs[0]:.4f} to {costs[-1]:.4f}. Right: the students' hours and results "
        f"with the neuron's curve at the start (w = {start.w:g}, b = {start.b:g}, pointing the wrong way) "
        f"and after learning (w = {end.w:.2f}, b = {end.b:.2f})."
    ))

"""One sigmoid neuron a = sigma(w x + b) fitted to a handful of points: the pipeline chapter's interactive."""
from typing import NamedTuple

import numpy as np
import plotly.graph_objects as go

from ..network import Network
from .palette import BLUE, ORANGE, GREY
from .renderer import with_alt
from .static import linked_sliders_figure
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
    net.weights[0][0, 0] = w
    net.biases[0][0, 0] = b
    return net


def neuron_fit(w, b, X=HOURS, Y=PASSED):
    """Forward pass, cost and gradient of the one-neuron model, all from nnlib."""
    net = one_neuron(w, b)
    dW, db = net.gradients(X, Y)
    return NeuronFit(
        float(w), float(b), net.forward(X_GRID)[0], net.forward(X)[0],
        net.cost(X, Y), float(dW[0][0, 0]), float(db[0][0, 0]),
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
    return with_alt(fig, (
        f"Eight students' hours of study (0.5 to 4) against pass (1) or fail (0), with the curve "
        f"a = sigma(w x + b) of one neuron for w = {fit.w:g}, b = {fit.b:g}; cost {fit.cost:.4f}."
    ))


def neuron_state(w, b, X=HOURS, Y=PASSED):
    """The part of neuron_figure that changes with (w, b): the curve, the outputs, the title."""
    fit = neuron_fit(w, b, X, Y)
    return {"data": {1: {"y": fit.curve}, 2: {"y": fit.outputs}}, "layout": {"title.text": _title(fit)}}


def _controls(w, b):
    return {
        "w": (W_VALUES, int(np.argmin(abs(W_VALUES - w))), "weight w"),
        "b": (B_VALUES, int(np.argmin(abs(B_VALUES - b))), "bias b"),
    }


def neuron_static_figure(w=2.0, b=-4.0):
    """Static face: sliders for w and b that work in the HTML book with no kernel."""
    controls = _controls(w, b)
    w0 = W_VALUES[controls["w"][1]]
    b0 = B_VALUES[controls["b"][1]]
    return linked_sliders_figure(neuron_figure(w0, b0), controls, neuron_state)


def neuron_app(w=2.0, b=-4.0):
    """Kernel face: the same figure redrawn live by ipywidgets sliders."""
    return live_app(_controls(w, b), neuron_figure, neuron_state)

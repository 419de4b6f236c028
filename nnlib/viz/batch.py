"""From one example to a batch: the batch chapter's experiments, figures and interactive.

Every number comes from nnlib: Network (forward, cost, gradients), nnlib.sgd (training),
nnlib.loop_backprop.loop_gradients (S3's accumulator loop) and nnlib.datasets.circles (S4's data).

- regularisation_state(lam, m): the pure, fast update function of the interactive. A 2-8-1 network
  (tanh hidden layer, sigmoid output, cross-entropy) trained by full-batch gradient descent on the
  first m points of a circles training set, with the cost (cost-l2) of strength lam. Trainings are
  run once per (lam, m) of the grid and cached, so moving a control only looks one up.
- regularisation_figure / regularisation_figure_state: the decision region on the plane, the squared
  norms of the weights and biases, and the train and test costs (the kernel face restyles it).
- regularisation_static_figure / regularisation_app: the two faces.
- time_per_call: the best time of a gradient function, for the loop-versus-matrix race.
- neuron_penalty_fits / bias_penalty_figure: one neuron on the pipeline chapter's eight students,
  fitted with no penalty, a weight penalty, and a penalty on the weight and the bias.
"""
import timeit
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..datasets import circles
from ..network import Network
from ..train import sgd
from .neuron import HOURS, PASSED, X_GRID, one_neuron
from .palette import BLUE, GREEN, GREY, ORANGE, VERMILION
from .renderer import with_alt
from .static import SLIDER_GAP_PX, linked_sliders_figure
from .widgets import live_app

# --------------------------------------------------------------------------------------
# The regularisation experiment: a 2-8-1 network on two noisy concentric circles
# --------------------------------------------------------------------------------------
SIZES = (2, 8, 1)
HIDDEN, OUTPUT, COST = "tanh", "sigmoid", "cross_entropy"
EPOCHS, LR, SEED = 800, 1.0, 0  # lr 1: full-batch descent settles; at lr 2 it wanders, and rounding decides where it stops
NOISE, N_POINTS = 0.2, 300  # 300 training points (seed 1) and 300 test points (seed 2)
LAMBDAS = (0.0, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)  # the grid of the interactive's lambda control
TRAIN_SIZES = (30, 100, 300)  # the grid of its m control: the first m training points
START = (0.0, 30)  # the interactive starts with no regularisation and 30 training points
EXTENT = 1.6  # the plane shown is [-EXTENT, EXTENT]^2
PLANE = np.round(np.linspace(-EXTENT, EXTENT, 41), 2)  # the decision region is drawn on 41 x 41 points


@lru_cache(maxsize=1)
def _data():
    X_train, Y_train = circles(n=N_POINTS, noise=NOISE, seed=1)
    X_test, Y_test = circles(n=N_POINTS, noise=NOISE, seed=2)
    return X_train, Y_train, X_test, Y_test


def circles_data():
    """(X_train, Y_train, X_test, Y_test): two noisy concentric circles, 300 points each, as columns."""
    return tuple(a.copy() for a in _data())


def regularised_network(lam, seed=SEED):
    """The untrained 2-8-1 network (tanh, sigmoid output, cross-entropy) with L2 strength lam."""
    return Network(list(SIZES), hidden=HIDDEN, output=OUTPUT, cost=COST, seed=seed, l2=lam)


def _check_grid(lam, m):
    lam, m = float(lam), int(m)
    if m not in TRAIN_SIZES:
        raise ValueError(f"m must be one of {TRAIN_SIZES}; got {m!r}")
    if not any(np.isclose(lam, v) for v in LAMBDAS):
        raise ValueError(f"lam must be one of {LAMBDAS}; got {lam!r}")
    return float(LAMBDAS[int(np.argmin([abs(lam - v) for v in LAMBDAS]))]), m


@lru_cache(maxsize=None)
def _trained_theta(lam, m):
    X, Y, _, _ = _data()
    net = regularised_network(lam)
    sgd(net, X[:, :m], Y[:, :m], epochs=EPOCHS, batch_size=None, lr=LR)
    return net.get_params()


def trained_network(lam, m):
    """The network trained by full-batch gradient descent (EPOCHS steps of size LR) on the first
    m training points with the regularised cost (cost-l2) of strength lam. Cached per (lam, m)."""
    lam, m = _check_grid(lam, m)
    net = regularised_network(lam)
    net.set_params(_trained_theta(lam, m))
    return net


class RegularisationResult(NamedTuple):
    """What the interactive shows for one (lam, m): all from the trained nnlib Network."""

    lam: float
    m: int
    weight_norms: tuple  # ||W^[l]||^2 (sum of squared entries) for l = 1..L
    bias_norms: tuple  # ||b^[l]||^2 for l = 1..L (not regularised)
    penalty: float  # (lam / 2m) sum_l ||W^[l]||^2, the L2 term of the training cost
    train_cost: float  # cross-entropy averaged over the m training points (without the penalty)
    test_cost: float  # cross-entropy averaged over the 300 test points
    train_accuracy: float  # fraction of training points on the right side of a = 0.5
    test_accuracy: float
    region: np.ndarray  # a^[L] on PLANE x PLANE, shape (41, 41), row i is y = PLANE[i]

    @property
    def weight_norm(self):
        """sum_l ||W^[l]||^2, the quantity the penalty multiplies."""
        return float(sum(self.weight_norms))


@lru_cache(maxsize=None)
def _result(lam, m):
    net = trained_network(lam, m)
    X, Y, X_test, Y_test = _data()
    data_cost = net.copy()
    data_cost.l2 = 0.0  # the cross-entropy alone
    gx, gy = np.meshgrid(PLANE, PLANE)
    region = net.forward(np.vstack([gx.ravel(), gy.ravel()]))[0].reshape(gx.shape)
    w2 = tuple(float(np.sum(W * W)) for W in net.weights)
    return RegularisationResult(
        lam, m, w2, tuple(float(np.sum(b * b)) for b in net.biases),
        lam / (2 * m) * sum(w2),
        data_cost.cost(X[:, :m], Y[:, :m]), data_cost.cost(X_test, Y_test),
        float(np.mean(net.predict(X[:, :m]) == Y[0, :m])), float(np.mean(net.predict(X_test) == Y_test[0])),
        region,
    )


def regularisation_state(lam, m):
    """The update function: the numbers of the network trained with L2 strength lam on m points."""
    return _result(*_check_grid(lam, m))


def all_trainings():
    """Train (or look up) the network at every (lam, m) of the grid; returns {(lam, m): result}."""
    return {(lam, m): regularisation_state(lam, m) for m in TRAIN_SIZES for lam in LAMBDAS}


# --------------------------------------------------------------------------------------
# Its figure
# --------------------------------------------------------------------------------------
NORM_LABELS = ("‖W[1]‖²", "‖W[2]‖²", "‖b[1]‖²", "‖b[2]‖²")
COST_LABELS = ("train cost", "test cost", "L2 penalty")
# Output 0 (outer circle) pale blue, 0.5 white, 1 (inner circle) pale orange: tints of the palette.
REGION_SCALE = [[0.0, "#B3D4EA"], [0.5, "#FFFFFF"], [1.0, "#F7DDA6"]]
T_REGION, T_OUTER, T_INNER, T_NORMS, T_COSTS = range(5)
TOP_PX, PLOT_AREA_PX = 90, 430


def fmt(x):
    """How the figure prints a number: 3 decimals (one for large norms)."""
    x = float(x)
    return f"{x:.1f}" if abs(x) >= 100 else f"{x:.3f}"


def regularisation_title(r):
    return (f"λ = {r.lam:g}, m = {r.m}:  Σ‖W‖² = {fmt(r.weight_norm)},  train cost {fmt(r.train_cost)},  "
            f"test cost {fmt(r.test_cost)},  test accuracy {100 * r.test_accuracy:.1f} %")


def _points(m):
    X, Y, _, _ = _data()
    outer, inner = Y[0, :m] == 0, Y[0, :m] == 1
    return X[:, :m][:, outer], X[:, :m][:, inner]


@lru_cache(maxsize=1)
def _axis_limits():
    results = all_trainings().values()
    norms = max(max(r.weight_norms + r.bias_norms) for r in results)
    costs = max(max(r.train_cost, r.test_cost, r.penalty) for r in results)
    return 1.08 * norms, 1.08 * costs


def _alt(r):
    return (
        f"Left: the plane from {-EXTENT:g} to {EXTENT:g} in both directions, shaded by the output of a 2-8-1 "
        f"network trained with lambda = {r.lam:g} on m = {r.m} points of two noisy concentric circles "
        f"(outer circle blue dots, inner circle orange diamonds); a dark line marks where the output is "
        f"0.5, the decision boundary. Right, top: bars of the squared norms of the weights, "
        f"{fmt(r.weight_norms[0])} and {fmt(r.weight_norms[1])}, and of the biases, {fmt(r.bias_norms[0])} "
        f"and {fmt(r.bias_norms[1])}. Right, bottom: train cost {fmt(r.train_cost)}, test cost "
        f"{fmt(r.test_cost)} and L2 penalty {fmt(r.penalty)}; test accuracy {100 * r.test_accuracy:.1f} percent."
    )


def regularisation_figure(lam=START[0], m=START[1]):
    """Decision region with the training points, norm bars and cost bars for one (lam, m)."""
    r = regularisation_state(lam, m)
    outer, inner = _points(r.m)
    norm_max, cost_max = _axis_limits()
    fig = make_subplots(
        rows=2, cols=2, column_widths=[0.55, 0.45], horizontal_spacing=0.1, vertical_spacing=0.2,
        specs=[[{"rowspan": 2}, {}], [None, {}]],
        subplot_titles=("output a[2] on the plane; line: a[2] = 0.5",
                        "squared norms of the parameters", "costs (cross-entropy, averaged)"),
    )
    fig.add_trace(go.Contour(
        x=PLANE, y=PLANE, z=np.round(r.region, 3), zmin=0.0, zmax=1.0, colorscale=REGION_SCALE,
        showscale=False, name="output a[2]",
        contours={"start": 0.5, "end": 0.5, "size": 1.0, "coloring": "heatmap"},
        line={"color": GREY, "width": 2.5},
        hovertemplate="x₁ = %{x:.2f}<br>x₂ = %{y:.2f}<br>a = %{z:.3f}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=outer[0], y=outer[1], mode="markers", name="outer circle (y = 0)",
                             marker={"color": BLUE, "size": 7, "line": {"color": "white", "width": 0.5}}),
                  row=1, col=1)
    fig.add_trace(go.Scatter(x=inner[0], y=inner[1], mode="markers", name="inner circle (y = 1)",
                             marker={"color": ORANGE, "size": 8, "symbol": "diamond",
                                     "line": {"color": GREY, "width": 0.5}}), row=1, col=1)
    fig.add_trace(go.Bar(x=list(NORM_LABELS), y=list(r.weight_norms + r.bias_norms), showlegend=False,
                         marker={"color": [BLUE, BLUE, GREEN, GREEN]}, name="squared norm",
                         texttemplate="%{y:.1f}", textposition="outside", cliponaxis=False,
                         hovertemplate="%{x} = %{y:.3f}<extra></extra>"), row=1, col=2)
    fig.add_trace(go.Bar(x=list(COST_LABELS), y=[r.train_cost, r.test_cost, r.penalty], showlegend=False,
                         marker={"color": [BLUE, VERMILION, GREY]}, name="cost",
                         texttemplate="%{y:.3f}", textposition="outside", cliponaxis=False,
                         hovertemplate="%{x} = %{y:.3f}<extra></extra>"), row=2, col=2)
    fig.update_xaxes(title_text="x₁", range=[-EXTENT, EXTENT], row=1, col=1)
    fig.update_yaxes(title_text="x₂", range=[-EXTENT, EXTENT], scaleanchor="x", scaleratio=1,
                     constrain="domain", row=1, col=1)
    fig.update_yaxes(range=[0, norm_max], row=1, col=2)
    fig.update_yaxes(range=[0, cost_max], row=2, col=2)
    fig.update_annotations(font_size=13)
    fig.update_layout(
        title={"text": regularisation_title(r), "font": {"size": 14}}, template="plotly_white",
        height=TOP_PX + PLOT_AREA_PX + 90, margin={"t": TOP_PX, "b": 90, "l": 50, "r": 20},
        legend={"orientation": "h", "y": -0.16, "yanchor": "top", "x": 0},
    )
    return with_alt(fig, _alt(r))


def regularisation_figure_state(lam, m):
    """What changes in regularisation_figure when (lam, m) moves."""
    r = regularisation_state(lam, m)
    outer, inner = _points(r.m)
    return {
        "data": {
            T_REGION: {"z": np.round(r.region, 3)},
            T_OUTER: {"x": outer[0], "y": outer[1]},
            T_INNER: {"x": inner[0], "y": inner[1]},
            T_NORMS: {"y": list(r.weight_norms + r.bias_norms)},
            T_COSTS: {"y": [r.train_cost, r.test_cost, r.penalty]},
        },
        "layout": {"title.text": regularisation_title(r)},
    }


def regularisation_controls(lam=START[0], m=START[1]):
    """{name: (values, initial index, label)} for the two controls, lambda and m."""
    lam, m = _check_grid(lam, m)
    return {
        "lam": (LAMBDAS, LAMBDAS.index(lam), "λ (regularisation)"),
        "m": (TRAIN_SIZES, TRAIN_SIZES.index(m), "training examples m"),
    }


def regularisation_static_figure(lam=START[0], m=START[1]):
    """Static face: sliders for lambda and m over the precomputed grid of trainings."""
    return linked_sliders_figure(regularisation_figure(lam, m), regularisation_controls(lam, m),
                                 regularisation_figure_state, plot_px=PLOT_AREA_PX, gap_px=SLIDER_GAP_PX + 50)


def _live_controls(lam, m):
    # lambda's grid is not evenly spaced: the kernel face offers exactly its values (as names)
    return {name: ([f"{v:g}" for v in values], i, label)
            for name, (values, i, label) in regularisation_controls(lam, m).items()}


def regularisation_app(lam=START[0], m=START[1]):
    """Kernel face: the same figure, restyled from the cached trainings when a control moves."""
    return live_app(_live_controls(lam, m),
                    lambda lam, m: regularisation_figure(float(lam), int(m)),
                    lambda lam, m: regularisation_figure_state(float(lam), int(m)))


# --------------------------------------------------------------------------------------
# The race: one example at a time against the whole batch at once
# --------------------------------------------------------------------------------------
def time_per_call(gradients, net, X, Y, number=3, repeat=5):
    """Best time, in seconds, of one call gradients(net, X, Y) (timeit: best of repeat, number calls each)."""
    times = timeit.repeat(lambda: gradients(net, X, Y), number=number, repeat=repeat)
    return min(times) / number


# --------------------------------------------------------------------------------------
# Why the bias is left out: one neuron on the pipeline chapter's eight students
# --------------------------------------------------------------------------------------
class NeuronFit(NamedTuple):
    penalty: str  # "none", "weight" or "weight and bias"
    w: float
    b: float
    midpoint: float  # the x where a = 0.5, i.e. w x + b = 0: x = -b / w
    curve: np.ndarray  # a along X_GRID


PENALTIES = ("none", "weight", "weight and bias")


@lru_cache(maxsize=16)
def _fit_neuron(lam, penalty, epochs, lr):
    net = one_neuron(2.0, -4.0)
    net.l2 = 0.0 if penalty == "none" else lam  # Network's L2 term: the weight only
    m = HOURS.shape[1]
    for _ in range(epochs):
        dW, db = net.gradients(HOURS, PASSED)
        if penalty == "weight and bias":  # the gradient of (lam / 2m) b^2, which nnlib never adds
            db[0] += lam / m * net.biases[0]
        net.weights[0][...] -= lr * dW[0]
        net.biases[0][...] -= lr * db[0]
    w, b = float(net.weights[0][0, 0]), float(net.biases[0][0, 0])
    return NeuronFit(penalty, w, b, -b / w, net.forward(X_GRID)[0])


def neuron_penalty_fits(lam=0.5, epochs=2000, lr=2.0):
    """One sigmoid neuron fitted by gradient descent to the eight students three ways: no penalty,
    (lam / 2m) w^2 (nnlib's L2, weights only), and (lam / 2m)(w^2 + b^2). Returns three NeuronFits."""
    return [_fit_neuron(float(lam), p, int(epochs), float(lr)) for p in PENALTIES]


def bias_penalty_figure(lam=0.5):
    """The eight students with the three fitted curves and their midpoints a = 0.5."""
    fits = neuron_penalty_fits(lam)
    colours = {"none": GREY, "weight": BLUE, "weight and bias": VERMILION}
    dashes = {"none": "dot", "weight": "solid", "weight and bias": "dash"}
    fig = go.Figure([go.Scatter(x=HOURS[0], y=PASSED[0], mode="markers", name="students (x, y)",
                                marker={"size": 11, "color": ORANGE})])
    for f in fits:
        fig.add_trace(go.Scatter(
            x=X_GRID[0], y=f.curve, mode="lines", line={"color": colours[f.penalty], "width": 3, "dash": dashes[f.penalty]},
            name=f"penalty on {f.penalty}: w = {f.w:.2f}, b = {f.b:.2f}, a = 0.5 at x = {f.midpoint:.2f}"))
        fig.add_trace(go.Scatter(x=[f.midpoint], y=[0.5], mode="markers", showlegend=False,
                                 marker={"size": 10, "color": colours[f.penalty], "symbol": "x"},
                                 hovertemplate="a = 0.5 at x = %{x:.3f}<extra></extra>"))
    fig.update_layout(
        title={"text": f"One neuron fitted three ways (λ = {lam:g}, m = {HOURS.shape[1]})", "font": {"size": 14}},
        xaxis_title="hours of study x", yaxis_title="output a, target y", yaxis_range=[-0.05, 1.05],
        template="plotly_white", height=470,
        legend={"orientation": "v", "y": -0.2, "yanchor": "top", "x": 0},
        margin={"b": 150},
    )
    w_fit, wb_fit = fits[1], fits[2]
    return with_alt(fig, (
        f"Eight students' hours of study against pass (1) or fail (0), with three S-shaped curves of one "
        f"neuron: fitted with no penalty (midpoint x = {fits[0].midpoint:.2f}), with a penalty on the weight "
        f"only (flatter, midpoint x = {w_fit.midpoint:.2f}) and with a penalty on weight and bias (flatter "
        f"and shifted left, midpoint x = {wb_fit.midpoint:.2f})."))

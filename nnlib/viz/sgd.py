"""Stochastic gradient descent on a two-parameter model: the SGD chapter's experiments and figures.

The model is the pipeline chapter's single sigmoid neuron a = sigma(w x + b) (nnlib.viz.neuron.
one_neuron), now fitted to 200 generated students (exam_data) with the quadratic cost, so its
cost C(w, b) can be drawn as a contour map. Every number comes from nnlib: training paths from
nnlib.sgd (the parameters recorded just before each of its steps), costs from Network.forward and
Network.cost, each example's gradient from nnlib.per_example.per_example_gradients.

- sgd_path(batch_size, lr): the pure, fast update function of the interactive (one path of nnlib.sgd
  with the full-batch cost after every step); runs(batch_size, lr): the same over RUN_SEEDS, cached;
- sgd_figure / sgd_state: the contour map with the path, and the cost against examples processed
  with the final costs of the runs of every seed (the kernel face, sgd_app, restyles it);
  sgd_explorer: the page's face, the same trained live in the browser (nnlib/viz/js/sgd_explorer.js);
- three_paths_figure: full-batch, mini-batch and single-example paths on one map, costs over seeds;
- race / race_figure: each walker at its own best learning rate from a grid, over seeds;
- gradient_estimate / gradient_estimate_figure: each example's step, their mean and one mini-batch's;
- gradient_spread / spread_figure: the spread of mini-batch gradients against the batch size.
"""
import uuid
import warnings
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..activations import sigmoid
from ..network import Network
from ..per_example import per_example_gradients
from ..seeds import SEEDS
from ..train import sgd
from ..training_health import TrainingWarning
from .bands import band_traces
from .cost_surface import COLORSCALE, fmt
from .js_modules import explorer_html
from .neuron import one_neuron
from .palette import BLUE, GREEN, GREY, ORANGE, PURPLE, SKY, VERMILION, series_style
from .playground_data import encode_orders, sgd_batch_orders
from .renderer import with_alt
from .widgets import live_app

# --------------------------------------------------------------------------------------
# The data and the cost surface
# --------------------------------------------------------------------------------------
M = 200  # students
DATA_SEED = 3
TRUE_W, TRUE_MID = 3.0, 2.25  # a student who studied x hours passes with probability sigma(3 (x - 2.25))
START = (-1.0, 1.0)  # every path starts here: a neuron that predicts failure for long study
SEED = 0  # the shuffling seed of every path drawn alone
# Claims over seeds: training is chaotic (the last bits of a sum change an SGD path), so every
# statement about paths is made over the runs of these shuffling seeds, one run each.
RUN_SEEDS = tuple(range(20))
W_RANGE, B_RANGE = (-2.0, 6.0), (-12.0, 2.0)
GRID_W = np.round(np.linspace(*W_RANGE, 41), 3)
GRID_B = np.round(np.linspace(*B_RANGE, 57), 3)
CONTOURS = {"start": 0.07, "end": 0.5, "size": 0.03}

# The interactive: its batch sizes, EPOCHS epochs each (EPOCHS * M examples); the kernel app steps
# through these 5 learning rates, the page's explorer takes any from LR_RANGE.
BATCH_SIZES = (1, 4, 20, 50, 200)  # 200 = M: full batch
LEARNING_RATES = (0.25, 0.5, 1.0, 2.0, 4.0)
EPOCHS = 3
INITIAL = (4, 1.0)  # batch size, learning rate shown first

# The three-paths figure: the same learning rate, the same number of examples (10 epochs).
THREE = ((None, "full batch (200)", BLUE), (10, "mini-batches of 10", GREEN), (1, "single examples", VERMILION))
THREE_LR, THREE_EPOCHS = 1.0, 10
THRESHOLD = 0.1  # "reached the valley": full-batch cost at most this
PLATEAU = 0.45  # "thrown back onto the plateau": the cost back above this (the start's is 0.516)

# The race: each walker of THREE with its own best learning rate from this grid (factor 2 apart),
# chosen by the mean over RACE_SEEDS of its average cost over a run of THREE_EPOCHS epochs.
RACE_LRS = (0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
RACE_SEEDS = SEEDS  # ten runs per setting: the gaps the race shows are many times their spread

# The gradient-estimate figure: one point, one learning rate, one mini-batch.
ESTIMATE_POINT = (0.0, 0.0)  # every output is 1/2 here: example i's gradient is ±(x_i, 1) / 4
ESTIMATE_LR = 1.0
ESTIMATE_BATCH = 10
ANGLE_SEEDS = tuple(range(100))  # how far mini-batch gradients point off: one mini-batch per seed

# The spread of mini-batch gradients.
SPREAD_BATCHES = (1, 2, 4, 8, 16, 32, 64)
SPREAD_DRAWS = 4000


@lru_cache(maxsize=1)
def _exam_data():
    rng = np.random.default_rng(DATA_SEED)
    x = np.round(np.sort(rng.uniform(0.0, 4.5, M)), 2)
    y = (rng.random(M) < sigmoid(TRUE_W * (x - TRUE_MID))).astype(float)
    order = rng.permutation(M)  # stored in no particular order
    return x[order].reshape(1, M), y[order].reshape(1, M)


def exam_data():
    """(X, Y): 200 students' hours of study (1, 200) and pass (1) / fail (0) (1, 200), as columns.

    Generated with a fixed seed: hours uniform in [0, 4.5], pass with probability sigma(3 (x - 2.25)).
    """
    X, Y = _exam_data()
    return X.copy(), Y.copy()


def costs_along(w, b):
    """The full-batch cost C(w_k, b_k) at many points at once, shape (len(w),).

    One nnlib Network with one input and P outputs holds the P neurons side by side (row k of W
    is w_k), so one forward pass gives every neuron's outputs on all 200 students; row k of
    (A - Y)^2 averaged over the students is C(w_k, b_k) of eq. (cost-quadratic).
    """
    w, b = np.atleast_1d(np.asarray(w, float)), np.atleast_1d(np.asarray(b, float))
    X, Y = _exam_data()
    wide = Network([1, w.size], output="sigmoid", cost="quadratic")
    wide.W[1] = w.reshape(-1, 1)
    wide.b[1] = b.reshape(-1, 1)
    A = wide.forward(X)  # (P, 200)
    return np.mean((A - Y) ** 2, axis=1)


@lru_cache(maxsize=1)
def _cost_grid():
    Wg, Bg = np.meshgrid(GRID_W, GRID_B)
    return costs_along(Wg.ravel(), Bg.ravel()).reshape(Bg.shape)


def cost_grid():
    """C(w, b) on the map's grid, shape (len(GRID_B), len(GRID_W)): row i is GRID_B[i]."""
    return _cost_grid().copy()


@lru_cache(maxsize=1)
def lowest_point():
    """(w, b, C) at the bottom of the valley: nnlib.sgd, 2000 full-batch steps with lr = 8."""
    X, Y = _exam_data()
    net = one_neuron(0.0, 0.0)
    history = sgd(net, X, Y, epochs=2000, batch_size=None, lr=8.0)
    return float(net.W[1][0, 0]), float(net.b[1][0, 0]), float(history.cost[-1])


# --------------------------------------------------------------------------------------
# The update function: one path of nnlib.sgd
# --------------------------------------------------------------------------------------
class SGDPath(NamedTuple):
    """One run of nnlib.sgd from START, with the parameters after every step."""

    batch_size: int  # M for full batch
    lr: float
    epochs: int
    w: np.ndarray  # w after k steps, k = 0..n_steps (w[0] = START[0])
    b: np.ndarray
    examples: np.ndarray  # examples processed after k steps
    cost: np.ndarray  # full-batch cost C(w_k, b_k) after k steps
    epoch_cost: list  # nnlib's History.cost: before training and after each epoch

    @property
    def n_steps(self):
        return len(self.w) - 1

    @property
    def steps_per_epoch(self):
        return -(-M // self.batch_size)


def _check_batch_size(batch_size):
    if batch_size is None:
        return M
    if isinstance(batch_size, float) and batch_size.is_integer():
        batch_size = int(batch_size)
    if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive whole number or None (full batch); got {batch_size!r}")
    return int(min(batch_size, M))


def sgd_path(batch_size, lr, epochs=EPOCHS, seed=SEED, start=START):
    """Train the neuron from start with nnlib.sgd and record (w, b) after every step.

    batch_size None (or >= 200) is full-batch gradient descent. nnlib.sgd records the parameters
    just before each step (record_params), so w[k], b[k] are exactly nnlib's after k steps.
    """
    B = _check_batch_size(batch_size)
    X, Y = _exam_data()
    net = one_neuron(*start)
    with warnings.catch_warnings():
        # a walker thrown onto the plateau saturates the neuron, and sgd warns; here that is the
        # lesson of the chapter (see thrown_back), not a mistake of the reader's
        warnings.simplefilter("ignore", TrainingWarning)
        history = sgd(net, X, Y, epochs=epochs, batch_size=B, lr=lr, seed=seed, record_params=True)
    path = np.array(history.step_params + [net.get_params()])  # theta = [w | b] for this 1-1 network
    sizes = [min(B, M - start_) for start_ in range(0, M, B)] * epochs
    examples = np.concatenate([[0], np.cumsum(sizes)])
    return SGDPath(B, float(lr), int(epochs), path[:, 0], path[:, 1], examples,
                   costs_along(path[:, 0], path[:, 1]), list(history.cost))


def examples_to_reach(path, threshold=THRESHOLD):
    """The number of examples processed when the full-batch cost first drops to threshold (None: never)."""
    below = np.flatnonzero(path.cost <= threshold)
    return int(path.examples[below[0]]) if below.size else None


def average_cost(path):
    """The average full-batch cost over the run, per example processed: the area under the curve
    of cost against examples, divided by its width. Low when the walker gets down early and stays."""
    return float(np.trapezoid(path.cost, path.examples) / path.examples[-1])


def last_epoch_cost(path):
    """The mean full-batch cost at the points the walker reaches in its last epoch (after each of
    that epoch's steps): where it ends, without the luck of its very last step. Full batch: C at the end."""
    return float(np.mean(path.cost[-path.steps_per_epoch:]))


def thrown_back(path, threshold=THRESHOLD, plateau=PLATEAU):
    """True if the walker reached the valley (cost <= threshold) and later climbed back above plateau."""
    below = np.flatnonzero(path.cost <= threshold)
    return bool(below.size) and bool(np.any(path.cost[below[0]:] > plateau))


def cost_rises(path):
    """How many of the path's steps raised the full-batch cost."""
    return int(np.sum(np.diff(path.cost) > 0))


def path_length(path):
    """The length of the path in the (w, b) plane: the sum of its step lengths."""
    return float(np.sum(np.hypot(np.diff(path.w), np.diff(path.b))))


@lru_cache(maxsize=None)
def _run(batch_size, lr, epochs, seed):
    return sgd_path(batch_size, lr, epochs, seed)


def runs(batch_size, lr, epochs=EPOCHS, seeds=RUN_SEEDS):
    """[sgd_path(batch_size, lr, epochs, seed) for seed in seeds], cached: the notebook, its figures
    and the tests share the runs (do not modify the arrays)."""
    return [_run(_check_batch_size(batch_size), float(lr), int(epochs), int(s)) for s in seeds]


# --------------------------------------------------------------------------------------
# Figures shared by the map panels
# --------------------------------------------------------------------------------------
HOVER = "w = %{x:.2f}<br>b = %{y:.2f}<br>C = %{z:.4f}<extra></extra>"


def _contour(showlegend=False):
    return go.Contour(x=GRID_W, y=GRID_B, z=np.round(cost_grid(), 4), colorscale=COLORSCALE, showscale=False,
                      contours={**CONTOURS, "showlabels": True, "labelfont": {"size": 9, "color": GREY}},
                      line={"width": 0.6, "color": "white"}, hovertemplate=HOVER, name="cost contours",
                      showlegend=showlegend)


def _lowest_marker():
    lw, lb, lc = lowest_point()
    return go.Scatter(x=[lw], y=[lb], mode="markers", name=f"lowest cost {lc:.4f}",
                      marker={"symbol": "star", "size": 13, "color": "white", "line": {"color": GREY, "width": 1.5}},
                      hovertemplate="lowest point<br>w = %{x:.3f}, b = %{y:.3f}<extra></extra>")


def _start_marker():
    return go.Scatter(x=[START[0]], y=[START[1]], mode="markers", name="start",
                      marker={"symbol": "circle-open", "size": 12, "color": GREY, "line": {"width": 2.5}},
                      hovertemplate="start<br>w = %{x}, b = %{y}<extra></extra>")


def _round(a, d=4):
    return np.round(np.asarray(a, float), d)


def _map_axes(fig, row=1, col=1):
    fig.update_xaxes(title_text="weight w", range=list(W_RANGE), row=row, col=col)
    fig.update_yaxes(title_text="bias b", range=list(B_RANGE), row=row, col=col)


# --------------------------------------------------------------------------------------
# Full batch, mini-batches and single examples on one map
# --------------------------------------------------------------------------------------
def three_paths(seed=SEED):
    """{label: SGDPath} for THREE: lr = 1, 10 epochs (2,000 examples) each, one shuffling seed."""
    return {label: _run(_check_batch_size(B), THREE_LR, THREE_EPOCHS, seed) for B, label, _ in THREE}


def three_paths_over_seeds(seeds=RUN_SEEDS):
    """{label: [SGDPath for each seed]} for THREE: the same walkers, one run per shuffling seed."""
    return {label: runs(B, THREE_LR, THREE_EPOCHS, seeds) for B, label, _ in THREE}


@lru_cache(maxsize=8)
def full_batch_to_threshold(lr=THREE_LR, max_epochs=200):
    """Full-batch gradient descent with lr, run on for max_epochs epochs: its SGDPath
    (examples_to_reach says when it reaches THRESHOLD). Its shuffling changes only the order of a sum."""
    return sgd_path(None, lr, max_epochs)


def _ends_trace(paths, name, colour, legendgroup, showlegend=True, size=7):
    """Where each run ends, as markers."""
    return go.Scatter(x=[round(float(p.w[-1]), 3) for p in paths], y=[round(float(p.b[-1]), 3) for p in paths],
                      mode="markers", name=name, legendgroup=legendgroup, showlegend=showlegend,
                      marker={"symbol": "x", "size": size, "color": colour, "line": {"width": 1}},
                      hovertemplate="a run ends at w = %{x}, b = %{y}<extra></extra>")


def three_paths_figure():
    """Left: one run of each walker (seed SEED) on the contour map and where every run of RUN_SEEDS
    ends. Right: the full-batch cost against examples processed, mean and range over the runs."""
    paths, over = three_paths(), three_paths_over_seeds()
    n = len(RUN_SEEDS)
    fig = make_subplots(rows=1, cols=2, column_widths=[0.5, 0.5], horizontal_spacing=0.1,
                        subplot_titles=(f"one run of each (seed {SEED}); × where all {n} runs end",
                                        f"cost C against examples processed: mean and range of {n} runs"))
    fig.add_trace(_contour(), row=1, col=1)
    # drawn from the noisiest up, so the smoother paths stay visible on top of the zigzag
    for k, (B, label, colour), p in reversed(list(zip(range(len(THREE)), THREE, paths.values()))):
        many, dash = p.n_steps > 500, series_style(k)["dash"]
        fig.add_trace(go.Scatter(x=_round(p.w, 3), y=_round(p.b, 3), mode="lines+markers" if p.n_steps <= 50 else "lines",
                                 name=f"{label}: {p.n_steps} steps", legendgroup=label, opacity=0.75 if many else 1.0,
                                 line={"color": colour, "width": 0.8 if many else 2.5, "dash": dash},
                                 marker={"size": 6}, hovertemplate="w = %{x}, b = %{y}<extra></extra>"), row=1, col=1)
        fig.add_trace(_ends_trace(over[label], f"{label}: ends of {n} runs", colour, label, showlegend=False),
                      row=1, col=1)
        curves = np.array([q.cost for q in over[label]])
        for trace in band_traces(p.examples, curves, colour, label, dash=dash, legendgroup=label, showlegend=False,
                                 decimals=4):
            fig.add_trace(trace, row=1, col=2)
    fig.add_trace(_lowest_marker(), row=1, col=1)
    fig.add_trace(_start_marker(), row=1, col=1)
    fig.add_hline(y=THRESHOLD, line={"dash": "dot", "color": GREY, "width": 1}, row=1, col=2)
    _map_axes(fig)
    fig.update_xaxes(title_text="examples processed", row=1, col=2)
    fig.update_yaxes(title_text="full-batch cost C", range=[0, 0.55], row=1, col=2)
    fig.update_layout(
        title={"text": f"learning rate η = {THREE_LR:g}, {THREE_EPOCHS} epochs of {M} examples each", "font": {"size": 14}},
        template="plotly_white", height=560, margin={"t": 80, "b": 120, "l": 60, "r": 20},
        legend={"orientation": "h", "y": -0.2, "yanchor": "top", "x": 0},
    )
    fig.update_annotations(font_size=12)

    def summary(label):
        ends = np.array([q.cost[-1] for q in over[label]])
        reach = [examples_to_reach(q) for q in over[label]]
        got = [r for r in reach if r is not None]
        where = (f"cost at most {THRESHOLD:g} after {min(got)} to {max(got)} examples in {len(got)} of {n} runs"
                 if got else f"never at cost {THRESHOLD:g} or below")
        return f"{label}: final cost {ends.min():.4f} to {ends.max():.4f}, {where}"

    lw, lb, _ = lowest_point()
    return with_alt(fig, (
        f"Left: contour map of the cost over weight w and bias b, with the lowest point at w = {lw:.2f}, "
        f"b = {lb:.2f}, one run of each of three walkers from the start w = {START[0]:g}, b = {START[1]:g}, "
        f"and crosses where each of their {n} runs (one per shuffling seed) ends. The full-batch path takes "
        f"a few short, smooth steps; the mini-batch path wiggles but gets far down the valley; the "
        f"single-example path zigzags wildly yet also reaches the valley. Right: the full-batch cost against "
        f"the number of examples processed, as the mean of the {n} runs with a band from the lowest to the "
        f"highest run. Over the {n} runs: " + "; ".join(summary(label) for label in over) + "."))


# --------------------------------------------------------------------------------------
# A fair race: each walker at its own best learning rate
# --------------------------------------------------------------------------------------
class Race(NamedTuple):
    """THREE's walkers at every learning rate of RACE_LRS, one run per seed, THREE_EPOCHS epochs."""

    lrs: tuple
    seeds: tuple
    score: dict  # label -> (len(lrs), len(seeds)): average_cost of every run
    best: dict  # label -> the lr with the lowest mean score over the seeds
    reach: dict  # label -> examples_to_reach of each seed's run at the best lr (None: not within the budget)
    final: dict  # label -> last_epoch_cost of each seed's run at the best lr


@lru_cache(maxsize=2)
def race(lrs=RACE_LRS, seeds=RACE_SEEDS):
    """Tune the learning rate of each walker of THREE on the grid lrs, then measure it at its best."""
    score, best, reach, final = {}, {}, {}, {}
    for B, label, _ in THREE:
        table = [runs(B, lr, THREE_EPOCHS, seeds) for lr in lrs]
        score[label] = np.array([[average_cost(p) for p in row] for row in table])
        k = int(np.argmin(score[label].mean(axis=1)))
        best[label] = float(lrs[k])
        reach[label] = [examples_to_reach(p) for p in table[k]]
        final[label] = np.array([last_epoch_cost(p) for p in table[k]])
    return Race(tuple(lrs), tuple(seeds), score, best, reach, final)


def race_figure():
    """Each walker's average cost over its run against the learning rate: the mean over the seeds
    as a line, their range as a band, the best rate of each walker marked."""
    r = race()
    fig = go.Figure()
    for j, (B, label, colour) in enumerate(THREE):
        fig.add_traces(band_traces(list(r.lrs), r.score[label].T, colour, label, dash=series_style(j)["dash"],
                                   decimals=4))
        k = r.lrs.index(r.best[label])
        star = ("star", "star-diamond", "star-square")[j]  # each walker's best rate marked by its own star
        fig.add_trace(go.Scatter(x=[r.best[label]], y=[round(float(r.score[label][k].mean()), 4)], mode="markers",
                                 marker={"size": 13, "color": colour, "symbol": star, "line": {"color": "white", "width": 1}},
                                 name=f"{label}: best η = {r.best[label]:g}", legendgroup=label,
                                 hovertemplate=f"{label}: best η = %{{x}}, mean %{{y}}<extra></extra>"))
    fig.update_xaxes(type="log", title_text="learning rate η", tickvals=list(r.lrs), ticktext=[f"{v:g}" for v in r.lrs],
                     range=[np.log10(r.lrs[0]) - 0.08, np.log10(r.lrs[-1]) + 0.08])
    fig.update_yaxes(title_text="average cost over the run", range=[0, 0.55])
    fig.update_layout(
        title={"text": f"{THREE_EPOCHS * M:,} examples per run: mean and range of {len(r.seeds)} runs per η",
               "font": {"size": 14}},
        template="plotly_white", height=520, margin={"t": 70, "b": 60, "l": 70, "r": 20},
        legend={"orientation": "h", "y": -0.18, "yanchor": "top", "x": 0})

    def part(label):
        k = r.lrs.index(r.best[label])
        return (f"{label}: best η = {r.best[label]:g}, average cost {r.score[label][k].min():.3f} to "
                f"{r.score[label][k].max():.3f}")

    return with_alt(fig, (
        f"Three curves against the learning rate η on a log axis from {r.lrs[0]:g} to {r.lrs[-1]:g}: for each "
        f"walker, the full-batch cost averaged over a run of {THREE_EPOCHS * M} examples, the mean of "
        f"{len(r.seeds)} runs as a line with a band from the lowest to the highest run. Each curve falls, "
        f"reaches a lowest point (marked with a star) and rises again when the steps become too large. "
        + "; ".join(part(label) for _, label, _ in THREE) + "."))


# --------------------------------------------------------------------------------------
# The mini-batch gradient as an estimate of the true gradient
# --------------------------------------------------------------------------------------
class GradientEstimate(NamedTuple):
    """Each example's gradient at (w, b), their mean, the true gradient and one mini-batch's mean."""

    w: float
    b: float
    per_example: np.ndarray  # (M, 2): row i = (dC_0^(i)/dw, dC_0^(i)/db)
    mean: np.ndarray  # (2,) the mean of the rows
    true: np.ndarray  # (2,) Network.gradients on all M examples
    batch: np.ndarray  # indices of the mini-batch
    batch_mean: np.ndarray  # (2,) the mean of the mini-batch's rows
    batch_grad: np.ndarray  # (2,) Network.gradients on the mini-batch alone


def gradient_estimate(w=ESTIMATE_POINT[0], b=ESTIMATE_POINT[1], batch_size=ESTIMATE_BATCH, seed=SEED):
    """Every example's gradient (nnlib.per_example), their mean, and one mini-batch's estimate."""
    X, Y = _exam_data()
    net = one_neuron(w, b)
    dW, db = per_example_gradients(net, X, Y)
    G = np.column_stack([dW[1].reshape(M), db[1].reshape(M)])
    gW, gb = net.gradients(X, Y)
    batch = np.random.default_rng(seed).permutation(M)[:batch_size]  # the first batch of a shuffled epoch
    bW, bb = net.gradients(X[:, batch], Y[:, batch])
    return GradientEstimate(float(w), float(b), G, G.mean(axis=0), np.array([gW[1][0, 0], gb[1][0, 0]]),
                            batch, G[batch].mean(axis=0), np.array([bW[1][0, 0], bb[1][0, 0]]))


def _segments(x0, y0, dx, dy):
    """Many line segments from (x0, y0) as one trace: x, y with None between segments."""
    xs, ys = [], []
    for u, v in zip(dx, dy):
        xs += [x0, round(float(x0 + u), 4), None]
        ys += [y0, round(float(y0 + v), 4), None]
    return xs, ys


def _arrow(x0, y0, dx, dy, name, colour, width=3.5, dash="solid"):
    return go.Scatter(x=[x0, x0 + dx], y=[y0, y0 + dy], mode="lines+markers", name=name,
                      line={"color": colour, "width": width, "dash": dash},
                      marker={"symbol": "arrow", "size": [0, 15], "angleref": "previous", "color": colour},
                      hoverinfo="skip")


def gradient_estimate_figure(w=ESTIMATE_POINT[0], b=ESTIMATE_POINT[1], lr=ESTIMATE_LR, batch_size=ESTIMATE_BATCH):
    """From (w, b): the step -lr grad C_0^(i) each example alone asks for, their mean, and one mini-batch's step."""
    e = gradient_estimate(w, b, batch_size)
    steps = -lr * e.per_example
    others = np.setdiff1d(np.arange(M), e.batch)
    fig = go.Figure()
    fig.add_trace(_contour())
    sx, sy = _segments(e.w, e.b, steps[others, 0], steps[others, 1])
    fig.add_trace(go.Scatter(x=sx, y=sy, mode="lines", line={"color": GREY, "width": 0.8},
                             name="one example's step −η∇C₀⁽ⁱ⁾", hoverinfo="skip", opacity=0.6))
    fig.add_trace(go.Scatter(x=_round(e.w + steps[others, 0]), y=_round(e.b + steps[others, 1]), mode="markers",
                             marker={"size": 4, "color": GREY}, showlegend=False,
                             hovertemplate="one example's step ends at<br>w = %{x:.3f}, b = %{y:.3f}<extra></extra>"))
    bx, by = _segments(e.w, e.b, steps[e.batch, 0], steps[e.batch, 1])
    fig.add_trace(go.Scatter(x=bx, y=by, mode="lines", line={"color": ORANGE, "width": 1.8, "dash": "dash"},
                             name=f"the {batch_size} examples of one mini-batch", hoverinfo="skip"))
    fig.add_trace(_arrow(e.w, e.b, -lr * e.true[0], -lr * e.true[1], "full-batch step −η∇C (the mean of all)", BLUE))
    fig.add_trace(_arrow(e.w, e.b, -lr * e.batch_mean[0], -lr * e.batch_mean[1],
                         f"mini-batch step (the mean of its {batch_size})", VERMILION, dash="dash"))
    fig.add_trace(go.Scatter(x=[e.w], y=[e.b], mode="markers", name=f"the point (w, b) = ({e.w:g}, {e.b:g})",
                             marker={"size": 10, "color": "black"}))
    span = np.abs(steps).max(axis=0)
    fig.update_xaxes(title_text="weight w", range=[e.w - 1.1 * span[0], e.w + 1.1 * span[0]])
    fig.update_yaxes(title_text="bias b", range=[e.b - 1.1 * span[1], e.b + 1.1 * span[1]])
    fig.update_layout(
        title={"text": (f"at (w, b) = ({e.w:g}, {e.b:g}), η = {lr:g}:  ∇C = ({fmt(e.true[0])}, {fmt(e.true[1])}),  "
                        f"mini-batch estimate ({fmt(e.batch_mean[0])}, {fmt(e.batch_mean[1])})"), "font": {"size": 13}},
        template="plotly_white", height=620, margin={"t": 70, "b": 140, "l": 60, "r": 20},
        legend={"orientation": "h", "y": -0.14, "yanchor": "top", "x": 0},
    )
    return with_alt(fig, (
        f"A zoomed part of the cost map around the point w = {e.w:g}, b = {e.b:g}. From the point, {M} thin grey "
        f"lines fan out: each is the step one student's own gradient asks for, with learning rate {lr:g}; they "
        f"point in many directions and have very different lengths. The {batch_size} students of one mini-batch "
        f"are drawn in orange. A blue arrow shows the full-batch step, exactly the average of all {M} lines, "
        f"({fmt(-lr * e.true[0])}, {fmt(-lr * e.true[1])}); a vermilion arrow shows the mini-batch step, the "
        f"average of the orange lines, ({fmt(-lr * e.batch_mean[0])}, {fmt(-lr * e.batch_mean[1])}), which "
        f"points roughly the same way."))


def estimate_angles(batch_size=ESTIMATE_BATCH, seeds=ANGLE_SEEDS, w=ESTIMATE_POINT[0], b=ESTIMATE_POINT[1]):
    """For each seed, the angle in degrees between gradient_estimate's mini-batch gradient (the first
    batch of that seed's shuffled epoch) and the true gradient."""
    angles = []
    for seed in seeds:
        e = gradient_estimate(w, b, batch_size, seed)
        cos = e.batch_mean @ e.true / np.linalg.norm(e.batch_mean) / np.linalg.norm(e.true)
        angles.append(float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))))
    return np.array(angles)


class Spread(NamedTuple):
    """How far mini-batch gradients scatter around the true gradient, for several batch sizes."""

    batch_sizes: np.ndarray
    variance: np.ndarray  # measured mean of |grad C_B - grad C|^2: the mean of per_seed over the seeds
    s2: float  # s^2 = (1/M) sum_i |grad C_0^(i) - grad C|^2: the variance for one example
    predicted: np.ndarray  # s2 / B (independent draws)
    corrected: np.ndarray  # s2 / B * (M - B) / (M - 1) (drawn without replacement)
    draws: int  # mini-batches per batch size and seed
    seeds: tuple
    per_seed: np.ndarray  # (len(seeds), len(batch_sizes)): the measurement with each seed's draws


@lru_cache(maxsize=4)
def gradient_spread(w=ESTIMATE_POINT[0], b=ESTIMATE_POINT[1], batch_sizes=SPREAD_BATCHES, draws=SPREAD_DRAWS,
                    seeds=SEEDS):
    """For each B and each seed, `draws` mini-batches of B different students (no repeats, as one
    shuffled epoch gives), their mean gradient, and its mean squared distance from the true gradient.

    Each draw shuffles all M students; its first B are the mini-batch of size B.
    """
    e = gradient_estimate(w, b)
    G, g = e.per_example, e.true
    s2 = float(np.mean(np.sum((G - g) ** 2, axis=1)))
    per_seed = []
    for seed in seeds:
        order = np.argsort(np.random.default_rng(seed).random((draws, M)), axis=1)  # each row: a shuffle
        estimates = [G[order[:, :B]].mean(axis=1) for B in batch_sizes]  # (draws, 2) for each B
        per_seed.append([float(np.mean(np.sum((est - g) ** 2, axis=1))) for est in estimates])
    per_seed = np.array(per_seed)
    Bs = np.asarray(batch_sizes, float)
    return Spread(np.asarray(batch_sizes), per_seed.mean(axis=0), s2, s2 / Bs,
                  s2 / Bs * (M - Bs) / (M - 1), int(draws), tuple(seeds), per_seed)


def spread_figure(spread=None):
    """Log-log plot of the measured variance against B (mean over the seeds, bars from the lowest to
    the highest seed), with s^2 / B and the corrected line."""
    s = gradient_spread() if spread is None else spread
    Bs = np.geomspace(1, M, 60)
    lo, hi = s.per_seed.min(axis=0), s.per_seed.max(axis=0)
    n = len(s.seeds)
    fig = go.Figure([
        go.Scatter(x=Bs, y=s.s2 / Bs, mode="lines", name="s²/B (slope −1)", line={"color": BLUE, "dash": "dash"}),
        go.Scatter(x=Bs[Bs < M], y=(s.s2 / Bs * (M - Bs) / (M - 1))[Bs < M], mode="lines",
                   name="s²/B · (m − B)/(m − 1)", line={"color": GREEN}),
        go.Scatter(x=s.batch_sizes, y=s.variance, mode="markers",
                   name=f"measured: mean of {n} seeds × {s.draws} mini-batches, bar: their range",
                   marker={"size": 9, "color": VERMILION},
                   error_y={"type": "data", "symmetric": False, "array": hi - s.variance,
                            "arrayminus": s.variance - lo, "color": VERMILION, "thickness": 1.5, "width": 6},
                   hovertemplate="B = %{x}: variance %{y:.3e}<extra></extra>"),
    ])
    fig.update_xaxes(type="log", title_text="batch size B")
    fig.update_yaxes(type="log", title_text="variance of the mini-batch gradient")
    fig.update_xaxes(tickvals=[1, 2, 4, 8, 16, 32, 64, M])
    fig.update_layout(title={"text": f"s² = {s.s2:.4f}: the spread falls like 1/B", "font": {"size": 14}},
                      template="plotly_white", height=460, margin={"t": 70, "b": 60, "l": 70, "r": 20},
                      legend={"x": 0.02, "y": 0.02, "yanchor": "bottom"})
    pairs = ", ".join(f"B = {B}: {v:.2e}" for B, v in zip(s.batch_sizes, s.variance))
    off = float(np.max(np.abs(s.per_seed / s.corrected - 1)))
    return with_alt(fig, (
        f"Log-log plot of the measured variance of the mini-batch gradient against the batch size B, each the "
        f"mean of {n} seeds with {s.draws} mini-batches each: {pairs}. The points lie on a straight line of slope "
        f"minus 1, s squared over B with s squared = {s.s2:.2e}, bending slightly below it for the "
        f"largest batches, where the corrected line s squared over B times (m - B)/(m - 1) follows them; "
        f"every seed's measurement is within {100 * off:.0f} % of the corrected line."))


# --------------------------------------------------------------------------------------
# The interactive: batch size and learning rate
# --------------------------------------------------------------------------------------
T_CONTOUR, T_LOWEST, T_START, T_FULL, T_PATH, T_END, T_FULL_COST, T_PATH_COST, T_ENDS = range(9)


def _title(p, full):
    return (f"B = {p.batch_size}, η = {p.lr:g}: {p.n_steps} steps in {p.epochs} epochs, "
            f"final cost C = {p.cost[-1]:.4f}  (full batch: {full.n_steps} steps, C = {full.cost[-1]:.4f})")


def _path_props(p):
    mode = "lines+markers" if p.n_steps <= 60 else "lines"
    return {"x": _round(p.w), "y": _round(p.b), "mode": mode}


def _cost_props(p):
    mode = "lines+markers" if p.n_steps <= 60 else "lines"
    return {"x": p.examples, "y": _round(p.cost), "mode": mode}


def _alt(p, full):
    ends = np.array([q.cost[-1] for q in runs(p.batch_size, p.lr)])
    return (
        f"Left: contour map of the cost over weight w and bias b, with the start w = {START[0]:g}, b = {START[1]:g} "
        f"and the lowest point. One path of stochastic gradient descent (shuffling seed {SEED}) with batch size "
        f"{p.batch_size} and learning rate {p.lr:g} takes {p.n_steps} steps in {p.epochs} epochs and ends at "
        f"w = {p.w[-1]:.2f}, b = {p.b[-1]:.2f}. The full-batch path with the same learning rate takes "
        f"{full.n_steps} steps and ends at w = {full.w[-1]:.2f}, b = {full.b[-1]:.2f}. Right: the full-batch cost "
        f"along both paths against the examples processed, ending at {p.cost[-1]:.4f} and {full.cost[-1]:.4f}; "
        f"short black dashes at the end mark the final costs of the runs of {len(RUN_SEEDS)} shuffling seeds, "
        f"from {ends.min():.4f} to {ends.max():.4f}.")


def _cached_path(batch_size, lr):
    return _run(batch_size, lr, EPOCHS, SEED)


def _ends_props(batch_size, lr):
    """The final cost of every run of RUN_SEEDS, drawn at the end of the cost panel (on the map,
    runs with large steps end far outside it)."""
    paths = runs(batch_size, lr)
    return {"x": [int(p.examples[-1]) for p in paths], "y": [round(float(p.cost[-1]), 4) for p in paths]}


def sgd_state(batch_size, lr):
    """What changes in sgd_figure for (batch_size, lr): both paths, both cost curves, the final costs
    of the runs of every seed of RUN_SEEDS, the title; and the text alternative."""
    B = _check_batch_size(batch_size)
    p, full = _cached_path(B, float(lr)), _cached_path(M, float(lr))
    return {
        "data": {
            T_FULL: _path_props(full), T_PATH: _path_props(p),
            T_END: {"x": [round(float(p.w[-1]), 4)], "y": [round(float(p.b[-1]), 4)]},
            T_FULL_COST: _cost_props(full), T_PATH_COST: _cost_props(p),
            T_ENDS: _ends_props(B, float(lr)),
        },
        "layout": {"title.text": _title(p, full)},
        "alt": _alt(p, full),
    }


def sgd_figure(batch_size=INITIAL[0], lr=INITIAL[1]):
    """The contour map with one SGD path (seed SEED) and the full-batch path, and both costs against
    examples processed with the final costs of the runs of every seed of RUN_SEEDS."""
    fig = make_subplots(rows=1, cols=2, column_widths=[0.5, 0.5], horizontal_spacing=0.1,
                        subplot_titles=("paths on the cost map", "cost C against examples processed"))
    fig.add_trace(_contour(), row=1, col=1)
    fig.add_trace(_lowest_marker(), row=1, col=1)
    fig.add_trace(_start_marker(), row=1, col=1)
    fig.add_trace(go.Scatter(name="full batch, same η", legendgroup="full", line={"color": BLUE, "width": 2},
                             marker={"size": 6}, hovertemplate="w = %{x}, b = %{y}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(name="mini-batch SGD", legendgroup="sgd", line={"color": VERMILION, "width": 1.5},
                             marker={"size": 5}, hovertemplate="w = %{x}, b = %{y}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(mode="markers", name="where this run ends", marker={"size": 11, "color": VERMILION,
                             "symbol": "x"}, hovertemplate="end: w = %{x}, b = %{y}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(name="full batch", legendgroup="full", showlegend=False, line={"color": BLUE, "width": 2},
                             marker={"size": 6}, hovertemplate="%{x} examples: C = %{y}<extra></extra>"), row=1, col=2)
    fig.add_trace(go.Scatter(name="SGD", legendgroup="sgd", showlegend=False, line={"color": VERMILION, "width": 1.5},
                             marker={"size": 5}, hovertemplate="%{x} examples: C = %{y}<extra></extra>"), row=1, col=2)
    fig.add_trace(go.Scatter(mode="markers", name=f"final costs of {len(RUN_SEEDS)} runs (one per seed)",
                             marker={"size": 9, "color": "black", "symbol": "line-ew-open", "line": {"width": 1.5}},
                             hovertemplate="a run ends at C = %{y}<extra></extra>"), row=1, col=2)
    _map_axes(fig)
    fig.update_xaxes(title_text="examples processed", range=[0, EPOCHS * M * 1.02], row=1, col=2)
    fig.update_yaxes(title_text="full-batch cost C", range=[0, 0.56], row=1, col=2)
    fig.update_layout(template="plotly_white", title={"font": {"size": 13}},
                      margin={"t": 80, "l": 60, "r": 20},
                      # inside the map, bottom left: the plateau there is empty in every run
                      legend={"x": 0.005, "y": 0.005, "xanchor": "left", "yanchor": "bottom", "font": {"size": 11},
                              "bgcolor": "rgba(255, 255, 255, 0.85)"})
    state = sgd_state(batch_size, lr)
    for t, props in state["data"].items():
        fig.data[t].update(props)
    fig.update_layout(title_text=state["layout"]["title.text"])
    return with_alt(fig, state["alt"])


def _controls(batch_size, lr):
    return {
        "batch_size": (list(BATCH_SIZES), BATCH_SIZES.index(batch_size), "batch size B"),
        "lr": (list(LEARNING_RATES), LEARNING_RATES.index(lr), "learning rate η"),
    }


# The page's face: the explorer, computed live in the browser (nnlib/viz/js/sgd_explorer.js).
LR_RANGE = (0.01, 20.0)  # what the explorer's learning-rate field accepts
LR_SLIDER = {"lo": -2, "per_decade": 100, "positions": 330}  # position p: eta = 10^(lo + p / 100)
MARKERS_MAX = 60  # paths with at most this many steps show their points (as _path_props)


def explorer_config(batch_size=INITIAL[0], lr=INITIAL[1]):
    """What the explorer computes from, JSON-ready: the students, the start, nnlib.sgd's batch
    orders for every seed of RUN_SEEDS (EPOCHS epochs, playground_data.sgd_batch_orders), the
    choices of batch size, the learning-rate control's range, the map's window and the colours.
    The page trains with the twin of nnlib; the browser tests check its numbers against sgd_path."""
    if batch_size not in BATCH_SIZES:
        raise ValueError(f"batch_size must be one of {BATCH_SIZES}; got {batch_size!r}")
    if not LR_RANGE[0] <= float(lr) <= LR_RANGE[1]:
        raise ValueError(f"lr = {lr} is outside the explorer's range {list(LR_RANGE)}")
    X, Y = _exam_data()
    lw, lb, lc = lowest_point()
    return {
        "X": X.tolist(), "Y": Y.tolist(), "start_point": list(START), "epochs": EPOCHS,
        "seed": SEED, "run_seeds": list(RUN_SEEDS),
        "orders": {str(s): encode_orders(sgd_batch_orders(s, M, EPOCHS), M) for s in RUN_SEEDS},
        "batch_sizes": list(BATCH_SIZES), "lr_range": list(LR_RANGE), "slider": LR_SLIDER,
        "start": {"batch_size": int(batch_size), "lr": float(lr)},
        "w_range": list(W_RANGE), "b_range": list(B_RANGE), "contours": CONTOURS,
        "lowest": {"w": lw, "b": lb, "cost": lc}, "cost_top": 0.56, "markers_max": MARKERS_MAX,
        "colours": {"scale": COLORSCALE, "full": BLUE, "sgd": VERMILION, "grey": GREY},
    }


class SGDExplorer:
    """The explorer as a notebook output: HTML with the module inlined (js_modules.explorer_html),
    so the same output runs in the built book and in JupyterLab, with or without a kernel."""

    def __init__(self, config):
        self.config = config
        self.element_id = f"nnjs-sgd-{uuid.uuid4().hex[:8]}"

    def _repr_html_(self):
        return explorer_html("sgd_explorer.js", "mountSGD", self.config, self.element_id)

    def __repr__(self):
        start = self.config["start"]
        return (f"SGD explorer at B = {start['batch_size']}, lr = {start['lr']:g} (it runs in the browser: "
                f"choose the batch size, move the learning-rate slider or type the learning rate)")


def sgd_explorer(batch_size=INITIAL[0], lr=INITIAL[1]):
    """Choose the batch size and the learning rate (continuous) and see, trained live in the page,
    the paths of one SGD run and of full-batch descent on the cost map, their costs, and the final
    costs of the runs of every seed."""
    return SGDExplorer(explorer_config(batch_size, lr))


def _from_labels(batch_size, lr):
    return int(batch_size), float(lr)


def sgd_app(batch_size=INITIAL[0], lr=INITIAL[1]):
    """Kernel face: the same figure, restyled live by ipywidgets sliders.

    The grids are not evenly spaced, so the sliders step through their values given as text
    (a SelectionSlider each); the app turns the text back into numbers.
    """
    controls = {name: ([f"{v:g}" for v in values], i, label)
                for name, (values, i, label) in _controls(batch_size, lr).items()}
    return live_app(controls, lambda batch_size, lr: sgd_figure(*_from_labels(batch_size, lr)),
                    lambda batch_size, lr: sgd_state(*_from_labels(batch_size, lr)))

"""From one example to a batch: the batch chapter's experiments, figures and interactives.

Every number comes from nnlib: Network (forward, cost, gradients), nnlib.sgd (training),
nnlib.loop_backprop.loop_gradients (S3's accumulator loop) and nnlib.datasets.circles (S4's data).

- The regularisation experiment: a 2-8-1 network (tanh hidden layer, sigmoid output,
  cross-entropy) trained by full-batch gradient descent on m = 30 points of two noisy circles,
  for every lambda of LAMBDAS and in ten runs (run k: its own 30 training points and its own
  initial weights), tested on 1,000 fresh points. Trainings are run once and cached, so the
  notebook, its figures, the kernel app and the tests share them.
- run_result(lam, run, m): the numbers of one training; spread(field, lam, m): that number over
  the ten runs (an nnlib.seeds.Spread); summary_table and regularisation_bands_figure show them.
- regularisation_state(lam, run): the pure update function of the kernel app (m = 30, lam in LAMBDAS).
- regularisation_figure / regularisation_figure_state: the decision region on the plane, the squared
  norms of the weights and biases, and the train and test costs (the kernel face restyles it).
- regularisation_explorer(lam, run): the page's face, trained live in the browser by the JavaScript
  twin of nnlib (nnlib/viz/js/regularisation.js): lambda continuous (0 allowed), any run; it needs
  no kernel and works in JupyterLab too. regularisation_app: the kernel face, over the cached
  trainings of LAMBDAS.
- time_per_call: the best time of a gradient function, for the loop-versus-matrix race.
- neuron_penalty_fits / bias_penalty_figure: one neuron on the pipeline chapter's eight students
  (or on other hours and results), fitted with no penalty, a weight penalty, and a penalty on the
  weight and the bias.
"""
import timeit
import uuid
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..datasets import circles
from ..network import Network
from ..seeds import SEEDS, spread_of
from ..train import sgd
from .bands import band_traces
from .neuron import HOURS, PASSED, X_GRID, one_neuron
from .palette import BLUE, GREEN, GREY, ORANGE, VERMILION
from .js_modules import explorer_html
from .renderer import with_alt
from .widgets import live_app

# --------------------------------------------------------------------------------------
# The regularisation experiment: a 2-8-1 network on two noisy concentric circles, ten runs
# --------------------------------------------------------------------------------------
SIZES = (2, 8, 1)
HIDDEN, OUTPUT, COST = "tanh", "sigmoid", "cross_entropy"
EPOCHS, LR = 800, 1.0  # lr 1: full-batch descent settles; at lr 2 it wanders, and rounding decides where it stops
NOISE = 0.2
M = 30  # training points per run: few enough that an unpenalised 2-8-1 network memorises them
M_MORE = 300  # the "more data" comparison, and the 300 points of the chapter's gradient checks
N_TEST, TEST_SEED = 1000, 0  # one test set for every run; run k draws its training points with seed k + 1
RUNS = SEEDS  # ten runs: run k has training points circles(seed=k + 1) and initial weights Network(seed=k)
LAMBDAS = (0.0, 0.03, 0.1, 0.3, 1.0, 3.0)  # the experiment's lambdas, the kernel app's lambda control
START = (0.0, 0)  # the interactives start with no regularisation, run 0
EXTENT = 1.6  # the plane shown is [-EXTENT, EXTENT]^2
PLANE = np.round(np.linspace(-EXTENT, EXTENT, 41), 2)  # the decision region is drawn on 41 x 41 points
SURE = 0.01  # an answer below 0.01 or above 0.99 is a "sure" one


@lru_cache(maxsize=None)
def _training_set(run, m):
    return circles(n=m, noise=NOISE, seed=run + 1)


@lru_cache(maxsize=1)
def _test_set():
    return circles(n=N_TEST, noise=NOISE, seed=TEST_SEED)


def training_set(run, m=M):
    """(X, Y) of run `run`: m points of two noisy circles (half on each), drawn with seed run + 1."""
    return tuple(a.copy() for a in _training_set(int(run), int(m)))


def test_set():
    """(X_test, Y_test): 1,000 fresh points of the same circles, the same for every run."""
    return tuple(a.copy() for a in _test_set())


def circles_data():
    """(X_train, Y_train, X_test, Y_test): run 0's 300 training points and the 1,000 test points."""
    return training_set(0, M_MORE) + test_set()


def regularised_network(lam, seed=0):
    """The untrained 2-8-1 network (tanh, sigmoid output, cross-entropy) with L2 strength lam."""
    return Network(list(SIZES), hidden=HIDDEN, output=OUTPUT, cost=COST, seed=seed, l2=lam)


def _check_grid(lam, run):
    lam = float(lam)
    if not any(np.isclose(lam, v) for v in LAMBDAS):
        raise ValueError(f"lam must be one of {LAMBDAS}; got {lam!r}")
    if int(run) != run or int(run) not in RUNS:
        raise ValueError(f"run must be one of {tuple(RUNS)}; got {run!r}")
    return float(LAMBDAS[int(np.argmin([abs(lam - v) for v in LAMBDAS]))]), int(run)


@lru_cache(maxsize=None)
def _trained_theta(lam, run, m):
    X, Y = _training_set(run, m)
    net = regularised_network(lam, seed=run)
    sgd(net, X, Y, epochs=EPOCHS, batch_size=None, lr=LR)
    return net.get_params()


def trained_network(lam, run, m=M):
    """Run `run`'s network trained by full-batch gradient descent (EPOCHS steps of size LR) on its m
    training points with the regularised cost (cost-l2) of strength lam. Cached."""
    lam, run, m = float(lam), int(run), int(m)
    net = regularised_network(lam, seed=run)
    net.set_params(_trained_theta(lam, run, m))
    return net


class RegularisationResult(NamedTuple):
    """What the experiment measures for one (lam, run, m): all from the trained nnlib Network."""

    lam: float
    run: int
    m: int
    weight_norms: tuple  # ||W^[l]||^2 (sum of squared entries) for l = 1..L
    bias_norms: tuple  # ||b^[l]||^2 for l = 1..L (not regularised)
    penalty: float  # (lam / 2m) sum_l ||W^[l]||^2, the L2 term of the training cost
    train_cost: float  # cross-entropy averaged over the m training points (without the penalty)
    test_cost: float  # cross-entropy averaged over the 1,000 test points
    train_accuracy: float  # fraction of training points on the right side of a = 0.5
    test_accuracy: float
    test_sure: float  # fraction of test points answered with a < SURE or a > 1 - SURE
    region: np.ndarray  # a^[L] on PLANE x PLANE, shape (41, 41), row i is y = PLANE[i]

    @property
    def weight_norm(self):
        """sum_l ||W^[l]||^2, the quantity the penalty multiplies."""
        return float(sum(self.weight_norms))

    @property
    def bias_norm(self):
        """sum_l ||b^[l]||^2, which the penalty leaves alone."""
        return float(sum(self.bias_norms))


@lru_cache(maxsize=None)
def _result(lam, run, m):
    net = trained_network(lam, run, m)
    X, Y = _training_set(run, m)
    X_test, Y_test = _test_set()
    data_cost = net.copy()
    data_cost.l2 = 0.0  # the cross-entropy alone
    gx, gy = np.meshgrid(PLANE, PLANE)
    region = net.forward(np.vstack([gx.ravel(), gy.ravel()]))[0].reshape(gx.shape)
    w2 = tuple(float(np.sum(W * W)) for W in net.W)
    a_test = net.forward(X_test)[0]
    return RegularisationResult(
        lam, run, m, w2, tuple(float(np.sum(b * b)) for b in net.b),
        lam / (2 * m) * sum(w2),
        data_cost.cost(X, Y), data_cost.cost(X_test, Y_test),
        float(np.mean(net.predict(X) == Y[0])), float(np.mean(net.predict(X_test) == Y_test[0])),
        float(np.mean((a_test < SURE) | (a_test > 1 - SURE))),
        region,
    )


def run_result(lam, run, m=M):
    """The numbers of run `run` trained with L2 strength lam on its m points (cached)."""
    if int(m) < 2:
        raise ValueError(f"m must be at least 2 (one point per circle); got {m!r}")
    return _result(float(lam), int(run), int(m))


def regularisation_state(lam, run):
    """The update function of the kernel app: run `run` trained with L2 strength lam (of LAMBDAS) on M points."""
    return _result(*_check_grid(lam, run), M)


def all_trainings():
    """Train (or look up) every (lam, run) of the experiment; returns {(lam, run): result}."""
    return {(lam, run): regularisation_state(lam, run) for lam in LAMBDAS for run in RUNS}


def spread(field, lam, m=M):
    """One number of the results (e.g. "test_cost", "weight_norm") over the ten runs: a Spread."""
    return spread_of(RUNS, [getattr(run_result(lam, run, m), field) for run in RUNS])


def summary_table():
    """The experiment over the ten runs, one line per lambda: means, and ranges of the test numbers."""
    lines = ["lambda  sum|W|^2  train cost  test cost (lowest-highest)  test accuracy %",
             "        (mean)    (mean)      mean                        mean (lowest-highest)"]
    for lam in LAMBDAS:
        norm, train = spread("weight_norm", lam), spread("train_cost", lam)
        test, acc = spread("test_cost", lam), spread("test_accuracy", lam)
        lines.append(f"{lam:6g}  {norm.mean:8.2f}  {train.mean:10.3f}  {test.mean:9.3f} "
                     f"({test.lo:.3f}-{test.hi:.3f})       {100 * acc.mean:5.1f} "
                     f"({100 * acc.lo:.1f}-{100 * acc.hi:.1f})")
    return "\n".join(lines)


def lambda_label(lam):
    return f"{lam:g}"


def regularisation_bands_figure():
    """Over the ten runs, against lambda: train and test cost, test accuracy (top), and the change of
    the test cost and accuracy from lambda = 0, each run against itself (bottom). Each as the mean of
    the runs (a line) and the lowest to the highest run (a band)."""
    x = [lambda_label(lam) for lam in LAMBDAS]
    curves = {field: np.array([spread(field, lam).values for lam in LAMBDAS]).T
              for field in ("train_cost", "test_cost", "test_accuracy")}
    cost_change = curves["test_cost"] - curves["test_cost"][:, :1]  # run k at lambda minus run k at 0
    acc_change = 100 * (curves["test_accuracy"] - curves["test_accuracy"][:, :1])
    fig = make_subplots(rows=2, cols=2, horizontal_spacing=0.12, vertical_spacing=0.2,
                        subplot_titles=("cost (cross-entropy)", "test accuracy (%)",
                                        "test cost minus the same run's at λ = 0",
                                        "test accuracy minus the same run's at λ = 0 (points)"))
    fig.add_traces(band_traces(x, curves["train_cost"], BLUE, "train cost"), rows=1, cols=1)
    fig.add_traces(band_traces(x, curves["test_cost"], VERMILION, "test cost", dash="dash"), rows=1, cols=1)
    fig.add_traces(band_traces(x, 100 * curves["test_accuracy"], GREEN, "test accuracy"), rows=1, cols=2)
    fig.add_traces(band_traces(x, cost_change, VERMILION, "change in test cost", dash="dash",
                               showlegend=False), rows=2, cols=1)
    fig.add_traces(band_traces(x, acc_change, GREEN, "change in test accuracy", showlegend=False),
                   rows=2, cols=2)
    for col in (1, 2):
        fig.add_hline(y=0, line={"color": GREY, "width": 1}, row=2, col=col)
    fig.update_xaxes(title_text="λ", type="category")
    fig.update_yaxes(rangemode="tozero", row=1, col=1)
    fig.update_annotations(font_size=13)
    fig.update_layout(
        title={"text": f"{len(RUNS)} runs, m = {M} training points each: mean (line) and "
                       f"lowest to highest run (band)", "font": {"size": 14}},
        template="plotly_white", height=720, margin={"t": 80, "b": 60},
        legend={"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0},
    )
    test, acc = curves["test_cost"].mean(0), 100 * curves["test_accuracy"].mean(0)
    below = [int(np.sum(cost_change[:, i] < 0)) for i in range(1, len(LAMBDAS))]
    return with_alt(fig, (
        f"Four panels against lambda = {', '.join(x)}, each over {len(RUNS)} runs of a 2-8-1 network "
        f"trained on {M} points of two noisy circles: a line for the mean and a shaded band from the "
        f"lowest to the highest run. Top left: train cost (rising with lambda, mean "
        f"{curves['train_cost'].mean(0)[0]:.3f} to {curves['train_cost'].mean(0)[-1]:.3f}) and test "
        f"cost (mean {', '.join(f'{v:.3f}' for v in test)}). Top right: test accuracy in percent (mean "
        f"{', '.join(f'{v:.1f}' for v in acc)}). Bottom: each run's test cost and test accuracy minus "
        f"the same run's at lambda = 0; the test cost is lower than without a penalty in "
        f"{', '.join(f'{n} of {len(RUNS)}' for n in below)} runs for lambda = {', '.join(x[1:])}."))


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
    return (f"λ = {r.lam:g}, run {r.run}:  Σ‖W‖² = {fmt(r.weight_norm)},  train cost {fmt(r.train_cost)},  "
            f"test cost {fmt(r.test_cost)},  test accuracy {100 * r.test_accuracy:.1f} %")


def _points(run):
    X, Y = _training_set(run, M)
    return X[:, Y[0] == 0], X[:, Y[0] == 1]


@lru_cache(maxsize=1)
def _axis_limits():
    results = all_trainings().values()
    norms = max(max(r.weight_norms + r.bias_norms) for r in results)
    costs = max(max(r.train_cost, r.test_cost, r.penalty) for r in results)
    return 1.25 * norms, 1.25 * costs  # room above the tallest bar for its label, below the panel title


def _alt(r):
    return (
        f"Left: the plane from {-EXTENT:g} to {EXTENT:g} in both directions, shaded by the output of a 2-8-1 "
        f"network trained with lambda = {r.lam:g} on the m = {r.m} points of run {r.run} (of {len(RUNS)}), "
        f"drawn from two noisy concentric circles "
        f"(outer circle blue dots, inner circle orange diamonds); a dark line marks where the output is "
        f"0.5, the decision boundary. Right, top: bars of the squared norms of the weights, "
        f"{fmt(r.weight_norms[0])} and {fmt(r.weight_norms[1])}, and of the biases, {fmt(r.bias_norms[0])} "
        f"and {fmt(r.bias_norms[1])}. Right, bottom: train cost {fmt(r.train_cost)}, test cost "
        f"{fmt(r.test_cost)} and L2 penalty {fmt(r.penalty)}; test accuracy {100 * r.test_accuracy:.1f} percent."
    )


def regularisation_figure(lam=START[0], run=START[1]):
    """Decision region with the training points, norm bars and cost bars for one (lam, run)."""
    r = regularisation_state(lam, run)
    outer, inner = _points(r.run)
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


def regularisation_figure_state(lam, run):
    """What changes in regularisation_figure when (lam, run) moves, and its text alternative."""
    r = regularisation_state(lam, run)
    outer, inner = _points(r.run)
    return {
        "data": {
            T_REGION: {"z": np.round(r.region, 3)},
            T_OUTER: {"x": outer[0], "y": outer[1]},
            T_INNER: {"x": inner[0], "y": inner[1]},
            T_NORMS: {"y": list(r.weight_norms + r.bias_norms)},
            T_COSTS: {"y": [r.train_cost, r.test_cost, r.penalty]},
        },
        "layout": {"title.text": regularisation_title(r)},
        "alt": _alt(r),
    }


def regularisation_controls(lam=START[0], run=START[1]):
    """{name: (values, initial index, label)} for the two controls, lambda and the run."""
    lam, run = _check_grid(lam, run)
    return {
        "lam": (LAMBDAS, LAMBDAS.index(lam), "λ (regularisation)"),
        "run": (tuple(RUNS), tuple(RUNS).index(run), "run (training points and initial weights)"),
    }


def _live_controls(lam, run):
    # lambda's grid is not evenly spaced: the kernel face offers exactly its values (as names)
    return {name: ([f"{v:g}" for v in values], i, label)
            for name, (values, i, label) in regularisation_controls(lam, run).items()}


def regularisation_app(lam=START[0], run=START[1]):
    """Kernel face: the same figure, restyled from the cached trainings when a control moves."""
    return live_app(_live_controls(lam, run),
                    lambda lam, run: regularisation_figure(float(lam), int(run)),
                    lambda lam, run: regularisation_figure_state(float(lam), int(run)))


# --------------------------------------------------------------------------------------
# The page's face: the explorer, computed live in the browser (nnlib/viz/js/regularisation.js)
# --------------------------------------------------------------------------------------
LAMBDA_RANGE = (0.0, 10.0)  # what the explorer's lambda field accepts (its slider: 0, then 0.001 to 10)
SLIDER = {"lo": -3, "per_decade": 100, "positions": 401}  # position p >= 1: lambda = 10^(lo + (p - 1) / 100)


def explorer_config(lam=START[0], run=START[1]):
    """What the explorer computes from, JSON-ready: the network and its training (epochs, lr), each
    run's m training points and initial weights (net.get_params()), the test points, the plane's
    grid, the lambda control's range and the colours. The page trains with the twin of nnlib; the
    browser tests check its numbers against run_result."""
    if not LAMBDA_RANGE[0] <= float(lam) <= LAMBDA_RANGE[1]:
        raise ValueError(f"lam = {lam} is outside the explorer's range {list(LAMBDA_RANGE)}")
    if int(run) != run or int(run) not in RUNS:
        raise ValueError(f"run must be one of {tuple(RUNS)}; got {run!r}")
    lam, run = float(lam), int(run)
    net = regularised_network(0.0)
    X_test, Y_test = _test_set()
    norm_max, cost_max = _axis_limits()
    return {
        "sizes": list(SIZES), "hidden": net.hidden.name, "output": net.output.name, "cost": net.cost_function.name,
        "epochs": EPOCHS, "lr": LR,
        "runs": [{"X": X.tolist(), "Y": Y.astype(int).tolist(), "theta": regularised_network(0.0, seed=k).get_params().tolist()}
                 for k in RUNS for X, Y in [_training_set(k, M)]],
        "test": {"X": X_test.tolist(), "Y": Y_test.astype(int).tolist()},
        "plane": PLANE.tolist(), "extent": EXTENT, "sure": SURE,
        "lambda_range": list(LAMBDA_RANGE), "slider": SLIDER, "start": {"lam": lam, "run": run},
        "norm_top": round(norm_max, 1), "cost_top": round(cost_max, 3),
        "labels": {"norms": list(NORM_LABELS), "costs": list(COST_LABELS)},
        "colours": {"region": REGION_SCALE, "outer": BLUE, "inner": ORANGE, "grey": GREY, "weight": BLUE,
                    "bias": GREEN, "train": BLUE, "test": VERMILION, "penalty": GREY},
    }


class RegularisationExplorer:
    """The explorer as a notebook output: HTML with the module inlined (js_modules.explorer_html),
    so the same output runs in the built book and in JupyterLab, with or without a kernel."""

    def __init__(self, config):
        self.config = config
        self.element_id = f"nnjs-regularisation-{uuid.uuid4().hex[:8]}"

    def _repr_html_(self):
        return explorer_html("regularisation.js", "mountRegularisation", self.config, self.element_id)

    def __repr__(self):
        start = self.config["start"]
        return (f"Regularisation explorer at lambda = {start['lam']:g}, run {start['run']} (it runs in the "
                f"browser: move the lambda slider or type lambda, choose the run)")


def regularisation_explorer(lam=START[0], run=START[1]):
    """Set lambda (continuous, 0 allowed) and the run, and see, trained live in the page, the
    decision region, the squared norms of the weights and biases, and the costs and the penalty."""
    return RegularisationExplorer(explorer_config(lam, run))


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
# The eight students are symmetric about 2.25 hours (x -> 4.5 - x swaps pass and fail). Without
# the student who studied 4 hours (and passed) they are not: 3 passes, 4 fails.
DROPPED = 4.0
HOURS_7 = HOURS[:, HOURS[0] != DROPPED]
PASSED_7 = PASSED[:, HOURS[0] != DROPPED]


@lru_cache(maxsize=16)
def _fit_neuron(lam, penalty, epochs, lr, hours, passed):
    X, Y = np.array([hours]), np.array([passed])
    net = one_neuron(2.0, -4.0)
    net.l2 = 0.0 if penalty == "none" else lam  # Network's L2 term: the weight only
    m = X.shape[1]
    for _ in range(epochs):
        dW, db = net.gradients(X, Y)
        if penalty == "weight and bias":  # the gradient of (lam / 2m) b^2, which nnlib never adds
            db[1] += lam / m * net.b[1]
        net.W[1] -= lr * dW[1]
        net.b[1] -= lr * db[1]
    w, b = float(net.W[1][0, 0]), float(net.b[1][0, 0])
    return NeuronFit(penalty, w, b, -b / w, net.forward(X_GRID)[0])


def neuron_penalty_fits(lam=0.5, epochs=2000, lr=2.0, hours=HOURS, passed=PASSED):
    """One sigmoid neuron fitted by gradient descent to the students (hours, passed: shape (1, m);
    by default the eight of the pipeline chapter) three ways: no penalty, (lam / 2m) w^2 (nnlib's
    L2, weights only), and (lam / 2m)(w^2 + b^2). Returns three NeuronFits."""
    key = tuple(float(v) for v in np.ravel(hours)), tuple(float(v) for v in np.ravel(passed))
    return [_fit_neuron(float(lam), p, int(epochs), float(lr), *key) for p in PENALTIES]


def bias_penalty_figure(lam=0.5, hours=HOURS, passed=PASSED):
    """The students (by default the eight) with the three fitted curves and their midpoints a = 0.5."""
    fits = neuron_penalty_fits(lam, hours=hours, passed=passed)
    n = np.asarray(hours).shape[1]
    who = "Eight students'" if n == 8 else f"{n} students'"
    colours = {"none": GREY, "weight": BLUE, "weight and bias": VERMILION}
    dashes = {"none": "dot", "weight": "solid", "weight and bias": "dash"}
    fig = go.Figure([go.Scatter(x=hours[0], y=passed[0], mode="markers", name="students (x, y)",
                                marker={"size": 11, "color": ORANGE})])
    for f in fits:
        fig.add_trace(go.Scatter(
            x=X_GRID[0], y=f.curve, mode="lines", line={"color": colours[f.penalty], "width": 3, "dash": dashes[f.penalty]},
            name=f"penalty on {f.penalty}: w = {f.w:.2f}, b = {f.b:.2f}, a = 0.5 at x = {f.midpoint:.2f}"))
        fig.add_trace(go.Scatter(x=[f.midpoint], y=[0.5], mode="markers", showlegend=False,
                                 marker={"size": 10, "color": colours[f.penalty], "symbol": "x"},
                                 hovertemplate="a = 0.5 at x = %{x:.3f}<extra></extra>"))
    fig.update_layout(
        title={"text": f"One neuron fitted three ways (λ = {lam:g}, m = {n} students)", "font": {"size": 14}},
        xaxis_title="hours of study x", yaxis_title="output a, target y", yaxis_range=[-0.05, 1.05],
        template="plotly_white", height=470,
        legend={"orientation": "v", "y": -0.2, "yanchor": "top", "x": 0},
        margin={"b": 150},
    )
    w_fit, wb_fit = fits[1], fits[2]
    return with_alt(fig, (
        f"{who} hours of study against pass (1) or fail (0), with three S-shaped curves of one "
        f"neuron: fitted with no penalty (midpoint x = {fits[0].midpoint:.2f}), with a penalty on the weight "
        f"only (flatter, midpoint x = {w_fit.midpoint:.2f}) and with a penalty on weight and bias (flatter "
        f"and shifted {'left' if wb_fit.midpoint < fits[0].midpoint else 'right'}, midpoint x = "
        f"{wb_fit.midpoint:.2f})."))

"""The two-circles case study (S4): a 2-4-6-6-4-1 network learns to tell two concentric circles apart.

Every number comes from nnlib: nnlib.circles (the data), Network (forward, cost), and
nnlib.snapshots.train_with_snapshots (sgd with the parameters kept after every epoch).

Training is chaotic (see nnlib.seeds), so the chapter's claims come from several runs: the same
setting trained from several seeds of the initial weights.

- train_circles(...): one training run on the chapter's data, cached; every run of the chapter
  (the main run, the runs over seeds, the runs at three learning rates) comes from it.
- runs_over_seeds(seeds, **setting), accuracy_over_seeds(seeds, **setting): one setting over
  several seeds; s4_runs(): S4's setting over S4_SEEDS; ideal_circle_accuracy(): the ceiling.
- learning_curves_figure (one run, and the band of the runs over seeds), boundary_animation_figure
  (an epoch slider that is a linked slider; in the page, Play, Pause and Step buttons drive it),
  hidden_units_figure, comparison_figure.
- The playground: playground_figure_dict(net, record, config) is the pure, fast redraw of the
  kernel face (PlaygroundApp: a Train button runs sgd and redraws every few epochs); the page's
  face trains live in the browser (playground_data.live_playground()); playground_runs() are the
  chapter's runs at PLAYGROUND_LRS from PLAYGROUND_SEEDS.
"""
import html
import warnings
from functools import lru_cache

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from ..datasets import circles
from ..layer_list import LayerList
from ..network import Network
from ..seeds import SEEDS, over_seeds
from ..snapshots import TrainingRecord, network_accuracy, plane_grid, probability_grid, train_with_snapshots
from ..train import TrainingDiverged
from ..training_health import TrainingWarning
from .bands import band_traces
from .palette import BLUE, GREY, ORANGE, VERMILION
from .figure_view import FigureView
from .renderer import _compact_js, with_alt
from .static import SLIDER_GAP_PX, linked_sliders_figure
from .widgets import LIVE_NOTE

# --------------------------------------------------------------------------------------
# The data, the network and one training run
# --------------------------------------------------------------------------------------
N_TRAIN, N_TEST, NOISE = 1000, 500, 0.1  # training set circles(1000, seed=0), test set circles(500, seed=1)
HIDDEN = "4-6-6-4"  # S4's hidden layers: 4, 6, 6 and 4 units
MAIN = {"hidden": HIDDEN, "activation": "relu", "lr": 0.3, "batch_size": 16, "seed": 0}
EPOCHS = 50
SHUFFLE_SEED = 0  # sgd's shuffling; the config's seed is the one of the initial weights
S4_SEEDS = tuple(range(20))  # S4's claim is measured over twenty seeds of the initial weights
IDEAL_RADIUS = 0.75  # the circle halfway between the two rings
LIM, GRID_N = 1.5, 40  # the plane [-1.5, 1.5]^2, drawn on 40 x 40 points
XS, YS, GRID_POINTS = plane_grid(LIM, GRID_N)
DECIMALS = 2  # probabilities shipped in the page are rounded to 2 decimals
SHOWN_POINTS = 400  # the figures show the first 400 training points
MAX_UNITS, MAX_LAYERS = 32, 6
# the animation's snapshots: every epoch at first, when the boundary moves fast, then sparser
PLAY_MS = 350  # how long Play shows each snapshot
ANIMATION_EPOCHS = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16, 18, 20, 23, 26, 30, 34, 38, 42, 46, 50)
REGION_SCALE = [[0.0, "#B3D4EA"], [0.5, "#FFFFFF"], [1.0, "#F7DDA6"]]  # as the batch chapter: tints of BLUE, ORANGE
UNIT_SCALE = [[0.0, "#FFFFFF"], [1.0, BLUE]]


@lru_cache(maxsize=1)
def _data():
    X, Y = circles(N_TRAIN, noise=NOISE, seed=0)
    X_test, Y_test = circles(N_TEST, noise=NOISE, seed=1)
    return X, Y, X_test, Y_test


def circles_data():
    """(X, Y, X_test, Y_test): 1000 training and 500 test points of two noisy concentric circles.

    X is (2, 1000); Y is (1, 1000) with label 1 for the inner circle and 0 for the outer one.
    """
    return tuple(a.copy() for a in _data())


def parse_hidden(text):
    """The hidden layer sizes written as text: "4-6-6-4" -> [4, 6, 6, 4]; "" or "none" -> [] (no hidden layer)."""
    text = str(text).strip().lower().replace(" ", "")
    if text in ("", "none", "0", "-"):
        return []
    try:
        sizes = [int(part) for part in text.replace(",", "-").split("-")]
    except ValueError:
        raise ValueError(f"write the hidden layers as numbers joined by '-', e.g. 4-6-6-4; got {text!r}") from None
    if not all(1 <= n <= MAX_UNITS for n in sizes) or len(sizes) > MAX_LAYERS:
        raise ValueError(f"use at most {MAX_LAYERS} hidden layers of 1 to {MAX_UNITS} units each; got {text!r}")
    return sizes


def make_network(hidden=HIDDEN, activation="relu", seed=0):
    """Network([2, *hidden, 1]) with the given hidden activation, a sigmoid output and cross-entropy."""
    return Network([2, *parse_hidden(hidden), 1], hidden=activation, output="sigmoid",
                   cost="cross_entropy", seed=seed)


def train_circles(hidden=HIDDEN, activation="relu", lr=0.3, batch_size=16, seed=0, epochs=EPOCHS):
    """Train make_network(hidden, activation, seed) with sgd on the training set; a TrainingRecord.

    The record holds the cost and accuracy on the training and the test set after every epoch and
    the parameters after every epoch (record.network_at(k)). Cached (however the arguments are
    passed, the same run is trained once): treat the result as read-only.
    Some of the chapter's runs fail on purpose (a layer of dead units at a large learning rate):
    sgd's TrainingWarning is not printed for them; record.history.problems keeps its sentences.
    """
    return _train_circles(str(hidden), str(activation), float(lr), int(batch_size), int(seed), int(epochs))


@lru_cache(maxsize=256)
def _train_circles(hidden, activation, lr, batch_size, seed, epochs):
    X, Y, X_test, Y_test = _data()
    net = make_network(hidden, activation, seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrainingWarning)
        return train_with_snapshots(net, X, Y, epochs, batch_size, lr, seed=SHUFFLE_SEED, every=1,
                                    X_test=X_test, Y_test=Y_test)


def main_run():
    """The chapter's main run: 2-4-6-6-4-1, ReLU, sigmoid output, cross-entropy, 50 epochs, batch 16, lr 0.3."""
    return train_circles(**MAIN)


def runs_over_seeds(seeds=SEEDS, **setting):
    """The records of one setting (MAIN with `setting` changed) trained from each seed of the
    initial weights, in the order of `seeds`: train_circles(**{**MAIN, **setting, "seed": s})."""
    return tuple(train_circles(**{**MAIN, **setting, "seed": int(s)}) for s in seeds)


def accuracy_over_seeds(seeds=SEEDS, **setting):
    """The test accuracy after the last epoch of each run of runs_over_seeds: a Spread over seeds."""
    return over_seeds(lambda s: train_circles(**{**MAIN, **setting, "seed": int(s)}).test_accuracy[-1], seeds)


def s4_runs():
    """S4's setting (MAIN: 4-6-6-4, ReLU, eta 0.3, batch 16, 50 epochs) from each seed of S4_SEEDS."""
    return runs_over_seeds(S4_SEEDS)


def first_epoch_at(record, level=0.9):
    """The first epoch after which the test accuracy is at least `level`; None if it never is."""
    return next((e for e, a in enumerate(record.test_accuracy) if a >= level), None)


def largest_jump(record, after=10):
    """The largest ratio train_cost[e] / train_cost[e - 1] for e > after: how far the cost jumps
    up from one epoch to the next once the boundary has formed (1 or less: it never goes up)."""
    c = np.asarray(record.train_cost)
    return float(np.max(c[after + 1:] / c[after:-1]))


def dead_layer(net, X=None):
    """True if some hidden layer has every unit dead (0 at every training point): no gradient
    passes back through it, so the layers below it no longer learn."""
    dead = dead_units(net, X)
    return any(sum(l == layer for l, _ in dead) == n for layer, n in enumerate(net.sizes[1:-1], 1))


def ideal_circle_accuracy(radius=IDEAL_RADIUS, test=True):
    """The accuracy of the classifier that knows the shape: inner circle where |x| < radius.

    The noise pushes a few points across the circle halfway between the rings, so even this
    classifier misses them: the ceiling a learned boundary can expect (on 500 test points a run
    may beat it by a lucky point or two)."""
    X, Y, X_test, Y_test = _data()
    X, Y = (X_test, Y_test) if test else (X, Y)
    return float(np.mean((np.hypot(X[0], X[1]) < radius) == (Y[0] == 1)))


def probabilities(net):
    """The network's output a^[L] on the GRID_N x GRID_N grid, rounded as the page stores it."""
    return np.round(probability_grid(net, XS, YS), DECIMALS)


# --------------------------------------------------------------------------------------
# Shared pieces of the figures
# --------------------------------------------------------------------------------------
def pct(x):
    return f"{100 * float(x):.1f} %"


def short_list(values, decimals=DECIMALS):
    """values rounded to `decimals`, as nested lists with whole numbers as ints: the page stores every
    number as text, and "0" is shorter than "0.0" (most of the plane is far from the boundary)."""
    return [[int(v) if v == int(v) else v for v in row] for row in np.round(values, decimals).tolist()]


def _region(z, xaxis="x", yaxis="y", **extra):
    """The output a^[L] on the plane, shaded, with the decision boundary a^[L] = 0.5 as a dark line."""
    return {
        "type": "contour", "x": np.round(XS, 3).tolist(), "y": np.round(YS, 3).tolist(),
        "z": short_list(z), "zmin": 0.0, "zmax": 1.0, "colorscale": REGION_SCALE,
        "showscale": False, "contours": {"start": 0.5, "end": 0.5, "size": 1.0, "coloring": "heatmap"},
        "line": {"color": GREY, "width": 2.5}, "name": "output a[L]", "xaxis": xaxis, "yaxis": yaxis,
        "hovertemplate": "x₁ = %{x:.2f}<br>x₂ = %{y:.2f}<br>a = %{z:.2f}<extra></extra>", **extra,
    }


def _points(xaxis="x", yaxis="y", showlegend=True):
    """Two scatter traces: the first SHOWN_POINTS training points, outer circle and inner circle."""
    X, Y, _, _ = _data()
    X, Y = X[:, :SHOWN_POINTS], Y[0, :SHOWN_POINTS]
    out = []
    for label, name, colour, symbol, edge in ((0, "outer circle (y = 0)", BLUE, "circle", "white"),
                                              (1, "inner circle (y = 1)", ORANGE, "diamond", GREY)):
        P = np.round(X[:, Y == label], 3)
        out.append({
            "type": "scatter", "x": P[0].tolist(), "y": P[1].tolist(), "mode": "markers", "name": name,
            "marker": {"color": colour, "size": 6, "symbol": symbol, "line": {"color": edge, "width": 0.6}},
            "xaxis": xaxis, "yaxis": yaxis, "showlegend": showlegend, "legendgroup": name, "hoverinfo": "skip",
        })
    return out


def _plane_axes(fig, row=None, col=None, title=True):
    kw = {} if row is None else {"row": row, "col": col}
    fig.update_xaxes(range=[-LIM, LIM], title_text="x₁" if title else None, constrain="domain", **kw)
    fig.update_yaxes(range=[-LIM, LIM], title_text="x₂" if title else None, constrain="domain", **kw)


# --------------------------------------------------------------------------------------
# Learning curves
# --------------------------------------------------------------------------------------
def learning_curves_figure(record=None, runs=None):
    """Cost (left) and accuracy (right) after every epoch of one run, on the training set and on the
    test set; behind the accuracy, the band of the test accuracy over `runs` (default: s4_runs(),
    the same setting from S4_SEEDS), so the figure shows how typical the one run is."""
    record = record or main_run()
    runs = s4_runs() if runs is None else runs
    epochs = list(range(record.epochs + 1))
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12,
                        subplot_titles=("cost C (binary cross-entropy)", "accuracy"))
    band = band_traces(epochs, [r.test_accuracy for r in runs], GREY, f"test set, {len(runs)} runs: mean and range",
                       dash="dot", decimals=4)
    for trace in band:
        fig.add_trace(trace, row=1, col=2)
    for col, (train, test) in ((1, (record.train_cost, record.test_cost)),
                               (2, (record.train_accuracy, record.test_accuracy))):
        fig.add_trace(go.Scatter(x=epochs, y=np.round(train, 4), mode="lines", name="training set",
                                 line={"color": BLUE, "width": 2.5}, showlegend=col == 1, legendgroup="train"),
                      row=1, col=col)
        fig.add_trace(go.Scatter(x=epochs, y=np.round(test, 4), mode="lines", name="test set",
                                 line={"color": VERMILION, "width": 2.5, "dash": "dash"},
                                 showlegend=col == 1, legendgroup="test"), row=1, col=col)
    fig.update_xaxes(title_text="epoch")
    fig.update_yaxes(rangemode="tozero", row=1, col=1)
    fig.update_yaxes(range=[0.4, 1.02], tickformat=".0%", row=1, col=2)
    final = np.array([r.test_accuracy[-1] for r in runs])
    fig.update_layout(
        template="plotly_white", height=450, margin={"t": 90, "b": 90},
        title={"text": (f"One run after {record.epochs} epochs: test cost {record.test_cost[-1]:.3f}, "
                        f"test accuracy {pct(record.test_accuracy[-1])}<br>{len(runs)} runs: test accuracy "
                        f"median {pct(np.median(final))}, from {pct(final.min())} to {pct(final.max())}"),
               "font": {"size": 14}},
        legend={"orientation": "h", "y": -0.22, "yanchor": "top", "x": 0},
    )
    return with_alt(fig, (
        f"Two line charts against the epoch, 0 to {record.epochs}, of one training run. Left: the cross-entropy "
        f"cost on the training set (solid) and the test set (dashed) falls from {record.train_cost[0]:.3f} to "
        f"{record.train_cost[-1]:.3f} and {record.test_cost[-1]:.3f}. Right: the accuracy rises from "
        f"{pct(record.train_accuracy[0])} to {pct(record.train_accuracy[-1])} on the training set and "
        f"{pct(record.test_accuracy[-1])} on the test set; behind it a grey band spans the test accuracy of "
        f"{len(runs)} runs of the same setting from other initial weights (after {record.epochs} epochs: median "
        f"{pct(np.median(final))}, from {pct(final.min())} to {pct(final.max())}), with their mean as a dotted line."
    ))


# --------------------------------------------------------------------------------------
# The decision boundary, animated over training
# --------------------------------------------------------------------------------------
def boundary_title(record, epoch):
    """The animation's title after `epoch`: the numbers of the record."""
    return (f"after epoch {epoch}: training cost {record.train_cost[epoch]:.3f}, "
            f"training accuracy {pct(record.train_accuracy[epoch])}, test accuracy {pct(record.test_accuracy[epoch])}")


def animation_frame_numbers(record, epoch):
    """(probabilities on the grid, title) after `epoch`, from the recorded parameters."""
    return probabilities(record.network_at(record.snapshot_index(epoch))), boundary_title(record, epoch)


# The animation's buttons, in the page (the HTML face of an AnimatedFigure). The script runs as the
# page is parsed, right after the figure's own; once the linked sliders (static.py) have added the
# epoch's keyboard control, it puts Play, Pause and Step buttons before it. Playing moves that
# control exactly as a reader's arrow key does, so the linked sliders draw the snapshot and move the
# plotly slider and the readout with it; a reader moving either slider pauses. No Plotly.animate:
# interrupting it rejects a promise that plotly's own buttons leave uncaught (a page error).
ANIMATION_JS = """(function () {
var figure = document.currentScript.previousElementSibling;  // the .nnlib-figure before this script
function controls(keys) {
  var gd = figure.querySelector('.plotly-graph-div');
  var epoch = keys.querySelector('input[type=range]');  // the epoch's keyboard control
  var readout = figure.querySelector('.nnlib-figure-readout');
  var last = Number(epoch.max), timer = null, ours = false;
  function show(k) {  // the snapshot k, drawn by the linked sliders as for a reader's key press
    ours = true;
    epoch.value = k;
    epoch.dispatchEvent(new Event('input'));
    ours = false;
  }
  function next() { return Number(epoch.value) === last ? 0 : Number(epoch.value) + 1; }
  function tick() {
    show(Number(epoch.value) + 1);
    if (Number(epoch.value) < last) { timer = setTimeout(tick, {ms}); } else { stop(); }
  }
  function play() {
    if (timer !== null) { return; }  // already playing
    readout.setAttribute('aria-live', 'off');  // a screen reader hears where it stops, not every frame
    if (Number(epoch.value) === last) { show(0); }  // from the end, Play starts over
    timer = setTimeout(tick, {ms});
  }
  function stop() {
    clearTimeout(timer);
    timer = null;
    readout.setAttribute('aria-live', 'polite');
  }
  function pause() {
    if (timer === null) { return; }
    stop();
    show(Number(epoch.value));  // the readout, live again, announces the epoch shown
  }
  function step() { stop(); show(next()); }
  var buttons = document.createElement('span');
  buttons.setAttribute('role', 'group');
  buttons.setAttribute('aria-label', 'animation');
  buttons.style.cssText = 'display:flex;gap:0.4em';
  [['▶ Play', play], ['❚❚ Pause', pause], ['Step ▶|', step]].forEach(function (b) {
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = b[0];
    button.setAttribute('aria-label', b[0].replace(/[^A-Za-z]/g, ''));
    button.addEventListener('click', b[1]);
    buttons.appendChild(button);
  });
  keys.insertBefore(buttons, keys.firstChild);
  epoch.addEventListener('input', function () { if (!ours) { stop(); } });
  gd.on('plotly_sliderchange', function () { if (!ours) { stop(); } });
}
var keys = figure.querySelector('.nnlib-keyboard-controls');
if (keys) { controls(keys); return; }
var watch = new MutationObserver(function () {
  var keys = figure.querySelector('.nnlib-keyboard-controls');
  if (keys) { watch.disconnect(); controls(keys); }
});
watch.observe(figure, {childList: true});
})();"""


class AnimatedFigure(go.Figure):
    """A figure whose HTML face also carries ANIMATION_JS (Play, Pause and Step drive its one linked
    slider); in its plotly JSON face (JupyterLab) the slider animates plotly frames (static.jupyter_face)."""

    def _repr_mimebundle_(self, *args, **kwargs):
        bundle = super()._repr_mimebundle_(*args, **kwargs)
        if "text/html" in bundle:
            bundle["text/html"] += "<script>" + _compact_js(ANIMATION_JS.replace("{ms}", str(PLAY_MS))) + "</script>"
        return bundle

    def _ipython_display_(self):
        # plotly's own _ipython_display_ (pio.show) would bypass _repr_mimebundle_ in a kernel
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True)


def boundary_animation_figure(record=None, epochs=ANIMATION_EPOCHS):
    """The output on the plane after each epoch in `epochs`, chosen with an epoch slider that is a
    linked slider (keyboard, and usable with no kernel); in the page, Play, Pause and Step buttons
    move it every PLAY_MS ms (an AnimatedFigure)."""
    record = record or main_run()
    epochs = [int(e) for e in epochs]
    numbers = {e: animation_frame_numbers(record, e) for e in epochs}
    fig = AnimatedFigure({"data": [_region(numbers[epochs[0]][0]), *_points()]})
    _plane_axes(fig)
    fig.update_yaxes(scaleanchor="x", scaleratio=1)
    fig.update_layout(template="plotly_white", title={"text": numbers[epochs[0]][1], "font": {"size": 14}},
                      margin={"t": 110, "l": 50, "r": 20},
                      legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})

    def state(epoch):
        z, title = numbers[epoch]
        return {"data": {0: {"z": short_list(z)}}, "layout": {"title.text": title}}

    linked_sliders_figure(fig, {"epoch": (epochs, 0, "epoch")}, state, plot_px=430, gap_px=SLIDER_GAP_PX)
    last = epochs[-1]
    return with_alt(fig, (
        f"An animation of the plane from {-LIM:g} to {LIM:g} in both directions with {SHOWN_POINTS} training "
        f"points (outer circle: blue dots, inner circle: orange diamonds), shaded by the network's output "
        f"(orange where it says inner circle, blue where it says outer), with a dark line where the output is 0.5. "
        f"Play, Pause and Step buttons and an epoch slider go through {len(epochs)} moments of training, from before "
        f"training (test accuracy {pct(record.test_accuracy[0])}) to epoch {last} (test accuracy "
        f"{pct(record.test_accuracy[last])}), when the line is a closed curve between the two circles."
    ))


# --------------------------------------------------------------------------------------
# What the hidden units compute
# --------------------------------------------------------------------------------------
UNITS_N = 30  # the small multiples use a coarser 30 x 30 grid
UNIT_XS, UNIT_YS, UNIT_POINTS = plane_grid(LIM, UNITS_N)


def hidden_activations(net):
    """LayerList of the hidden layers l = 1..L-1, a[l] an array (n_l, UNITS_N, UNITS_N): every hidden
    unit's activation a^[l]_j on the grid UNIT_XS x UNIT_YS (entry [j, i, k] at the point
    (UNIT_XS[k], UNIT_YS[i]))."""
    trace = net.forward_trace(UNIT_POINTS)
    return LayerList("a", (trace.a[l].reshape(-1, UNITS_N, UNITS_N) for l in range(1, net.n_layers)))


def dead_units(net, X=None):
    """[(layer, unit)] (both from 1) of the ReLU units whose activation is 0 on every training point."""
    X = _data()[0] if X is None else X
    trace = net.forward_trace(X)
    return [(l, j + 1) for l in range(1, net.n_layers) for j in range(net.sizes[l]) if np.all(trace.a[l][j] <= 0)]


def hidden_units_figure(net=None):
    """Small multiples: one heatmap per hidden unit, a row per hidden layer.

    White is 0 and blue the unit's largest value on the plane; "(dead)" marks the units that are 0
    at every training point."""
    net = net or main_run().net
    acts = hidden_activations(net)
    dead = set(dead_units(net))
    rows, cols = len(acts), max(a.shape[0] for a in acts)
    titles = []
    for l, a in enumerate(acts, 1):
        titles += [f"a[{l}]<sub>{j + 1}</sub>" + (" (dead)" if (l, j + 1) in dead else "") for j in range(a.shape[0])]
        titles += [""] * (cols - a.shape[0])
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles, horizontal_spacing=0.025,
                        vertical_spacing=0.07)
    theta = np.linspace(0, 2 * np.pi, 60)
    for l, a in enumerate(acts, 1):
        for j in range(a.shape[0]):
            z = a[j]
            lo, hi = min(0.0, float(z.min())), float(z.max())
            # plain lists: the page then stores short decimals, not float64 in base64
            fig.add_trace(go.Heatmap(x=np.round(UNIT_XS, 3).tolist(), y=np.round(UNIT_YS, 3).tolist(),
                                     z=short_list(z), zmin=lo,
                                     zmax=hi if hi > lo else lo + 1.0, colorscale=UNIT_SCALE, showscale=False,
                                     hovertemplate=f"layer {l}, unit {j + 1}<br>a = %{{z:.3f}}<extra></extra>"),
                          row=l, col=j + 1)
            fig.add_trace(go.Scatter(x=np.round(0.75 * np.cos(theta), 3).tolist(),
                                     y=np.round(0.75 * np.sin(theta), 3).tolist(),
                                     mode="lines", line={"color": VERMILION, "width": 1, "dash": "dot"},
                                     hoverinfo="skip", showlegend=False), row=l, col=j + 1)
    fig.update_xaxes(showticklabels=False, range=[-LIM, LIM], constrain="domain")
    fig.update_yaxes(showticklabels=False, range=[-LIM, LIM], constrain="domain")
    for k in range(1, rows * cols + 1):
        fig.layout[f"yaxis{k if k > 1 else ''}"].scaleanchor = f"x{k if k > 1 else ''}"
    for l in range(1, rows + 1):
        fig.update_yaxes(title_text=f"layer {l}", title_font_size=12, row=l, col=1)
    fig.update_annotations(font_size=11)
    fig.update_layout(template="plotly_white", height=150 * rows + 110, margin={"t": 80, "b": 20, "l": 60, "r": 20},
                      title={"text": "Each hidden unit's activation over the plane (dotted: the circle of radius 0.75)",
                             "font": {"size": 14}})
    n_units = sum(a.shape[0] for a in acts)
    return with_alt(fig, (
        f"A grid of {n_units} small heatmaps, one row per hidden layer ({', '.join(str(a.shape[0]) for a in acts)} "
        f"units), each showing one unit's activation over the plane from white (0) to blue (its largest value), "
        f"with a dotted circle of radius 0.75 between the two classes. In layer 1 each live unit is zero on one "
        f"side of a straight line and grows on the other; deeper units combine these into bent regions. "
        f"{len(dead)} units are zero everywhere on the training points (dead)."
    ))


# --------------------------------------------------------------------------------------
# Depth and non-linearity: three networks side by side
# --------------------------------------------------------------------------------------
COMPARISON = (
    ("no hidden layer", {"hidden": "", "activation": "relu"}),
    ("4-6-6-4, identity", {"hidden": HIDDEN, "activation": "identity"}),
    ("4-6-6-4, ReLU", {"hidden": HIDDEN, "activation": "relu"}),
)


NEURON_SETTINGS = (  # the exercise "how few neurons?": one hidden layer of 2 or of 4 ReLU units
    ("one layer of 2 ReLU units", {"hidden": "2"}),
    ("one layer of 4 ReLU units", {"hidden": "4"}),
)


OTHER_SETTINGS = (  # two settings that fail for reasons worth remembering
    ("4-4, sigmoid", {"hidden": "4-4", "activation": "sigmoid"}),
    ("batch 1000", {"batch_size": N_TRAIN}),
)


def comparison_runs(settings=COMPARISON, seed=0):
    """[(label, record)]: one run (initial weights from `seed`) of each setting, trained like the main run."""
    return [(label, train_circles(**{**MAIN, **spec, "seed": seed})) for label, spec in settings]


def comparison_spreads(settings=COMPARISON, seeds=SEEDS):
    """[(label, Spread)]: the test accuracy of each setting over `seeds` (accuracy_over_seeds)."""
    return [(label, accuracy_over_seeds(seeds, **spec)) for label, spec in settings]


def comparison_figure(settings=COMPARISON, seed=0, seeds=SEEDS):
    """The decision region of one run (seed `seed`) of each setting, side by side; each panel's title
    gives that run's test accuracy and the range of the test accuracy over `seeds`."""
    runs, spreads = comparison_runs(settings, seed), comparison_spreads(settings, seeds)
    titles = [f"{label}<br>seed {seed}: test accuracy {pct(r.test_accuracy[-1])}<br>"
              f"{acc.n} seeds: {pct(acc.lo)} to {pct(acc.hi)}" for (label, r), (_, acc) in zip(runs, spreads)]
    fig = make_subplots(rows=1, cols=len(runs), horizontal_spacing=0.04, subplot_titles=titles)
    for i, (label, r) in enumerate(runs, 1):
        axis = "" if i == 1 else str(i)
        fig.add_trace(_region(probabilities(r.net), xaxis=f"x{axis}", yaxis=f"y{axis}"))
        for t in _points(f"x{axis}", f"y{axis}", showlegend=i == 1):
            fig.add_trace(t)
        _plane_axes(fig, 1, i, title=False)
        fig.update_yaxes(scaleanchor=f"x{axis}", showticklabels=i == 1, row=1, col=i)
    fig.update_annotations(font_size=13)
    fig.update_layout(template="plotly_white", height=380, margin={"t": 100, "b": 40, "l": 40, "r": 10},
                      legend={"orientation": "h", "y": -0.1, "yanchor": "top", "x": 0})
    return with_alt(fig, f"{len(runs)} panels of the plane with the training points and the decision region of "
                         f"one run (seed {seed}) of each network after {EPOCHS} epochs: " + "; ".join(
                             f"{label}, test accuracy {pct(r.test_accuracy[-1])} (over {acc.n} seeds from "
                             f"{pct(acc.lo)} to {pct(acc.hi)})" for (label, r), (_, acc) in zip(runs, spreads)) + ".")


# --------------------------------------------------------------------------------------
# The playground
# --------------------------------------------------------------------------------------
# The chapter's runs at three learning rates, each from ten seeds of the initial weights (the seeds the
# page's live playground offers, nnlib/viz/playground_data.py)
PLAYGROUND_LRS = (0.03, 0.3, 1.0)
PLAYGROUND_SEEDS = SEEDS
HIDDEN_CHOICES = ("none", "2", "3", "4", "8", "4-4", "8-8", "4-6-6-4", "8-8-8")
ACTIVATION_CHOICES = ("relu", "tanh", "sigmoid", "identity")
LR_CHOICES = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
BATCH_CHOICES = (4, 8, 16, 32, 64, 1000)
MAX_EPOCHS = 200  # the live app trains at most this many epochs, a few seconds at most
T_REGION, T_OUTER, T_INNER, T_TRAIN_COST, T_TEST_COST = range(5)
COST_RANGE = (0.0, 0.8)


def config_text(config):
    hidden = config["hidden"] or "none"
    return (f"hidden {hidden}, {config['activation']}, η = {config['lr']:g}, batch {config['batch_size']}, "
            f"seed {config['seed']}")


def playground_title(config, record, epoch):
    return (f"{config_text(config)}: epoch {epoch}, training cost {record.train_cost[epoch]:.3f}, "
            f"test accuracy {pct(record.test_accuracy[epoch])}")


def playground_figure_dict(net, record, config, epochs_total=None):
    """The playground's figure (a plain dict) for `net` after the last epoch in `record`: the output on
    the plane with the decision boundary (left) and the cost per epoch so far (right). The kernel face's
    redraw; the static face draws the same figure from record.network_at(k)."""
    epoch = record.epochs
    epochs_total = epochs_total or max(epoch, EPOCHS)
    x = list(range(epoch + 1))
    top = max(COST_RANGE[1], 1.05 * max(max(record.train_cost), max(record.test_cost or [0])))
    data = [
        _region(probabilities(net)),
        *_points(),
        {"type": "scatter", "x": x, "y": np.round(record.train_cost, 4).tolist(), "mode": "lines",
         "name": "training cost", "line": {"color": BLUE, "width": 2.5}, "xaxis": "x2", "yaxis": "y2"},
        {"type": "scatter", "x": x, "y": np.round(record.test_cost, 4).tolist(), "mode": "lines",
         "name": "test cost", "line": {"color": VERMILION, "width": 2, "dash": "dash"}, "xaxis": "x2", "yaxis": "y2"},
    ]
    layout = {
        "template": _template(), "height": 480, "margin": {"t": 110, "b": 60, "l": 50, "r": 20},
        "title": {"text": playground_title(config, record, epoch), "font": {"size": 14}},
        "xaxis": {"domain": [0.0, 0.5], "range": [-LIM, LIM], "title": {"text": "x₁"}, "constrain": "domain"},
        "yaxis": {"range": [-LIM, LIM], "title": {"text": "x₂"}, "scaleanchor": "x", "constrain": "domain"},
        "xaxis2": {"domain": [0.6, 1.0], "range": [0, epochs_total], "title": {"text": "epoch"}, "anchor": "y2"},
        "yaxis2": {"range": [0.0, round(top, 3)], "title": {"text": "cost C"}, "anchor": "x2"},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "meta": {"alt": _playground_alt(config, record, epoch)},
    }
    return {"data": data, "layout": layout}


@lru_cache(maxsize=1)
def _template():
    """plotly_white as a plain dict (a plain figure dict cannot name its template)."""
    return pio.templates["plotly_white"].to_plotly_json()


def _playground_alt(config, record, epoch):
    return (f"Left: the plane with {SHOWN_POINTS} training points of the two circles, shaded by the output of the "
            f"network ({config_text(config)}) after epoch {epoch}, with a dark line where the output is 0.5. "
            f"Right: its training cost (solid) and test cost (dashed) per epoch so far; after epoch {epoch} the "
            f"training cost is {record.train_cost[epoch]:.3f} and the test accuracy "
            f"{pct(record.test_accuracy[epoch])}.")


@lru_cache(maxsize=1)
def playground_runs():
    """{lr: the records of MAIN at learning rate lr from each seed of PLAYGROUND_SEEDS}, lr in PLAYGROUND_LRS."""
    return {lr: runs_over_seeds(PLAYGROUND_SEEDS, lr=lr) for lr in PLAYGROUND_LRS}


class PlaygroundApp(widgets.VBox):
    """Kernel face: choose the network and the training, press Train, watch the boundary and cost evolve.

    train() runs train_with_snapshots (sgd) and redraws the figure every few epochs
    (playground_figure_dict); a progress bar counts the epochs. At most MAX_EPOCHS epochs.
    """

    def __init__(self, hidden=HIDDEN, activation="relu", lr=0.3, batch_size=16, epochs=EPOCHS, seed=0):
        style, layout = {"description_width": "initial"}, {"width": "330px"}
        self.hidden = widgets.Combobox(value=hidden, options=list(HIDDEN_CHOICES), ensure_option=False,
                                       description="hidden layers", style=style, layout=layout,
                                       placeholder="e.g. 4-6-6-4")
        self.activation = widgets.Dropdown(options=list(ACTIVATION_CHOICES), value=activation,
                                           description="activation g", style=style, layout=layout)
        self.lr = widgets.SelectionSlider(options=list(LR_CHOICES), value=lr, description="learning rate η",
                                          style=style, layout=layout)
        self.batch_size = widgets.SelectionSlider(options=list(BATCH_CHOICES), value=batch_size,
                                                  description="batch size", style=style, layout=layout)
        self.epochs = widgets.IntSlider(value=epochs, min=5, max=MAX_EPOCHS, step=5, description="epochs",
                                        style=style, layout=layout)
        self.seed = widgets.IntSlider(value=seed, min=0, max=9, description="seed of the initial weights",
                                      style=style, layout=layout)
        self.button = widgets.Button(description="Train", button_style="primary", icon="play")
        self.progress = widgets.IntProgress(value=0, min=0, max=epochs, description="epoch 0",
                                            style=style, layout={"width": "330px"})
        self.status = widgets.HTML()
        self.view = FigureView()
        self.record = None
        self.button.on_click(lambda _: self.train())
        grid = widgets.GridBox([self.hidden, self.activation, self.lr, self.batch_size, self.epochs, self.seed],
                               layout={"grid_template_columns": "repeat(2, 340px)"})
        super().__init__([widgets.HTML(LIVE_NOTE), grid, widgets.HBox([self.button, self.progress]),
                          self.status, self.view])
        self.show_start()

    def config(self):
        return {"hidden": self.hidden.value, "activation": self.activation.value, "lr": float(self.lr.value),
                "batch_size": int(self.batch_size.value), "seed": int(self.seed.value)}

    def redraw(self, net, record, epochs_total):
        self.view.show(playground_figure_dict(net, record, self.config(), epochs_total))

    def show_start(self):
        """Draw the untrained network (epoch 0) of the current choices."""
        try:
            config = self.config()
            net = make_network(config["hidden"], config["activation"], config["seed"])
        except ValueError as exc:
            self.status.value = f"<b>Cannot build the network:</b> {exc}"
            return
        X, Y, X_test, Y_test = _data()
        record = TrainingRecord(net=net, train_cost=[net.cost(X, Y)], test_cost=[net.cost(X_test, Y_test)],
                                test_accuracy=[network_accuracy(net, X_test, Y_test)])
        self.redraw(net, record, self.epochs.value)

    def train(self):
        """Train with the current choices (at most MAX_EPOCHS epochs), redrawing as it goes."""
        epochs = min(int(self.epochs.value), MAX_EPOCHS)
        try:
            config = self.config()
            net = make_network(config["hidden"], config["activation"], config["seed"])
        except ValueError as exc:
            self.status.value = f"<b>Cannot build the network:</b> {exc}"
            return None
        every = max(1, epochs // 25)
        self.button.disabled = True
        self.progress.max, self.progress.value = epochs, 0
        self.status.value = f"training {config_text(config)} for {epochs} epochs…"
        X, Y, X_test, Y_test = _data()

        def step(epoch, net, record):
            self.progress.value, self.progress.description = epoch, f"epoch {epoch}"
            if epoch % every == 0 or epoch == epochs:
                self.redraw(net, record, epochs)

        try:
            with warnings.catch_warnings():  # the status line says what broke instead
                warnings.simplefilter("ignore", TrainingWarning)
                self.record = train_with_snapshots(net, X, Y, epochs, config["batch_size"], config["lr"],
                                                   seed=SHUFFLE_SEED, every=epochs, X_test=X_test,
                                                   Y_test=Y_test, callback=step)
            r = self.record
            self.status.value = (f"done: after {epochs} epochs, training cost {r.train_cost[-1]:.3f}, "
                                 f"test accuracy {pct(r.test_accuracy[-1])}")
            if r.history.problems:
                *what, advice = r.history.problems
                self.status.value += f"<br><b>Training broke:</b> {html.escape('; '.join(what))}. {advice}."
        except TrainingDiverged as exc:
            self.status.value = f"<b>Training diverged:</b> {exc}"
        finally:
            self.button.disabled = False
        return self.record


def playground_app(**choices):
    """The kernel face of the playground (display it, or let it be a cell's last value)."""
    return PlaygroundApp(**choices)

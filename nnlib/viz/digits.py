"""Case study: handwritten digits. S1's 784-16-16-10 network and its 8x8 cousin 64-16-16-10.

Every number comes from nnlib: Network (parameters, forward pass, cost), nnlib.sgd (training),
nnlib.digits (scikit-learn's bundled 8x8 digits, pixels in [0, 1]) and nnlib.metrics (accuracy,
confusion matrix).

- parameter_counts(sizes): the weights and biases of each layer, and the total (Network.n_params).
- train_digits(lr, batch_size, epochs, seed): one training run with its learning curves (training
  cost and test accuracy per epoch); runs are cached, so the notebook and the tests share them.
- compare_learning_rates / compare_batch_sizes: every setting trained from several seeds (training
  is chaotic, so the chapter states what holds over the seeds, see nnlib.seeds); accuracy_spread
  summarises them and learning_curves_figure draws each setting as a mean line with a min-max band.
- noise_exercise_examples: the two digits of the noise exercise, chosen by what the trained network
  does with them (not by index), so the exercise holds for whatever weights training produced.
- digit_state(example, noise, erase): the pure, fast update function of the interactive: one test
  digit (optionally with noise added or pixels erased) through the trained network, with every
  layer's activations, the prediction and the cost C_0 of that example.
- digit_explorer / digit_app: its two faces, the page's (computed live in the browser by the
  JavaScript twin of nnlib, nnlib/viz/js/digit_explorer.js: no kernel, works in JupyterLab too) and
  the kernel's (ipywidgets controls redrawing digit_figure); learning_curves_figure, confusion_figure,
  misclassified_figure, first_layer_figure and digit_gallery_figure: the chapter's other figures.
"""
import base64
import contextlib
import math
import time
import uuid
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..datasets import digits
from ..metrics import accuracy, confusion_matrix
from ..network import Network
from ..seeds import SEEDS, spread_of
from ..train import sgd
from .bands import band_traces
from .palette import BLUE, GREEN, GREY, ORANGE, PURPLE, SKY, VERMILION, series_style
from .js_modules import explorer_html
from .renderer import with_alt
from .widgets import live_app

SIZES_S1 = (784, 16, 16, 10)  # S1's network: 28 x 28 pixels in, two hidden layers of 16, 10 digits out
SIZES = (64, 16, 16, 10)  # its 8 x 8 cousin, trained here
SIDE = 8  # the images are SIDE x SIDE pixels
SEED = 0  # the one run the chapter studies: its initial weights and the shuffling of sgd
EPOCHS = 30
BEST = {"lr": 3.0, "batch_size": 10}  # the run the chapter studies
LEARNING_RATES = (0.3, 1.0, 3.0, 10.0)  # compared at batch size 10, over SEEDS
BATCH_SIZES = (1, 10, 100, None)  # compared at learning rate 3; None = the whole training set
# Batch size 1 takes 1,438 small steps per epoch and is slow to compute: it is compared over fewer
# seeds and epochs (its failure at learning rate 3 is large against the spread of the runs).
SLOW_BATCH = {"batch_size": 1, "seeds": tuple(range(5)), "epochs": 10}
NOISE_LEVELS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)  # the live app's noise control (standard deviation), the exercise's levels
ERASE_LEVELS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)  # the live app's "erase pixels" control (fraction)
RUN_COLOURS = (SKY, BLUE, ORANGE, VERMILION, GREEN, PURPLE)
# A colour-blind-safe diverging scale (Okabe-Ito blue, white, vermilion), centred at 0 by zmid.
DIVERGING = [[0.0, BLUE], [0.5, "#ffffff"], [1.0, VERMILION]]
INK = [[0.0, "#ffffff"], [1.0, "#111111"]]  # pixel 0 white paper, pixel 1 black ink
COUNTS = [[0.0, "#ffffff"], [1.0, BLUE]]


# --------------------------------------------------------------------------------------------
# Data and parameters
# --------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _data():
    return digits()


def digits_data():
    """nnlib.digits(): X_train (64, 1438), Y_train (10, 1438), labels_train, and the same for 359 test digits."""
    return _data()


class LayerCount(NamedTuple):
    """The parameters of one layer l: W^[l] of shape (n_l, n_{l-1}) and b^[l] of shape (n_l, 1)."""

    layer: int
    W_shape: tuple
    n_weights: int
    n_biases: int


def parameter_counts(sizes=SIZES_S1):
    """(rows, total): one LayerCount per layer of Network(sizes), and net.n_params."""
    net = Network(list(sizes))
    rows = [LayerCount(l, tuple(net.W[l].shape), int(net.W[l].size), int(net.b[l].size))
            for l in range(1, net.n_layers + 1)]
    return rows, int(net.n_params)


def steps_per_epoch(batch_size, m=None):
    """Mini-batches in one epoch of m training examples: ceil(m / batch_size) (None: one batch)."""
    m = _data().X_train.shape[1] if m is None else int(m)
    return 1 if batch_size is None else math.ceil(m / batch_size)


# --------------------------------------------------------------------------------------------
# Training runs
# --------------------------------------------------------------------------------------------
class Run(NamedTuple):
    """One training run of Network(SIZES) by nnlib.sgd, and what it recorded after every epoch."""

    lr: float
    batch_size: object  # an int, or None for the full batch
    epochs: int
    net: Network  # the trained network (do not train it further: runs are shared)
    train_cost: np.ndarray  # (epochs + 1,): history.cost, entry 0 before training
    test_accuracy: np.ndarray  # (epochs + 1,): fraction of test digits classified correctly
    seconds: float  # CPU time of the training (time.process_time: other programs do not inflate it)
    seed: int = SEED  # Network(SIZES, seed=seed) and sgd(..., seed=seed)

    @property
    def final_accuracy(self):
        return float(self.test_accuracy[-1])

    def label(self):
        return f"η = {self.lr:g}, " + ("full batch" if self.batch_size is None else f"batch {self.batch_size}")


_RUNS = {}


def _one_blas_thread():
    """Run numpy's matrix products on one thread: these matrices are tiny (at most 64 x 1438), and
    several BLAS threads on a busy machine make training many times slower, not faster."""
    try:
        from threadpoolctl import threadpool_limits  # installed with scikit-learn
    except ImportError:  # pragma: no cover - only without scikit-learn, which nnlib.digits needs anyway
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def train_digits(lr=BEST["lr"], batch_size=BEST["batch_size"], epochs=EPOCHS, seed=SEED):
    """Train Network(SIZES) (sigmoid, quadratic cost, seed) with nnlib.sgd on the training digits.

    The seed sets both the initial weights and the order of the mini-batches. Records the test
    accuracy before training and after every epoch. Cached: the same arguments return the same Run
    (the notebook, its figures and the tests share one training).
    """
    key = (float(lr), batch_size if batch_size is None else int(batch_size), int(epochs), int(seed))
    if key not in _RUNS:
        d = _data()
        net = Network(list(SIZES), seed=seed)
        acc = [accuracy(d.labels_test, net.predict(d.X_test))]

        def record(epoch, net, history):
            acc.append(accuracy(d.labels_test, net.predict(d.X_test)))

        with _one_blas_thread():
            start = time.process_time()
            history = sgd(net, d.X_train, d.Y_train, epochs=key[2], batch_size=key[1], lr=key[0], seed=seed,
                          callback=record)
            seconds = time.process_time() - start
        _RUNS[key] = Run(key[0], key[1], key[2], net, np.array(history.cost), np.array(acc), seconds,
                         key[3])
    return _RUNS[key]


def train_over_seeds(lr=BEST["lr"], batch_size=BEST["batch_size"], epochs=EPOCHS, seeds=SEEDS):
    """The same setting trained once from each seed: a tuple of Runs (cached, like train_digits)."""
    return tuple(train_digits(lr, batch_size, epochs, seed) for seed in seeds)


def compare_learning_rates(seeds=SEEDS):
    """{lr: runs} for every lr of LEARNING_RATES at batch size 10, 30 epochs, one run per seed."""
    return {lr: train_over_seeds(lr, 10, EPOCHS, seeds) for lr in LEARNING_RATES}


def compare_batch_sizes(seeds=SEEDS):
    """{batch_size: runs} for every BATCH_SIZES at learning rate 3, one run per seed; batch size 1
    (slow: one step per example) over SLOW_BATCH's seeds and epochs instead."""
    out = {}
    for b in BATCH_SIZES:
        if b == SLOW_BATCH["batch_size"]:
            out[b] = train_over_seeds(3.0, b, SLOW_BATCH["epochs"], SLOW_BATCH["seeds"])
        else:
            out[b] = train_over_seeds(3.0, b, EPOCHS, seeds)
    return out


def accuracy_spread(runs, epoch=-1):
    """The test accuracy in percent after `epoch` (default: the last), one number per run: a Spread
    (mean, lo, hi, count, ...) over the runs' seeds."""
    return spread_of([r.seed for r in runs], [100 * r.test_accuracy[epoch] for r in runs])


def best_run():
    """The run the chapter studies: learning rate 3, batch size 10, 30 epochs."""
    return train_digits(**BEST)


def ups_and_downs(values):
    """How often a curve changes direction: the number of sign changes of its successive differences."""
    d = np.diff(np.asarray(values, float))
    d = d[d != 0]
    return int(np.sum(np.sign(d[1:]) != np.sign(d[:-1])))


# --------------------------------------------------------------------------------------------
# Evaluation on the test set
# --------------------------------------------------------------------------------------------
def test_confusion(net=None):
    """The confusion matrix of net on the test digits (rows: true digit, columns: predicted)."""
    net = best_run().net if net is None else net
    d = _data()
    return confusion_matrix(d.labels_test, net.predict(d.X_test), n_classes=10)


class Miss(NamedTuple):
    """A misclassified test digit."""

    index: int  # its column in X_test
    label: int
    predicted: int
    confidence: float  # the output activation of the predicted digit
    true_output: float  # the output activation of the true digit


def misclassified(net=None):
    """Every test digit net gets wrong, in test-set order."""
    net = best_run().net if net is None else net
    d = _data()
    A = net.forward(d.X_test)
    pred = np.argmax(A, axis=0)
    return [Miss(int(i), int(d.labels_test[i]), int(pred[i]), float(A[pred[i], i]), float(A[d.labels_test[i], i]))
            for i in np.flatnonzero(pred != d.labels_test)]


def output_confidence(net=None):
    """(confidence, right) on the test digits: each digit's largest output a^[3] (the output of the
    predicted digit), and whether the prediction is its label."""
    net = best_run().net if net is None else net
    d = _data()
    A = net.forward(d.X_test)
    return A.max(axis=0), np.argmax(A, axis=0) == d.labels_test


def picked_examples(net=None, n_missed=10):
    """The interactive's examples: the first correctly classified test digit of each class 0..9,
    then up to n_missed misclassified ones. Test-set indices."""
    net = best_run().net if net is None else net
    d = _data()
    pred = net.predict(d.X_test)
    right = [int(np.flatnonzero((d.labels_test == k) & (pred == k))[0]) for k in range(10)]
    return tuple(right + [m.index for m in misclassified(net)[:n_missed]])


def example_name(index):
    return f"#{int(index)}"


def _index(example):
    """A test index from 12, '12' or '#12'."""
    if isinstance(example, str):
        example = example.strip().lstrip("#")
    try:
        i = int(example)
    except (TypeError, ValueError):
        raise ValueError(f"example must be a test-set index like 12 or '#12'; got {example!r}") from None
    m = _data().X_test.shape[1]
    if not 0 <= i < m:
        raise ValueError(f"example must be a test-set index in 0..{m - 1}; got {i}")
    return i


def noise_patterns(index):
    """(epsilon, u): the fixed random patterns of test digit `index`, 64 numbers each, drawn from
    np.random.default_rng(1000 + index): epsilon ~ N(0, 1) (the noise), u ~ U[0, 1) (the erasing)."""
    rng = np.random.default_rng(1000 + index)
    eps = rng.normal(size=SIDE * SIDE)
    return eps, rng.random(SIDE * SIDE)


def changed_image(index, noise=0.0, erase=0.0, pixels=None):
    """Test digit `index` (64 pixels) with noise and erased pixels, from a fixed random pattern.

    pixels + noise * epsilon (epsilon ~ N(0, 1) per pixel, the same for every noise level), clipped
    to [0, 1]; then each pixel whose fixed uniform number u is below `erase` is set to 0, so a larger
    erase fraction erases more of the same pixels. pixels: the image before these changes, e.g. as
    the reader drew on it in the explorer (default: the test digit itself).
    """
    noise, erase = float(noise), float(erase)
    if not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number >= 0; got {noise!r}")
    if not 0.0 <= erase <= 1.0:
        raise ValueError(f"erase must be a fraction in [0, 1]; got {erase!r}")
    if pixels is None:
        x = _data().X_test[:, index].copy()
    else:
        x = np.array(pixels, dtype=float).reshape(-1)
        if x.shape != (SIDE * SIDE,) or not np.all((x >= 0) & (x <= 1)):
            raise ValueError(f"pixels must be {SIDE * SIDE} numbers in [0, 1]; got shape {np.shape(pixels)}")
    eps, u = noise_patterns(index)
    if noise:
        x = np.clip(x + noise * eps, 0.0, 1.0)
    if erase:
        x[u < erase] = 0.0
    return x


class DigitState(NamedTuple):
    """One test digit through the trained network: everything the interactive shows."""

    index: int
    label: int
    noise: float
    erase: float
    image: np.ndarray  # (64,) the input a^[0]
    hidden1: np.ndarray  # (16,) a^[1]
    hidden2: np.ndarray  # (16,) a^[2]
    outputs: np.ndarray  # (10,) a^[3]
    target: np.ndarray  # (10,) the one-hot y
    cost: float  # C_0 = sum_j (a_j^[3] - y_j)^2
    prediction: int
    confidence: float  # a^[3] of the predicted digit


def digit_state(example, noise=0.0, erase=0.0, net=None, pixels=None):
    """The update function of the interactive: test digit `example` (an index or '#12') through net.

    net defaults to the chapter's trained network (best_run); pixels: the image before noise, if
    the reader drew on it (see changed_image). All activations come from net.forward_trace, the
    cost from net.cost.
    """
    net = best_run().net if net is None else net
    i = _index(example)
    x = changed_image(i, noise, erase, pixels).reshape(-1, 1)
    y = _data().Y_test[:, i : i + 1]
    trace = net.forward_trace(x)
    out = trace.a[3][:, 0].copy()
    pred = int(np.argmax(out))
    return DigitState(i, int(_data().labels_test[i]), float(noise), float(erase), x[:, 0].copy(),
                      trace.a[1][:, 0].copy(), trace.a[2][:, 0].copy(), out, y[:, 0].copy(),
                      float(net.cost(x, y)), pred, float(out[pred]))


def noise_track(example, net=None):
    """digit_state of one test digit at every level of NOISE_LEVELS (the static figure's slider)."""
    return [digit_state(example, noise, net=net) for noise in NOISE_LEVELS]


def noise_exercise_examples(net=None, sure=0.9):
    """(fragile, robust): two of the interactive's ten correctly read digits for the noise exercise,
    both read with a largest output above `sure` on the clean image.

    fragile: read wrongly at the largest noise level; of those, the one read most surely when clean.
    robust: read correctly at every noise level; of those, the one with the largest output at the
    largest noise level. Chosen by these properties rather than by index, so the exercise holds for
    whatever weights training produced on this machine. None where no digit qualifies.
    """
    tracks = {i: noise_track(i, net) for i in picked_examples(net)[:10]}
    clean_sure = {i: t for i, t in tracks.items() if t[0].confidence > sure}
    fragile = [i for i, t in clean_sure.items() if t[-1].prediction != t[-1].label]
    robust = [i for i, t in clean_sure.items() if all(s.prediction == s.label for s in t)]
    fragile = max(fragile, key=lambda i: tracks[i][0].confidence, default=None)
    robust = max(robust, key=lambda i: tracks[i][-1].confidence, default=None)
    return fragile, robust


# --------------------------------------------------------------------------------------------
# The interactive: image, hidden activations, outputs (both faces)
# --------------------------------------------------------------------------------------------
IMAGE_TRACE, HIDDEN1_TRACE, HIDDEN2_TRACE, OUTPUT_TRACE, TARGET_TRACE, VALUE_TRACE = range(6)
VALUE_LIFT = 0.04  # a value label's gap above its bar or its target's diamond, in output units (about 6 px)
DIGIT_PLOT_PX = 560


def digit_title(s, drawn=False):
    """The figure's title for a DigitState: the example, what it is, what the network says, C_0
    (drawn: the reader drew on the image, in the explorer)."""
    verdict = "right" if s.prediction == s.label else "wrong"
    changes = []
    if s.noise:
        changes.append(f"noise σ = {s.noise:g}")
    if s.erase:
        changes.append(f"{s.erase:.0%} erased")
    if drawn:
        changes.append("drawn on")
    extra = f" ({', '.join(changes)})" if changes else ""
    return (f"test digit #{s.index}{extra}: a {s.label}; the network says {s.prediction} "
            f"(a = {s.confidence:.3f}, {verdict})<br>cost of this example C₀ = {s.cost:.4f}")


def output_texts(s):
    """The labels over the output bars: each activation to 3 decimals."""
    return [f"{v:.3f}" for v in s.outputs]


def output_label_heights(s):
    """Where the label of each output stands: just above the higher of its bar and its target's
    diamond (the target's diamond is at 1, so the label of a bar near 1 clears it)."""
    return np.maximum(s.outputs, s.target) + VALUE_LIFT


def _bar_colours(s):
    return [VERMILION if k == s.prediction else BLUE for k in range(10)]


def _digit_props(s):
    return (
        {
            IMAGE_TRACE: {"z": np.round(s.image.reshape(SIDE, SIDE), 4)},
            HIDDEN1_TRACE: {"y": s.hidden1},
            HIDDEN2_TRACE: {"y": s.hidden2},
            OUTPUT_TRACE: {"y": s.outputs, "marker.color": _bar_colours(s)},
            TARGET_TRACE: {"y": s.target},
            VALUE_TRACE: {"y": output_label_heights(s), "text": output_texts(s)},
        },
        {"title.text": digit_title(s)},
    )


def _digit_alt(s):
    top = np.argsort(s.outputs)[::-1][:2]
    return (
        f"Test digit number {s.index}, a handwritten {s.label}, shown as an 8 by 8 grey image, and the "
        f"activations it causes in the 64-16-16-10 network: bars for the 16 units of hidden layer 1, the "
        f"16 units of hidden layer 2 and the 10 outputs. The largest output is digit {top[0]} at "
        f"{s.outputs[top[0]]:.3f}, the next digit {top[1]} at {s.outputs[top[1]]:.3f}; the network says "
        f"{s.prediction}. Markers show the target: 1 for digit {s.label}, 0 elsewhere. "
        f"The cost of this example is {s.cost:.4f}."
    )


def digit_figure(example=None, noise=0.0, erase=0.0, net=None):
    """The interactive at one setting: the image, both hidden layers and the 10 outputs."""
    example = picked_examples(net)[0] if example is None else example
    s = digit_state(example, noise, erase, net)
    data, layout = _digit_props(s)
    fig = make_subplots(
        rows=2, cols=4, vertical_spacing=0.2, horizontal_spacing=0.08,
        specs=[[{}, {"colspan": 3}, None, None], [{"colspan": 2}, None, {"colspan": 2}, None]],
        subplot_titles=("input a⁽⁰⁾: 64 pixels", "outputs a⁽³⁾ (bars) and target y (◇)",
                        "hidden layer 1: a⁽¹⁾", "hidden layer 2: a⁽²⁾"),
    )
    fig.add_trace(go.Heatmap(z=data[IMAGE_TRACE]["z"], zmin=0, zmax=1, colorscale=INK, showscale=False,
                             hovertemplate="row %{y}, column %{x}: %{z:.2f}<extra></extra>"), row=1, col=1)
    units = list(range(1, 17))
    fig.add_trace(go.Bar(x=units, y=s.hidden1, marker_color=SKY, name="a⁽¹⁾", showlegend=False,
                         hovertemplate="unit %{x}: %{y:.3f}<extra></extra>"), row=2, col=1)
    fig.add_trace(go.Bar(x=units, y=s.hidden2, marker_color=SKY, name="a⁽²⁾", showlegend=False,
                         hovertemplate="unit %{x}: %{y:.3f}<extra></extra>"), row=2, col=3)
    fig.add_trace(go.Bar(x=list(range(10)), y=s.outputs, marker_color=_bar_colours(s), name="output a⁽³⁾",
                         showlegend=False, hovertemplate="digit %{x}: %{y:.3f}<extra></extra>"), row=1, col=2)
    fig.add_trace(go.Scatter(x=list(range(10)), y=s.target, mode="markers", name="target y",
                             marker={"symbol": "diamond-open", "size": 10, "color": GREY, "line": {"width": 2}},
                             showlegend=False, hovertemplate="target for %{x}: %{y:g}<extra></extra>"),
                  row=1, col=2)
    fig.add_trace(go.Scatter(x=list(range(10)), y=data[VALUE_TRACE]["y"], mode="text", text=output_texts(s),
                             textposition="top center", textfont={"size": 10}, cliponaxis=False, showlegend=False,
                             name="output values", hoverinfo="skip"), row=1, col=2)
    fig.update_xaxes(visible=False, row=1, col=1)
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x", row=1, col=1)
    fig.update_xaxes(title_text="digit (the vermilion bar is the prediction)", dtick=1, row=1, col=2)
    fig.update_yaxes(range=[0, 1.18], dtick=0.5, row=1, col=2)
    for col in (1, 3):
        fig.update_xaxes(title_text="hidden unit", dtick=1, tickfont={"size": 10}, tickangle=0, row=2, col=col)
        fig.update_yaxes(range=[0, 1.05], dtick=0.5, row=2, col=col)
    fig.update_layout(
        template="plotly_white", height=DIGIT_PLOT_PX + 140, margin={"t": 110, "b": 50, "l": 50, "r": 20},
        title={"text": layout["title.text"], "font": {"size": 14}}, bargap=0.15,
    )
    return with_alt(fig, _digit_alt(s))


def digit_figure_state(example, noise=0.0, erase=0.0, net=None):
    """What changes in digit_figure for these values (the format of linked_sliders_figure), and
    its text alternative."""
    s = digit_state(example, noise, erase, net)
    data, layout = _digit_props(s)
    return {"data": data, "layout": layout, "alt": _digit_alt(s)}


def digit_controls(example=None, noise=0.0, net=None):
    """{name: (values, initial index, label)}: the picked test digits, the noise and erase levels."""
    names = [example_name(i) for i in picked_examples(net)]
    start = 0 if example is None else names.index(example_name(_index(example)))
    controls = {
        "example": (names, start, "test digit"),
        "noise": (NOISE_LEVELS, int(np.argmin([abs(noise - v) for v in NOISE_LEVELS])), "noise σ"),
        "erase": (ERASE_LEVELS, 0, "erase fraction"),
    }
    return controls


NOISE_RANGE = (0.0, 1.0)  # the explorer's noise control (standard deviation), in steps of 0.01


def float64_base64(values):
    """Numbers as the page's compact exact form: their float64 bytes (little-endian) in base64,
    about 11 characters a number; digit_explorer.js decodeFloat64 reads them back bit for bit."""
    return base64.b64encode(np.ascontiguousarray(values, dtype="<f8").tobytes()).decode("ascii")


def explorer_config(example=None, noise=0.0, net=None):
    """What the digit explorer computes from, JSON-ready: the trained network (sizes, activations,
    cost and theta = net.get_params() in float64_base64), the picked test digits (index, label,
    pixels and the fixed noise pattern epsilon of noise_patterns), the noise control's range and
    the start. The page computes the image x = clip(pixels + noise epsilon, 0, 1) and the forward
    pass with the twin of nnlib; the browser tests check them against digit_state."""
    net = best_run().net if net is None else net
    picked = picked_examples(net)
    start = picked[0] if example is None else _index(example)
    if start not in picked:
        raise ValueError(f"example {example_name(start)} is not one of the explorer's digits "
                         f"{', '.join(map(example_name, picked))}")
    noise = float(noise)
    if not NOISE_RANGE[0] <= noise <= NOISE_RANGE[1]:
        raise ValueError(f"noise = {noise!r} is outside the noise control's range {list(NOISE_RANGE)}")
    d = _data()
    return {
        "sizes": list(net.sizes), "hidden": net.hidden.name, "output": net.output.name,
        "cost": net.cost_function.name, "theta": float64_base64(net.get_params()),
        "side": SIDE,
        "examples": [{"index": int(i), "label": int(d.labels_test[i]), "pixels": d.X_test[:, i].tolist(),
                      "epsilon": float64_base64(noise_patterns(i)[0]), "right": k < 10}
                     for k, i in enumerate(picked)],
        "noise_range": list(NOISE_RANGE), "start": {"example": int(start), "noise": noise},
        "colours": {"output": BLUE, "prediction": VERMILION, "hidden": SKY, "target": GREY},
    }


class DigitExplorer:
    """The explorer as a notebook output: HTML with the module inlined (js_modules.explorer_html),
    so the same output runs in the built book and in JupyterLab, with or without a kernel."""

    def __init__(self, config):
        self.config = config
        self.element_id = f"nnjs-digits-{uuid.uuid4().hex[:8]}"

    def _repr_html_(self):
        return explorer_html("digit_explorer.js", "mountDigitExplorer", self.config, self.element_id)

    def __repr__(self):
        start = self.config["start"]
        return (f"Digit explorer at test digit #{start['example']} with noise {start['noise']:g} (it runs "
                f"in the browser: choose a digit, move the noise, draw on the image)")


def digit_explorer(example=None, noise=0.0):
    """Page face: choose one of the picked test digits, move the noise level continuously and draw
    on the image; the image and the trained network's forward pass are computed live in the page."""
    return DigitExplorer(explorer_config(example, noise))


def digit_app(example=None, noise=0.0):
    """Kernel face: the same figure, recomputed by net.forward_trace as the controls move;
    it adds an "erase fraction" control (a fixed random set of pixels set to 0)."""
    controls = digit_controls(example, noise)
    return live_app(controls, lambda **v: digit_figure(**v), lambda **v: digit_figure_state(**v))


# --------------------------------------------------------------------------------------------
# The other figures
# --------------------------------------------------------------------------------------------
def _square_pixels(fig, n_panels):
    for k in range(1, n_panels + 1):
        suffix = "" if k == 1 else str(k)
        fig.layout[f"xaxis{suffix}"].update(visible=False)
        fig.layout[f"yaxis{suffix}"].update(visible=False, autorange="reversed", scaleanchor=f"x{suffix}")


def digit_gallery_figure(n_per_row=10):
    """The first training digit of each class 0..9, as 8 x 8 images."""
    d = _data()
    idx = [int(np.flatnonzero(d.labels_train == k)[0]) for k in range(10)]
    rows = math.ceil(len(idx) / n_per_row)
    fig = make_subplots(rows=rows, cols=n_per_row, horizontal_spacing=0.015, vertical_spacing=0.12,
                        subplot_titles=[f"label {d.labels_train[i]}" for i in idx])
    for k, i in enumerate(idx):
        fig.add_trace(go.Heatmap(z=np.round(d.X_train[:, i].reshape(SIDE, SIDE), 4), zmin=0, zmax=1,
                                 colorscale=INK, showscale=False,
                                 hovertemplate="%{z:.2f}<extra></extra>"), row=k // n_per_row + 1,
                      col=k % n_per_row + 1)
    _square_pixels(fig, len(idx))
    fig.update_layout(template="plotly_white", height=40 + 100 * rows, margin={"t": 30, "b": 0, "l": 10, "r": 10})
    return with_alt(fig, (
        "The first training image of each digit 0 to 9 from scikit-learn's digits: each is an 8 by 8 grid "
        "of grey pixels, dark where the pen wrote. The digits are recognisable but coarse."
    ))


def _setting_label(runs):
    return f"{runs[0].label()} ({len(runs)} run{'s' if len(runs) > 1 else ''})"


def learning_curves_figure(settings, title):
    """Test accuracy (left) and training cost (right, log scale) after each epoch, for each setting
    the mean over its runs as a line and the range from the lowest to the highest run as a band.

    settings: {key: runs} (as compare_learning_rates returns) or a list of run tuples; a single Run
    counts as a setting of one run.
    """
    groups = list(settings.values()) if isinstance(settings, dict) else list(settings)
    groups = [(g,) if isinstance(g, Run) else tuple(g) for g in groups]
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12,
                        subplot_titles=("test accuracy (%)", "training cost C (log scale)"))
    for k, runs in enumerate(groups):
        colour = RUN_COLOURS[k % len(RUN_COLOURS)]
        epochs = np.arange(runs[0].epochs + 1)
        name = _setting_label(runs)
        acc = [100 * r.test_accuracy for r in runs]
        cost = [r.train_cost for r in runs]
        dash = series_style(k)["dash"]
        for trace in band_traces(epochs, acc, colour, name, dash=dash, legendgroup=str(k), decimals=2):
            fig.add_trace(trace, row=1, col=1)
        for trace in band_traces(epochs, cost, colour, name, dash=dash, legendgroup=str(k), showlegend=False):
            fig.add_trace(trace, row=1, col=2)
    fig.update_xaxes(title_text="epoch")
    fig.update_yaxes(range=[0, 100], row=1, col=1)
    fig.update_yaxes(type="log", row=1, col=2)
    fig.update_layout(template="plotly_white", height=450, title={"text": title, "font": {"size": 14}},
                      margin={"t": 80, "b": 50, "l": 60, "r": 20},
                      legend={"orientation": "h", "y": -0.2, "x": 0.5, "xanchor": "center"})
    finals = []
    for runs in groups:
        acc, cost = accuracy_spread(runs), spread_of([r.seed for r in runs], [r.train_cost[-1] for r in runs])
        finals.append(f"{_setting_label(runs)}: after {runs[0].epochs} epochs a test accuracy of "
                      f"{acc.mean:.1f}% on average (from {acc.lo:.1f}% to {acc.hi:.1f}%) and a training cost "
                      f"of {cost.mean:.4f} on average (from {cost.lo:.4f} to {cost.hi:.4f})")
    return with_alt(fig, (
        f"{title}. Two line charts over the epochs: the test accuracy in percent (left) and the training "
        f"cost on a log scale (right). For each setting a line shows the mean over its runs and a shaded "
        f"band the range from the lowest to the highest run. {'; '.join(finals)}."
    ))


def confusion_figure(matrix, title="Confusion matrix on the test digits"):
    """A heatmap of the counts M[true, predicted], each count written in its cell (zeros left blank)."""
    M = np.asarray(matrix)
    n = M.shape[0]
    text = [[str(int(v)) if v else "" for v in row] for row in M]
    fig = go.Figure(go.Heatmap(
        z=M, x=list(range(n)), y=list(range(n)), text=text, texttemplate="%{text}", textfont={"size": 13},
        colorscale=COUNTS, zmin=0, showscale=True, colorbar={"title": "count"},
        hovertemplate="true %{y}, predicted %{x}: %{z}<extra></extra>",
    ))
    # outline the off-diagonal cells that are not zero: the confusions
    for t, p in zip(*np.nonzero(M)):
        if t != p:
            fig.add_shape(type="rect", x0=p - 0.5, x1=p + 0.5, y0=t - 0.5, y1=t + 0.5,
                          line={"color": VERMILION, "width": 2.5})
    fig.update_xaxes(title_text="predicted digit", dtick=1, range=[-0.5, n - 0.5], constrain="domain", showgrid=False)
    fig.update_yaxes(title_text="true digit", dtick=1, range=[n - 0.5, -0.5], scaleanchor="x", constrain="domain",
                     showgrid=False)
    fig.update_layout(template="plotly_white", height=520, width=600, title={"text": title, "font": {"size": 14}},
                      margin={"t": 60, "b": 60, "l": 60, "r": 20})
    wrong = [(int(t), int(p), int(M[t, p])) for t, p in zip(*np.nonzero(M)) if t != p]
    listed = "; ".join(f"{c} times a {t} predicted as {p}" for t, p, c in wrong) or "none"
    return with_alt(fig, (
        f"A 10 by 10 grid of counts: row = true digit, column = predicted digit. The diagonal holds the "
        f"correct answers, {int(np.trace(M))} of {int(M.sum())}. Off the diagonal, outlined: {listed}."
    ))


def misclassified_figure(misses, n_per_row=5):
    """Each misclassified test digit as an image, titled with the true digit, the prediction and a."""
    d = _data()
    rows = max(1, math.ceil(len(misses) / n_per_row))
    cols = min(n_per_row, max(1, len(misses)))
    titles = [f"#{m.index}: a {m.label}, said {m.predicted}<br>(a = {m.confidence:.2f}; a for {m.label}: "
              f"{m.true_output:.2f})" for m in misses]
    fig = make_subplots(rows=rows, cols=cols, horizontal_spacing=0.04, vertical_spacing=0.16,
                        subplot_titles=titles or None)
    for k, m in enumerate(misses):
        fig.add_trace(go.Heatmap(z=np.round(d.X_test[:, m.index].reshape(SIDE, SIDE), 4), zmin=0, zmax=1,
                                 colorscale=INK, showscale=False, hovertemplate="%{z:.2f}<extra></extra>"),
                      row=k // cols + 1, col=k % cols + 1)
    _square_pixels(fig, rows * cols)
    for ann in fig.layout.annotations:
        ann.font = {"size": 11}
    fig.update_layout(template="plotly_white", height=40 + 190 * rows, margin={"t": 50, "b": 10, "l": 10, "r": 10})
    listed = "; ".join(f"test digit {m.index}, a {m.label}, predicted {m.predicted} with output {m.confidence:.2f}"
                       for m in misses)
    return with_alt(fig, f"{len(misses)} misclassified test digits as 8 by 8 images: {listed}.")


def first_layer_figure(net=None, n_per_row=8):
    """The 16 rows of W^[1], each reshaped to 8 x 8: what each hidden unit of layer 1 weighs each pixel by."""
    net = best_run().net if net is None else net
    W = net.W[1]
    n = W.shape[0]
    rows = math.ceil(n / n_per_row)
    limit = float(np.max(np.abs(W)))
    fig = make_subplots(rows=rows, cols=n_per_row, horizontal_spacing=0.015, vertical_spacing=0.1,
                        subplot_titles=[f"unit {j + 1}" for j in range(n)])
    for j in range(n):
        fig.add_trace(go.Heatmap(z=np.round(W[j].reshape(SIDE, SIDE), 3), zmin=-limit, zmax=limit, zmid=0,
                                 colorscale=DIVERGING, showscale=j == 0,
                                 colorbar={"title": "weight", "len": 0.9},
                                 hovertemplate="weight %{z:.2f}<extra></extra>"),
                      row=j // n_per_row + 1, col=j % n_per_row + 1)
    _square_pixels(fig, n)
    for ann in fig.layout.annotations:
        ann.font = {"size": 11}
    fig.update_layout(template="plotly_white", height=60 + 120 * rows, margin={"t": 40, "b": 10, "l": 10, "r": 10})
    return with_alt(fig, (
        f"{n} small 8 by 8 images, one per unit of the first hidden layer: the unit's weights on the 64 pixels, "
        f"blue for negative, white for zero and vermilion for positive, from {-limit:.2f} to {limit:.2f}. "
        "The patterns are blotchy; some show a stroke-like region of one sign next to one of the other."
    ))

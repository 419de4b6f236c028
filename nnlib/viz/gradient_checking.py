"""Gradient checking: the figures and the interactive of the gradient-checking chapter.

Every number comes from nnlib: gradients from Network.gradients or the planted-bug backprops of
nnlib.planted_bugs, numerical gradients from nnlib.numerical_gradients (eq. (centred-difference)),
relative errors from nnlib.relative_error (eq. (relative-error)).

- check_state(name, eps, lam): the pure update function of the interactive (per-parameter
  relative errors, their maximum, the verdict, and the curve "largest error against eps");
- check_figure / check_figure_state: the figure for one state, and what changes between states;
- check_explorer: the page's face, computed live in the browser by the JavaScript twin
  (nnlib/viz/js/gradient_check.js; explorer_config is what it computes from);
- check_app: the kernel face;
- epsilon_sweep / epsilon_figure: truncation against rounding error, one-sided and centred;
- bug_table, error_by_array, weak_checks, kink_example: the chapter's measured tables.
"""
import uuid
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..gradcheck import RELATIVE_FLOOR, numerical_gradients, relative_error
from ..network import Network
from ..planted_bugs import BUGS, IMPLEMENTATIONS, example_problem
from .js_modules import explorer_html
from .palette import BLUE, GREEN, GREY, ORANGE, PURPLE, SKY, VERMILION, series_style
from .renderer import with_alt
from .widgets import live_app

# The interactive's controls: which backprop, eps = 1e-13 ... 1e-1 (left to right, as on the
# plot's eps axis), lambda = 0 or 1.
NAMES = list(IMPLEMENTATIONS)
# The backprop slider's labels: short enough that plotly draws all seven in a narrow column.
SHORT_NAMES = {"missing transpose": "no transpose", "bias regularised": "bias in L2"}
IMPL_LABELS = [SHORT_NAMES.get(n, n) for n in NAMES]
EPS_EXPONENTS = list(range(13, 0, -1))
EPS_LABELS = [f"1e-{k:02d}" for k in EPS_EXPONENTS]
EPS_VALUES = [float(s) for s in EPS_LABELS]
LAMBDAS = [0, 1]
# The curve "largest relative error against eps": four points per decade, 1e-1 ... 1e-13.
EPS_CURVE = [float(10.0 ** (-k / 4)) for k in range(4, 53)]
# Thresholds of the verdict (eq. (relative-error)): below FINE the gradients agree, above BUG it is a bug.
FINE, SUSPICIOUS, BUG = 1e-7, 1e-4, 1e-2
# The steps at which a check of a correct backprop is trustworthy (double precision, centred
# differences): below EPS_TRUSTED[0] round-off dominates the difference quotient, above
# EPS_TRUSTED[1] truncation does; there a large error says nothing about the code.
EPS_TRUSTED = (1e-7, 1e-3)
DISPLAY_FLOOR = 1e-16  # relative errors below this (e.g. exactly 0) are drawn at this height
ARRAYS = ("W[1]", "b[1]", "W[2]", "b[2]")
ARRAY_COLOURS = (BLUE, SKY, VERMILION, ORANGE)


def as_eps(eps):
    """eps as a float, from a number or a label such as "1e-05"."""
    return float(eps)


def as_name(impl):
    """The implementation's name, from its name or its slider label ("no transpose")."""
    return NAMES[IMPL_LABELS.index(impl)] if impl in IMPL_LABELS and impl not in NAMES else impl


# What a largest relative error means (verdict); the page's explorer prints the same words.
VERDICTS = {
    "agree": "the gradients agree",
    "round_off": "round-off dominates at this ε: no verdict (try ε ≈ 1e-5)",
    "truncation": "truncation dominates at this ε: no verdict (try ε ≈ 1e-5)",
    "probably": "probably right: try another ε, look for kinks",
    "suspicious": "suspicious: look closer",
    "bug": "a bug",
}


def verdict(error, eps=1e-5):
    """What a largest relative error means at step eps (the chapter's thresholds).

    Outside EPS_TRUSTED a correct backprop can show a large error too (round-off at tiny eps,
    truncation at large eps), so there a large error gives no verdict on the code.
    """
    if error < FINE:
        return VERDICTS["agree"]
    if eps < EPS_TRUSTED[0]:
        return VERDICTS["round_off"]
    if eps > EPS_TRUSTED[1]:
        return VERDICTS["truncation"]
    if error < SUSPICIOUS:
        return VERDICTS["probably"]
    if error < BUG:
        return VERDICTS["suspicious"]
    return VERDICTS["bug"]


def fmt(x):
    """A relative error as the figures print it: 2 significant digits, 0 as 0."""
    return "0" if x == 0 else f"{x:.1e}"


# --------------------------------------------------------------------------------------
# Computations on the chapter's problem (cached: the grid reuses them)
# --------------------------------------------------------------------------------------
@lru_cache(maxsize=8)
def _problem(lam):
    return example_problem(l2=float(lam))


@lru_cache(maxsize=64)
def analytic_flat(name, lam):
    """The gradient implementation `name` returns on the chapter's problem, as one flat vector
    laid out [W^[1], b^[1], W^[2], b^[2]]."""
    net, X, Y = _problem(lam)
    dW, db = IMPLEMENTATIONS[name].function(net, X, Y)
    return _flat(dW, db)


@lru_cache(maxsize=256)
def numerical_flat(eps, lam):
    """nnlib.numerical_gradients of the chapter's problem at this eps, as one flat vector."""
    net, X, Y = _problem(lam)
    return _flat(*numerical_gradients(net, X, Y, as_eps(eps)))


def _flat(dW, db):
    parts = []
    for gW, gb in zip(dW, db):
        parts += [np.ravel(gW), np.ravel(gb)]
    return np.concatenate(parts)


def parameter_names(sizes=None):
    """'W[1]_jk' and 'b[1]_j' for every parameter, in the order of the flat vectors."""
    sizes = sizes or _problem(0)[0].sizes
    names, groups = [], []
    for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        names += [f"W[{l}]_{j + 1}{k + 1}" for j in range(n_out) for k in range(n_in)]
        groups += [f"W[{l}]"] * (n_out * n_in)
        names += [f"b[{l}]_{j + 1}" for j in range(n_out)]
        groups += [f"b[{l}]"] * n_out
    return names, groups


@lru_cache(maxsize=32)
def error_curve(name, lam):
    """Largest relative error of implementation `name` at every eps of EPS_CURVE."""
    g = analytic_flat(name, lam)
    return np.array([float(relative_error(g, numerical_flat(e, lam)).max()) for e in EPS_CURVE])


class CheckState(NamedTuple):
    """What the interactive shows for one choice of implementation, eps and lambda."""

    name: str
    eps: float
    lam: float
    errors: np.ndarray  # relative error of every parameter (eq. (relative-error)), shape (n_params,)
    max_error: float
    worst: str  # the parameter with the largest error
    verdict: str
    curve: np.ndarray  # largest relative error at every eps of EPS_CURVE
    best_eps: float  # the eps of EPS_CURVE with the smallest largest error


def check_state(name="correct", eps=1e-5, lam=0):
    """The interactive's update function: the relative error of each parameter between the
    gradient of implementation `name` and the centred difference at eps, with L2 strength lam."""
    name = as_name(name)
    if name not in IMPLEMENTATIONS:
        raise ValueError(f"name must be one of {NAMES}; got {name!r}")
    if lam not in LAMBDAS:
        raise ValueError(f"lam must be one of {LAMBDAS}; got {lam!r}")
    eps = as_eps(eps)
    errors = relative_error(analytic_flat(name, lam), numerical_flat(eps, lam))
    i = int(np.argmax(errors))
    curve = error_curve(name, lam)
    return CheckState(name, eps, float(lam), errors, float(errors[i]), parameter_names()[0][i],
                      verdict(float(errors[i]), eps), curve, EPS_CURVE[int(np.argmin(curve))])


# --------------------------------------------------------------------------------------
# The interactive's figure
# --------------------------------------------------------------------------------------
T_GROUPS = (0, 1, 2, 3)  # one strip per array W[1], b[1], W[2], b[2]
T_MAX, T_CURVE, T_MARKER = 4, 5, 6
PLOT_PX = 400
TOP_PX = 90
LEGEND_PX = 130  # room below the panels for the axis titles and the two-row legend


def check_title(s):
    return f"{s.name}, ε = {s.eps:.1e}, λ = {s.lam:g}: largest error {fmt(s.max_error)} at {s.worst}, {s.verdict}"


def _shown(errors):
    return np.maximum(errors, DISPLAY_FLOOR)


def _strips(s):
    names, groups = parameter_names()
    groups = np.array(groups)
    return [np.flatnonzero(groups == a) for a in ARRAYS], names


def _state_props(s):
    idx, _ = _strips(s)
    data = {t: {"y": np.round(np.log10(_shown(s.errors[i])), 3)} for t, i in zip(T_GROUPS, idx)}
    n = len(s.errors)
    data[T_MAX] = {"y": [float(np.log10(max(s.max_error, DISPLAY_FLOOR)))] * 2, "x": [-0.5, n - 0.5]}
    data[T_CURVE] = {"y": np.round(np.log10(_shown(s.curve)), 3)}
    data[T_MARKER] = {"x": [float(np.log10(s.eps))], "y": [float(np.log10(max(s.max_error, DISPLAY_FLOOR)))]}
    return {"data": data, "layout": {"title.text": check_title(s)}}


def _alt(s):
    imp = IMPLEMENTATIONS[s.name]
    what = f"the implementation '{s.name}' ({imp.bug})" if imp.bug else "the correct backprop"
    return (
        f"Left: the relative error between the gradient of {what} and centred finite differences "
        f"with ε = {s.eps:.0e} and λ = {s.lam:g}, one dot per weight and bias of a 3-3-3 sigmoid network, "
        f"on a logarithmic axis from 1e-16 to 10; the largest is {fmt(s.max_error)} at {s.worst}, so "
        f"{s.verdict}. Right: the largest relative error against ε from 1e-1 to 1e-13 on log-log axes, "
        f"with a marker at the chosen ε; it is smallest, {fmt(float(s.curve.min()))}, at "
        f"ε = {s.best_eps:.1e}."
    )


def check_figure(name="correct", eps=1e-5, lam=0):
    """Relative error per parameter (left) and the largest error against eps (right)."""
    s = check_state(name, eps, lam)
    idx, names = _strips(s)
    fig = make_subplots(rows=1, cols=2, column_widths=[0.55, 0.45], horizontal_spacing=0.1,
                        subplot_titles=("relative error of each parameter", "largest relative error against ε"))
    for k, (a, i, colour) in enumerate(zip(ARRAYS, idx, ARRAY_COLOURS)):
        fig.add_trace(go.Scatter(
            x=i.tolist(), y=np.round(np.log10(_shown(s.errors[i])), 3), mode="markers", name=a,
            marker={"size": 9, "color": colour, "symbol": series_style(k)["symbol"]},
            text=[names[k] for k in i], hovertemplate="%{text}: 10^%{y:.2f}<extra></extra>"), row=1, col=1)
    n = len(s.errors)
    fig.add_trace(go.Scatter(x=[-0.5, n - 0.5], y=[0, 0], mode="lines", name="largest",
                             line={"color": GREY, "dash": "dot", "width": 1.5}, hoverinfo="skip"), row=1, col=1)
    fig.add_trace(go.Scatter(x=np.round(np.log10(EPS_CURVE), 3).tolist(), y=[0] * len(EPS_CURVE),
                             mode="lines", name="largest error at each ε", line={"color": GREEN, "width": 2.5},
                             hovertemplate="ε = 10^%{x:.2f}: 10^%{y:.2f}<extra></extra>"), row=1, col=2)
    fig.add_trace(go.Scatter(x=[0], y=[0], mode="markers", name="chosen ε",
                             marker={"size": 13, "color": PURPLE, "symbol": "star"},
                             hovertemplate="ε = 10^%{x:.0f}: 10^%{y:.2f}<extra></extra>"), row=1, col=2)
    for col in (1, 2):
        for level, text in ((FINE, "1e-7: agree"), (BUG, "1e-2: bug")):
            fig.add_hline(y=np.log10(level), line={"color": GREY, "width": 1, "dash": "dash"}, row=1, col=col,
                          annotation_text=text if col == 1 else "", annotation_position="top left",
                          annotation_font={"size": 12, "color": GREY})
    ticks = list(range(-16, 2, 2))
    labels = [f"1e{t}" if t else "1" for t in ticks]
    fig.update_yaxes(range=[-16.5, 1.2], tickvals=ticks, ticktext=labels)
    fig.update_yaxes(title_text="relative error", row=1, col=1)
    starts = [int(i[0]) for i in idx]
    fig.update_xaxes(tickvals=starts, ticktext=list(ARRAYS), range=[-1, n], title_text="parameter", row=1, col=1)
    eps_ticks = list(range(-13, 0, 2))
    fig.update_xaxes(tickvals=eps_ticks, ticktext=[f"1e{t}" for t in eps_ticks], range=[-13.4, -0.6],
                     title_text="ε", row=1, col=2)
    fig.update_annotations(font_size=13)
    fig.update_layout(
        title={"text": check_title(s), "font": {"size": 14}}, template="plotly_white",
        height=TOP_PX + PLOT_PX + LEGEND_PX, margin={"t": TOP_PX, "b": LEGEND_PX, "l": 60, "r": 20},
        legend={"orientation": "h", "yanchor": "top", "x": 0, "y": -75 / PLOT_PX, "font": {"size": 12}},
    )
    state = _state_props(s)
    for t, props in state["data"].items():
        fig.data[t].update(props)
    return with_alt(fig, _alt(s))


def check_figure_state(impl, eps, lam):
    """What changes in check_figure between states: the dots, the max line, the curve, the marker, the title."""
    return _state_props(check_state(impl, eps, lam))


def check_controls(name="correct", eps=1e-5, lam=0):
    return {
        "impl": (IMPL_LABELS, NAMES.index(as_name(name)), "backprop"),
        "eps": (EPS_LABELS, EPS_VALUES.index(as_eps(eps)), "ε"),
        "lam": (LAMBDAS, LAMBDAS.index(lam), "λ"),
    }


class _LiveFigure:
    """The kernel face's figure_for: one figure, restyled with check_figure_state on each move."""

    def __init__(self):
        self.fig = check_figure()

    def __call__(self, impl, eps, lam):
        state = check_figure_state(impl, eps, lam)
        for t, props in state["data"].items():
            self.fig.data[t].update(props)
        self.fig.layout.title.text = state["layout"]["title.text"]
        self.fig.layout.meta = {**self.fig.layout.meta, "alt": _alt(check_state(impl, eps, lam))}
        return self.fig


def check_app(name="correct", eps=1e-5, lam=0):
    """Kernel face: the same figure, recomputed with nnlib as the controls move."""
    for lam_ in LAMBDAS:  # the numerical gradients at every eps, computed once up front
        error_curve("correct", lam_)
    return live_app(check_controls(name, eps, lam), _LiveFigure())


# --------------------------------------------------------------------------------------
# The page's face: the explorer, computed live in the browser
# --------------------------------------------------------------------------------------
EPS_RANGE = (-13, -1)  # log10 of the explorer's eps, as on the plot's eps axis


def _piece_names(pieces):
    return {field: piece.__name__ for field, piece in pieces._asdict().items()}


def explorer_config(name="correct", eps=1e-5, lam=0):
    """What the explorer computes from, JSON-ready: the chapter's problem (weights, biases,
    examples), every implementation by name with its pieces (nnlib.planted_bugs), the eps range,
    the thresholds and verdicts, the colours and the start. The numbers it shows it computes in
    the page with the twin of nnlib; the browser tests check them against check_state."""
    name = as_name(name)
    if name not in IMPLEMENTATIONS:
        raise ValueError(f"name must be one of {NAMES}; got {name!r}")
    if lam not in LAMBDAS:
        raise ValueError(f"lam must be one of {LAMBDAS} (L2 off or on); got {lam!r}")
    eps = as_eps(eps)
    if not 10.0 ** EPS_RANGE[0] <= eps <= 10.0 ** EPS_RANGE[1]:
        raise ValueError(f"eps = {eps} is outside the explorer's range 1e{EPS_RANGE[0]} to 1e{EPS_RANGE[1]}")
    net, X, Y = _problem(0)
    names, groups = parameter_names()
    return {
        "sizes": list(net.sizes), "theta": net.get_params().tolist(), "X": X.tolist(), "Y": Y.tolist(),
        "lambdas": LAMBDAS,
        "implementations": [[n, n, imp.bug, _piece_names(imp.pieces)] for n, imp in IMPLEMENTATIONS.items()],
        "names": names, "arrays": [[a, groups.index(a), groups.count(a)] for a in ARRAYS],
        "eps_range": list(EPS_RANGE), "eps_curve": EPS_CURVE, "floor": RELATIVE_FLOOR,
        "display_floor": DISPLAY_FLOOR, "thresholds": {"fine": FINE, "suspicious": SUSPICIOUS, "bug": BUG},
        "trusted": list(EPS_TRUSTED), "verdicts": VERDICTS,
        "colours": {"arrays": list(ARRAY_COLOURS), "curve": GREEN, "marker": PURPLE, "grey": GREY},
        "start": {"name": name, "eps": eps, "lam": lam},
    }


class CheckExplorer:
    """The explorer as a notebook output: HTML with the module inlined (js_modules.explorer_html),
    so the same output runs in the built book and in JupyterLab, with or without a kernel."""

    def __init__(self, config):
        self.config = config
        self.element_id = f"nnjs-gradient-check-{uuid.uuid4().hex[:8]}"

    def _repr_html_(self):
        return explorer_html("gradient_check.js", "mountGradientCheck", self.config, self.element_id)

    def __repr__(self):
        s = self.config["start"]
        return (f"Gradient-check explorer from {s['name']}, ε = {s['eps']:.1e}, λ = {s['lam']:g} "
                "(it runs in the browser: choose the backprop, move ε, switch L2)")


def check_explorer(name="correct", eps=1e-5, lam=0):
    """Choose a backprop, the step eps and L2 on or off, and see live each parameter's relative
    error and the largest error against eps, computed in the page."""
    return CheckExplorer(explorer_config(name, eps, lam))


# --------------------------------------------------------------------------------------
# One-sided against centred differences, and the choice of eps
# --------------------------------------------------------------------------------------
class Sweep(NamedTuple):
    eps: list
    centred: np.ndarray  # largest relative error of the centred difference at each eps
    one_sided: np.ndarray  # the same for the one-sided difference
    best_centred: float  # eps with the smallest error, and that error
    best_centred_error: float
    best_one_sided: float
    best_one_sided_error: float


@lru_cache(maxsize=2)
def epsilon_sweep(lam=0):
    """Largest relative error of both differences against backprop (Network.gradients) for
    eps = 1e-1 ... 1e-13 (EPS_CURVE) on the chapter's problem."""
    net, X, Y = _problem(lam)
    g = _flat(*net.gradients(X, Y))
    centred = np.array([float(relative_error(g, numerical_flat(e, lam)).max()) for e in EPS_CURVE])
    one = np.array([float(relative_error(g, _flat(*numerical_gradients(net, X, Y, e, one_sided=True))).max()) for e in EPS_CURVE])
    ic, io = int(np.argmin(centred)), int(np.argmin(one))
    return Sweep(EPS_CURVE, centred, one, EPS_CURVE[ic], float(centred[ic]), EPS_CURVE[io], float(one[io]))


def single_parameter_errors(eps_values, which=("W", 1, (0, 0)), lam=0):
    """Absolute errors |estimate - backprop| of the one-sided and centred differences for one
    parameter (default W^[1]_11) at each eps: (one_sided, centred, backprop value)."""
    net, X, Y = _problem(lam)
    kind, l, i = which
    g = (net.gradients(X, Y)[0 if kind == "W" else 1])[l][i]
    param = (net.W if kind == "W" else net.b)[l]
    saved = param[i]
    one, cen = [], []
    for e in eps_values:
        c0 = net.cost(X, Y)
        param[i] = saved + e
        cp = net.cost(X, Y)
        param[i] = saved - e
        cm = net.cost(X, Y)
        param[i] = saved
        one.append(abs((cp - c0) / e - g))
        cen.append(abs((cp - cm) / (2 * e) - g))
    return np.array(one), np.array(cen), float(g)


def epsilon_figure(lam=0):
    """Log-log plot: largest relative error of one-sided and centred differences against eps."""
    s = epsilon_sweep(lam)
    x = np.log10(EPS_CURVE)
    fig = go.Figure()
    for k, (ys, name, colour, best, best_err) in enumerate((
            (s.one_sided, "one-sided (C(p+ε) − C(p)) / ε", ORANGE, s.best_one_sided, s.best_one_sided_error),
            (s.centred, "centred (C(p+ε) − C(p−ε)) / 2ε", BLUE, s.best_centred, s.best_centred_error))):
        style = series_style(k)
        fig.add_trace(go.Scatter(x=np.round(x, 3), y=np.round(np.log10(_shown(ys)), 3), mode="lines+markers",
                                 name=name, line={"color": colour, "width": 2.5, "dash": style["dash"]},
                                 marker={"size": 6, "symbol": style["symbol"]},
                                 hovertemplate="ε = 10^%{x:.2f}: 10^%{y:.2f}<extra></extra>"))
        fig.add_trace(go.Scatter(x=[np.log10(best)], y=[np.log10(best_err)], mode="markers+text",
                                 name=f"best ε for {name.split()[0]}: {best:.1e}", showlegend=True,
                                 marker={"size": 14, "color": colour, "symbol": "star"},
                                 text=[f"{best:.0e}"], textposition="bottom center", hoverinfo="skip"))
    for level, text in ((FINE, "1e-7"), (BUG, "1e-2")):
        fig.add_hline(y=np.log10(level), line={"color": GREY, "width": 1, "dash": "dash"},
                      annotation_text=text, annotation_position="top left", annotation_font={"size": 10})
    ticks = list(range(-13, 0))
    yt = list(range(-12, 2, 2))
    fig.update_xaxes(tickvals=ticks, ticktext=[f"1e{t}" for t in ticks], title_text="step ε")
    fig.update_yaxes(tickvals=yt, ticktext=[f"1e{t}" if t else "1" for t in yt], range=[-12, 1.5],
                     title_text="largest relative error")
    fig.update_layout(
        title={"text": (f"Best ε: centred {s.best_centred:.0e} (error {fmt(s.best_centred_error)}), "
                        f"one-sided {s.best_one_sided:.0e} (error {fmt(s.best_one_sided_error)})"),
               "font": {"size": 14}},
        template="plotly_white", height=520, legend={"orientation": "h", "y": -0.2, "x": 0},
        margin={"t": 70, "b": 120},
    )
    return with_alt(fig, (
        f"Log-log plot of the largest relative error between backprop and finite differences on a 3-3-3 "
        f"sigmoid network, for ε from 1e-1 to 1e-13. Both curves are V-shaped: to the right the error "
        f"falls as ε shrinks (truncation error, slope 1 for the one-sided and 2 for the centred "
        f"difference), to the left it rises again (rounding error). The centred curve reaches "
        f"{fmt(s.best_centred_error)} at ε = {s.best_centred:.0e}; the one-sided reaches only "
        f"{fmt(s.best_one_sided_error)} at ε = {s.best_one_sided:.0e}."))


# --------------------------------------------------------------------------------------
# The chapter's tables
# --------------------------------------------------------------------------------------
def error_by_array(name, lam=0, eps=1e-5):
    """{"W[1]": largest relative error in dC/dW^[1], ...}: where a bug shows."""
    errors = check_state(name, eps, lam).errors
    _, groups = parameter_names()
    groups = np.array(groups)
    return {a: float(errors[groups == a].max()) for a in ARRAYS}


def bug_table(eps=1e-5):
    """{name: (largest error with lambda = 0, with lambda = 1)} for the correct backprop and the
    five named bugs (not the mystery: finding its pattern is the chapter's exercise)."""
    return {name: (check_state(name, eps, 0).max_error, check_state(name, eps, 1).max_error)
            for name in NAMES if name != "mystery"}


def _check(fn, net, X, Y, last_layer_only=False):
    """Largest relative error of fn, or inf if fn crashed on the shapes."""
    try:
        dW, db = fn(net, X, Y)
    except ValueError:
        return float("inf")
    nW, nb = numerical_gradients(net, X, Y)
    pairs = list(zip(dW, nW)) + list(zip(db, nb))
    if last_layer_only:
        pairs = [(dW[-1], nW[-1]), (db[-1], nb[-1])]
    return max(float(relative_error(a, n).max()) for a, n in pairs)


def _problem_for(setup):
    if setup == "one example (m = 1)":
        return example_problem(l2=1.0, m=1)
    if setup == "a chain 1-1-1":
        return example_problem(l2=1.0, sizes=(1, 1, 1))
    if setup == "λ = 0":
        return example_problem(l2=0.0)
    if setup == "biases 0, as initialised":
        net, X, Y = example_problem(l2=1.0)
        for b in net.b:
            b[...] = 0.0
        return net, X, Y
    if setup == "a non-square 3-4-2 network":
        return example_problem(l2=1.0, sizes=(3, 4, 2))
    return example_problem(l2=1.0)


WEAK_SETUPS = ("the chapter's check", "one example (m = 1)", "a chain 1-1-1", "λ = 0",
               "biases 0, as initialised", "last layer only", "a non-square 3-4-2 network")


@lru_cache(maxsize=1)
def weak_checks():
    """{setup: {bug: largest relative error}} for the five planted bugs under weaker (and one
    stricter) checks; inf means the backprop crashed on the shapes (a caught bug too)."""
    table = {}
    for setup in WEAK_SETUPS:
        net, X, Y = _problem_for(setup)
        table[setup] = {bug: _check(IMPLEMENTATIONS[bug].function, net, X, Y, setup == "last layer only")
                        for bug in BUGS}
    return table


def kink_example(offset=1e-6, eps=1e-5):
    """A ReLU network whose hidden neuron 1 has z = offset for example 1 (a point `offset` from
    the kink of relu), checked with the correct nnlib backprop. Returns (largest relative error,
    the parameter where it is, and how many z lie within eps of 0)."""
    net = Network([2, 3, 1], hidden="relu", output="sigmoid", cost="quadratic", seed=1)
    rng = np.random.default_rng(11)
    X = np.round(rng.normal(0, 1, (2, 3)), 2)
    Y = np.array([[1.0, 0.0, 1.0]])
    net.b[1] = np.array([[0.3], [-0.2], [0.1]])
    z = net.W[1] @ X + net.b[1]
    net.b[1][0, 0] += offset - z[0, 0]  # now z^[1]_1 of example 1 is exactly `offset`
    dW, db = net.gradients(X, Y)
    nW, nb = numerical_gradients(net, X, Y, eps)
    errors = np.concatenate([np.ravel(relative_error(a, n)) for a, n in
                             zip([dW[1], db[1], dW[2], db[2]], [nW[1], nb[1], nW[2], nb[2]])])
    names, _ = parameter_names(net.sizes)
    i = int(np.argmax(errors))
    z = net.forward_trace(X).z[1]
    return float(errors[i]), names[i], int(np.sum(np.abs(z) < eps))


__all__ = ["check_state", "check_figure", "check_explorer", "explorer_config", "check_app", "epsilon_figure",
           "epsilon_sweep", "bug_table", "error_by_array", "weak_checks", "kink_example",
           "single_parameter_errors"]

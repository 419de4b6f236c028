"""The cost surface of one sigmoid neuron over its two parameters (w, b): the cost-surface chapter.

The neuron a = sigma(w x + b) is fitted to the pipeline chapter's eight students (HOURS, PASSED)
with the quadratic cost C(w, b) = (1/m) sum_i (a_i - y_i)^2 (book: eq. (cost-one-neuron)).
Every number comes from nnlib: costs from Network.cost, gradients from Network.gradients (via
nnlib.viz.neuron.neuron_fit), the lowest point from nnlib.sgd.

- surface_point(w, b): the pure, fast update function (cost, gradient, -gradient direction, fit);
  gradient_step and descent_path: one step and many steps of gradient descent;
- cost_surface_explorer(w, b, lr): the page's face, computed live in the browser by the
  JavaScript twin of nnlib (nnlib/viz/js/cost_surface.js): the reader drags the point on the
  contour map and sees the -gradient arrow, the cost and its partial derivatives, the fit and
  the descent path; it needs no kernel and works in JupyterLab too;
- cost_surface_picture(): a still 3-D picture of the surface (an SVG drawn at build time);
- cost_surface_figure(w, b) / cost_surface_app: the kernel face, a plotly figure with the 3-D
  surface redrawn from nnlib by ipywidgets sliders (cost_surface_state: what changes in it).
"""
import copy
import uuid
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from ..train import sgd
from .neuron import HOURS, PASSED, NeuronFit, X_GRID, neuron_fit, one_neuron
from .js_modules import explorer_html
from .palette import BLUE, GREY, ORANGE, SKY, VERMILION
from .renderer import with_alt
from .widgets import live_app

# The square region of the (w, b) plane that the figures show.
W_RANGE = (-2.0, 6.0)
B_RANGE = (-8.0, 0.0)
# Kernel face: finer sliders (recomputed live, nothing is stored).
W_FINE = np.round(np.arange(W_RANGE[0], W_RANGE[1] + 1e-9, 0.1), 2)
B_FINE = np.round(np.arange(B_RANGE[0], B_RANGE[1] + 1e-9, 0.1), 2)
# The surface and the contour map are drawn from the cost on this 41 x 41 grid.
SURFACE_W = np.round(np.linspace(*W_RANGE, 41), 2)
SURFACE_B = np.round(np.linspace(*B_RANGE, 41), 2)

SCENE_EYE = (1.55, -1.95, 1.45)  # the 3-D camera
CONTOUR_LABEL_PX = 12  # contour labels' font size
LIFT = 0.008  # the 3-D marker floats this far above the surface, so the surface does not hide it
ARROW_LENGTH = 1.0  # length of the drawn -gradient arrow, in units of (w, b): it shows a direction
START = (1.0, -1.0)  # the chapter's worked point P
# Sequential colour scale, low cost dark: palette blue -> sky -> a pale tint of sky.
COLORSCALE = [[0.0, BLUE], [0.45, SKY], [1.0, "#EEF6FB"]]
CONTOURS = {"start": 0.12, "end": 0.5, "size": 0.04}  # the levels of the lines of equal cost
COST_TOP = 0.55  # top of the cost axes

TOP_PX = 80  # room for the title above the panels
PLOT_AREA_PX = 640  # height of the three panels together
LEGEND_PX = 50  # room for the legend below the bottom panel's axis title

# Trace numbers in cost_surface_figure (cost_surface_state refers to them).
T_SURFACE, T_POINT3D, T_CONTOUR, T_LOWEST, T_ARROW, T_POINT2D, T_DATA, T_CURVE, T_OUTPUTS = range(9)


class SurfacePoint(NamedTuple):
    """Everything the figures show for one point (w, b) of the parameter plane."""

    w: float
    b: float
    cost: float  # C(w, b), from Network.cost
    dC_dw: float  # from Network.gradients (backpropagation)
    dC_db: float
    grad_norm: float  # |grad C| = sqrt(dC_dw^2 + dC_db^2), the slope in the steepest direction
    descent: tuple  # (-grad C) / |grad C|: the unit vector of steepest descent ((0, 0) if grad C = 0)
    fit: NeuronFit  # the neuron's curve and outputs on the data


def surface_point(w, b, X=HOURS, Y=PASSED):
    """Cost, gradient and steepest-descent direction at (w, b), all from nnlib."""
    fit = neuron_fit(w, b, X, Y)
    norm = float(np.hypot(fit.dC_dw, fit.dC_db))
    descent = (-fit.dC_dw / norm, -fit.dC_db / norm) if norm > 0 else (0.0, 0.0)
    return SurfacePoint(float(w), float(b), fit.cost, fit.dC_dw, fit.dC_db, norm, descent, fit)


class Step(NamedTuple):
    """One gradient-descent step (w, b) <- (w, b) - lr * grad C, and what it did to the cost."""

    w: float
    b: float
    lr: float
    w_new: float
    b_new: float
    cost: float
    cost_new: float
    change: float  # cost_new - cost, measured
    predicted: float  # -lr |grad C|^2: the change the slope predicts (first-order Taylor)


def gradient_step(w, b, lr, X=HOURS, Y=PASSED):
    """Take one step against the gradient (eq. (gradient-step)) and compare with the prediction."""
    p = surface_point(w, b, X, Y)
    w_new, b_new = p.w - lr * p.dC_dw, p.b - lr * p.dC_db
    cost_new = one_neuron(w_new, b_new).cost(X, Y)
    return Step(p.w, p.b, float(lr), float(w_new), float(b_new), p.cost, cost_new,
                cost_new - p.cost, -lr * p.grad_norm ** 2)


def directional_slope(w, b, angle_deg, h=1e-5, X=HOURS, Y=PASSED):
    """Slope of C along the unit vector u at angle_deg from the w axis, by a centred difference:

        [C((w, b) + h u) - C((w, b) - h u)] / (2h)  ~  grad C . u  (eq. (directional-slope)).
    """
    u = np.array([np.cos(np.radians(angle_deg)), np.sin(np.radians(angle_deg))])
    plus = one_neuron(w + h * u[0], b + h * u[1]).cost(X, Y)
    minus = one_neuron(w - h * u[0], b - h * u[1]).cost(X, Y)
    return (plus - minus) / (2 * h)


@lru_cache(maxsize=4)
def _cost_grid(w_values, b_values):
    return np.array([[one_neuron(w, b).cost(HOURS, PASSED) for w in w_values] for b in b_values])


def cost_grid(w_values=SURFACE_W, b_values=SURFACE_B):
    """C(w, b) on a grid, shape (len(b_values), len(w_values)): row i is b_values[i] (plotly's z)."""
    return _cost_grid(tuple(float(v) for v in w_values), tuple(float(v) for v in b_values)).copy()


@lru_cache(maxsize=1)
def lowest_point():
    """(w, b, C) at the bottom of the valley, found by nnlib.sgd (2000 full-batch steps, lr = 2)."""
    net = one_neuron(2.0, -4.0)
    history = sgd(net, HOURS, PASSED, epochs=2000, batch_size=None, lr=2.0)
    return float(net.W[1][0, 0]), float(net.b[1][0, 0]), float(history.cost[-1])


def fmt(x):
    """How the figures print a number: 4 decimals, or 2 significant digits when it is tiny."""
    x = float(x)
    return f"{x:.4f}" if x == 0 or abs(x) >= 1e-3 else f"{x:.1e}"


def _title(p):
    return (f"w = {p.w:g}, b = {p.b:g}:  C = {fmt(p.cost)},  ∂C/∂w = {fmt(p.dC_dw)},  "
            f"∂C/∂b = {fmt(p.dC_db)},  |∇C| = {fmt(p.grad_norm)}")


def _arrow(p):
    """The drawn arrow: from (w, b), ARROW_LENGTH along the steepest-descent direction."""
    return [p.w, p.w + ARROW_LENGTH * p.descent[0]], [p.b, p.b + ARROW_LENGTH * p.descent[1]]


def _alt(p):
    lw, lb, lc = lowest_point()
    return (
        f"Three panels for one sigmoid neuron fitted to eight students. Left: the cost C over the "
        f"plane of weight w ({W_RANGE[0]:g} to {W_RANGE[1]:g}) and bias b ({B_RANGE[0]:g} to "
        f"{B_RANGE[1]:g}) as a 3-D surface, a curved valley running from small w and b near 0 to large "
        f"w and very negative b, with high flat plateaus on both sides. Right: the same as a contour "
        f"map, with the lowest point, cost {lc:.4f} at w = {lw:.2f}, b = {lb:.2f}. The current point "
        f"w = {p.w:g}, b = {p.b:g} has cost {fmt(p.cost)} and gradient ({fmt(p.dC_dw)}, "
        f"{fmt(p.dC_db)}); an arrow from it points along the negative gradient. Bottom: the students' "
        f"hours and results with the neuron's S-shaped curve for this w and b."
    )


def cost_surface_figure(w=START[0], b=START[1]):
    """Surface, contour map (point, -gradient arrow, lowest point) and the fit, at (w, b)."""
    p = surface_point(w, b)
    Z = np.round(cost_grid(), 4)
    lw, lb, lc = lowest_point()
    fig = make_subplots(
        rows=2, cols=2, row_heights=[0.64, 0.36], vertical_spacing=0.13, horizontal_spacing=0.06,
        specs=[[{"type": "scene"}, {"type": "xy"}], [{"type": "xy", "colspan": 2}, None]],
        subplot_titles=("cost C(w, b) as altitude", "contour map: lines of equal cost",
                        "the neuron a = σ(wx + b) on the data"),
    )
    hover = "w = %{x:.2f}<br>b = %{y:.2f}<br>C = %{z:.4f}<extra></extra>"
    fig.add_trace(go.Surface(x=SURFACE_W, y=SURFACE_B, z=Z, colorscale=COLORSCALE, showscale=False,
                             hovertemplate=hover, name="cost surface",
                             contours={"z": {"show": True, "usecolormap": True, "width": 1, **CONTOURS}}),
                  row=1, col=1)
    fig.add_trace(go.Scatter3d(x=[p.w], y=[p.b], z=[p.cost + LIFT], mode="markers",
                               marker={"size": 6, "color": VERMILION}, name="current (w, b)",
                               showlegend=False, hovertemplate="C = %{customdata:.4f}<extra></extra>",
                               customdata=[p.cost]), row=1, col=1)
    fig.add_trace(go.Contour(x=SURFACE_W, y=SURFACE_B, z=Z, colorscale=COLORSCALE, showscale=False,
                             contours={**CONTOURS, "showlabels": True,
                                       "labelfont": {"size": CONTOUR_LABEL_PX, "color": "#444444"}},
                             line={"width": 0.6, "color": "white"}, hovertemplate=hover,
                             name="cost contours"), row=1, col=2)
    fig.add_trace(go.Scatter(x=[lw], y=[lb], mode="markers", name=f"lowest cost {lc:.4f}",
                             marker={"symbol": "star", "size": 13, "color": "white",
                                     "line": {"color": GREY, "width": 1.5}},
                             hovertemplate="lowest point<br>w = %{x:.3f}, b = %{y:.3f}<extra></extra>"),
                  row=1, col=2)
    ax, ay = _arrow(p)
    fig.add_trace(go.Scatter(x=ax, y=ay, mode="lines+markers", name="direction of −∇C",
                             line={"color": VERMILION, "width": 3},
                             marker={"symbol": "arrow", "size": [0, 13], "angleref": "previous",
                                     "color": VERMILION}, hoverinfo="skip"), row=1, col=2)
    fig.add_trace(go.Scatter(x=[p.w], y=[p.b], mode="markers", name="current (w, b)",
                             marker={"size": 10, "color": VERMILION, "line": {"color": "white", "width": 1.5}},
                             hovertemplate="w = %{x}, b = %{y}<extra></extra>"), row=1, col=2)
    fig.add_trace(go.Scatter(x=HOURS[0], y=PASSED[0], mode="markers", name="data (x, y)",
                             marker={"size": 10, "color": ORANGE}), row=2, col=1)
    fig.add_trace(go.Scatter(x=X_GRID[0], y=p.fit.curve, mode="lines", name="a = σ(wx + b)",
                             line={"color": BLUE, "width": 3}), row=2, col=1)
    fig.add_trace(go.Scatter(x=HOURS[0], y=p.fit.outputs, mode="markers", name="outputs a",
                             marker={"size": 8, "color": GREY, "symbol": "x"}), row=2, col=1)
    fig.update_scenes(
        # ticks every 2 (w, b) and 0.2 (C), so that no tick labels overlap
        xaxis={"title": {"text": "w"}, "range": list(W_RANGE), "dtick": 2, "tickfont": {"size": 11}},
        yaxis={"title": {"text": "b"}, "range": list(B_RANGE), "dtick": 2, "tickfont": {"size": 11}},
        zaxis={"title": {"text": "C"}, "range": [0.0, COST_TOP], "dtick": 0.2, "tickfont": {"size": 11}},
        # far enough out that the whole box, its C axis and b = -8 stay inside the panel
        camera={"eye": {"x": SCENE_EYE[0], "y": SCENE_EYE[1], "z": SCENE_EYE[2]}}, aspectmode="cube",
    )
    fig.update_xaxes(title_text="weight w", range=list(W_RANGE), row=1, col=2)
    fig.update_yaxes(title_text="bias b", range=list(B_RANGE), scaleanchor="x", scaleratio=1,
                     constrain="domain", row=1, col=2)
    fig.update_xaxes(title_text="hours of study x", range=[0, 4.5], row=2, col=1)
    fig.update_yaxes(title_text="a, y", range=[-0.05, 1.05], row=2, col=1)
    fig.update_annotations(font_size=13)
    fig.update_layout(
        title={"text": _title(p), "font": {"size": 14}}, template="plotly_white",
        height=TOP_PX + PLOT_AREA_PX + LEGEND_PX + 40,
        legend={"orientation": "h", "y": -45 / PLOT_AREA_PX, "yanchor": "top", "x": 0, "font": {"size": 12}},
        margin={"t": TOP_PX, "b": LEGEND_PX + 40, "l": 50, "r": 20},
    )
    return with_alt(fig, _alt(p))


def cost_surface_state(w, b):
    """The part of cost_surface_figure that changes with (w, b); the surface itself is fixed."""
    p = surface_point(w, b)
    ax, ay = _arrow(p)
    return {
        "data": {
            T_POINT3D: {"x": [p.w], "y": [p.b], "z": [p.cost + LIFT], "customdata": [p.cost]},
            T_ARROW: {"x": ax, "y": ay},
            T_POINT2D: {"x": [p.w], "y": [p.b]},
            T_CURVE: {"y": p.fit.curve},
            T_OUTPUTS: {"y": p.fit.outputs},
        },
        "layout": {"title.text": _title(p)},
    }


def _controls(w, b, w_values, b_values):
    return {
        "w": (w_values, int(np.argmin(abs(w_values - w))), "weight w"),
        "b": (b_values, int(np.argmin(abs(b_values - b))), "bias b"),
    }


@lru_cache(maxsize=1)
def _base_figure_dict():
    return cost_surface_figure(*START).to_dict()


def cost_surface_figure_dict(w, b):
    """cost_surface_figure(w, b) as a plain dict, made fast: the figure at START with
    cost_surface_state(w, b) applied (and its text alternative updated). The kernel face uses it."""
    fig = copy.deepcopy(_base_figure_dict())
    state = cost_surface_state(w, b)
    for trace, props in state["data"].items():
        fig["data"][trace].update({k: np.asarray(v).tolist() for k, v in props.items()})
    for path, value in state["layout"].items():
        *parents, leaf = path.split(".")
        node = fig["layout"]
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = value
    fig["layout"]["meta"]["alt"] = _alt(surface_point(w, b))
    return fig


def cost_surface_app(w=START[0], b=START[1]):
    """Kernel face: sliders in steps of 0.1 (finer than the static grid); every move redraws
    the figure with nnlib's numbers."""
    return live_app(_controls(w, b, W_FINE, B_FINE), cost_surface_figure_dict)


# --------------------------------------------------------------------------------------------
# The descent path: many steps of eq. (gradient-step)
# --------------------------------------------------------------------------------------------
DESCENT_STEPS = 40


class Path(NamedTuple):
    """Gradient descent from (w, b): the points visited and the cost at each (steps + 1 of each)."""

    lr: float
    w: np.ndarray
    b: np.ndarray
    cost: np.ndarray


@lru_cache(maxsize=16)
def descent_path(w=START[0], b=START[1], lr=2.0, steps=DESCENT_STEPS):
    """Repeat the step (w, b) <- (w, b) - lr grad C (eq. (gradient-step)) `steps` times, with
    nnlib's gradients; returns every point visited and its cost."""
    ws, bs, costs = [float(w)], [float(b)], []
    for _ in range(steps):
        s = gradient_step(ws[-1], bs[-1], lr)
        costs.append(s.cost)
        ws.append(s.w_new)
        bs.append(s.b_new)
    costs.append(surface_point(ws[-1], bs[-1]).cost)
    return Path(float(lr), np.array(ws), np.array(bs), np.array(costs))


# --------------------------------------------------------------------------------------------
# The page's face: the explorer, computed live in the browser (nnlib/viz/js/cost_surface.js)
# --------------------------------------------------------------------------------------------
LR_RANGE = (0.01, 50.0)  # the explorer's learning-rate field accepts these (as cost_surface.js)


def explorer_config(w=START[0], b=START[1], lr=2.0):
    """What the explorer computes from, JSON-ready: the data, the window, the start, the lowest
    point (from nnlib.sgd), the contour levels and the colours. The numbers it shows it computes
    in the page with the twin of nnlib; the browser tests check them against surface_point and
    descent_path."""
    if not (W_RANGE[0] <= w <= W_RANGE[1] and B_RANGE[0] <= b <= B_RANGE[1]):
        raise ValueError(f"the start (w, b) = ({w}, {b}) must lie in the map's window "
                         f"w in {list(W_RANGE)}, b in {list(B_RANGE)}")
    if not LR_RANGE[0] <= lr <= LR_RANGE[1]:
        raise ValueError(f"lr = {lr} is outside the learning-rate field's range {list(LR_RANGE)}")
    lw, lb, lc = lowest_point()
    return {
        "X": HOURS.tolist(), "Y": PASSED.tolist(), "x_grid": X_GRID[0].tolist(),
        "w_range": list(W_RANGE), "b_range": list(B_RANGE), "lr_range": list(LR_RANGE),
        "start": {"w": float(w), "b": float(b), "lr": float(lr)}, "steps": DESCENT_STEPS,
        "lowest": {"w": lw, "b": lb, "cost": lc}, "contours": CONTOURS, "arrow_length": ARROW_LENGTH,
        "colours": {"scale": COLORSCALE, "point": VERMILION, "data": ORANGE, "curve": BLUE, "grey": GREY},
        "cost_top": COST_TOP,
    }


class CostSurfaceExplorer:
    """The explorer as a notebook output: HTML with the module inlined (js_modules.module_script),
    so the same output runs in the built book and in JupyterLab, with or without a kernel."""

    def __init__(self, config):
        self.config = config
        self.element_id = f"nnjs-cost-surface-{uuid.uuid4().hex[:8]}"

    def _repr_html_(self):
        return explorer_html("cost_surface.js", "mountCostSurface", self.config, self.element_id)

    def __repr__(self):
        start = self.config["start"]
        return (f"Cost-surface explorer from (w, b) = ({start['w']:g}, {start['b']:g}) with learning rate "
                f"{start['lr']:g} (it runs in the browser: drag the point on the contour map)")


def cost_surface_explorer(w=START[0], b=START[1], lr=2.0):
    """Drag the point (w, b) on the contour map of C and see, live, the -gradient arrow, the cost
    and its partial derivatives, the neuron's fit and the descent path for the learning rate lr."""
    return CostSurfaceExplorer(explorer_config(w, b, lr))


# --------------------------------------------------------------------------------------------
# A still 3-D picture of the surface for the page: an SVG drawn once from cost_grid()
# --------------------------------------------------------------------------------------------
PICTURE_N = 25  # the picture's mesh: PICTURE_N x PICTURE_N points of the window
PICTURE_PX = (560, 400)  # its width and height


def _hex_rgb(colour):
    return np.array([int(colour[k:k + 2], 16) for k in (1, 3, 5)], dtype=float)


def _scale_colour(t):
    """The colour of t in [0, 1] on COLORSCALE (low cost dark), as #rrggbb."""
    stops = np.array([s for s, _ in COLORSCALE])
    k = int(np.clip(np.searchsorted(stops, t), 1, len(stops) - 1))
    f = (t - stops[k - 1]) / (stops[k] - stops[k - 1])
    a, b = _hex_rgb(COLORSCALE[k - 1][1]), _hex_rgb(COLORSCALE[k][1])
    c = a + f * (b - a)
    return "#" + "".join(f"{int(round(v)):02x}" for v in c)


def _projection():
    """Orthographic view from SCENE_EYE: a point (u, v, h) of the unit box centred at the origin
    goes to the screen at (p . right, p . up); depth p . d grows away from the eye."""
    d = -np.array(SCENE_EYE) / np.linalg.norm(SCENE_EYE)
    right = np.cross(d, [0.0, 0.0, 1.0])
    right /= np.linalg.norm(right)
    return right, np.cross(right, d), d


def surface_picture_svg(n=PICTURE_N):
    """The cost surface C(w, b) as a still 3-D picture: an SVG of the n x n mesh's quadrilaterals,
    painted far to near (each coloured by its mean cost), with the lowest point and P marked."""
    ws, bs = np.linspace(*W_RANGE, n), np.linspace(*B_RANGE, n)
    C = cost_grid(ws, bs)  # row i: b = bs[i]
    right, up, d = _projection()
    width, height = PICTURE_PX

    def box(w, b, c):  # the window and 0 <= C <= COST_TOP as the unit cube, centred
        return np.stack([(np.asarray(w) - W_RANGE[0]) / (W_RANGE[1] - W_RANGE[0]) - 0.5,
                         (np.asarray(b) - B_RANGE[0]) / (B_RANGE[1] - B_RANGE[0]) - 0.5,
                         0.8 * np.asarray(c) / COST_TOP - 0.4], axis=-1)

    scale = 0.62 * height

    def screen(p):
        return width / 2 + scale * (p @ right), height / 2 - scale * (p @ up) - 5

    W, B = np.meshgrid(ws, bs)
    P = box(W, B, C)
    lo, hi = C.min(), C.max()
    quads = []
    for i in range(n - 1):
        for j in range(n - 1):
            corners = P[[i, i, i + 1, i + 1], [j, j + 1, j + 1, j]]
            x, y = screen(corners)
            mean = C[i:i + 2, j:j + 2].mean()
            points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(x, y))
            quads.append((corners.mean(axis=0) @ d, f'<polygon points="{points}" fill="{_scale_colour((mean - lo) / (hi - lo))}"/>'))
    quads.sort(key=lambda q: -q[0])  # far first: nearer quadrilaterals paint over them
    lw, lb, lc = lowest_point()
    p = surface_point(*START)

    def marker(w, b, c, shape):
        x, y = screen(box(w, b, c + LIFT))
        return shape.format(x=x, y=y)

    # the base's edges and the C axis at the far corner, with their labels
    corners = {k: screen(box(w, b, 0.0)) for k, (w, b) in
               {"00": (W_RANGE[0], B_RANGE[0]), "10": (W_RANGE[1], B_RANGE[0]), "11": (W_RANGE[1], B_RANGE[1]),
                "01": (W_RANGE[0], B_RANGE[1])}.items()}
    top = screen(box(W_RANGE[0], B_RANGE[1], COST_TOP))
    line = '<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#888"/>'
    text = '<text x="{:.1f}" y="{:.1f}" font-size="13" text-anchor="middle">{}</text>'
    behind = line.format(*corners["01"], *top)  # the C axis, at the far corner: drawn before the surface
    axes = [line.format(*corners["00"], *corners["10"]), line.format(*corners["10"], *corners["11"]),
            text.format((corners["00"][0] + corners["10"][0]) / 2, (corners["00"][1] + corners["10"][1]) / 2 + 22,
                        f"weight w ({W_RANGE[0]:g} to {W_RANGE[1]:g})"),
            text.format((corners["10"][0] + corners["11"][0]) / 2 + 40, (corners["10"][1] + corners["11"][1]) / 2 + 14,
                        f"bias b ({B_RANGE[0]:g} to {B_RANGE[1]:g})"),
            text.format(top[0], top[1] - 6, f"cost C (0 to {COST_TOP:g})")]
    marks = [marker(lw, lb, lc, '<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="white" stroke="' + GREY + '" stroke-width="2"/>'),
             marker(p.w, p.b, p.cost, '<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="' + VERMILION + '" stroke="white" stroke-width="1.5"/>')]
    alt = (f"The cost C over the plane of weight w ({W_RANGE[0]:g} to {W_RANGE[1]:g}) and bias b ({B_RANGE[0]:g} to "
           f"{B_RANGE[1]:g}) as a surface seen from above: a curved valley, dark, running from small w and b near 0 "
           f"to large w and very negative b, between two high flat plateaus at cost near 0.5. A white dot marks the "
           f"lowest point (cost {lc:.4f}), a red dot the point P = ({START[0]:g}, {START[1]:g}) (cost {p.cost:.4f}).")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" aria-label="{alt}" style="max-width: 100%; height: auto">'
            f'{behind}<g stroke="white" stroke-width="0.4" stroke-linejoin="round">{"".join(q for _, q in quads)}</g>'
            f'{"".join(axes)}{"".join(marks)}</svg>')


class SurfacePicture:
    """surface_picture_svg() as a notebook output (HTML: the book and JupyterLab show it)."""

    def _repr_html_(self):
        return f'<figure class="nnlib-surface-picture" style="margin: 0">{surface_picture_svg()}</figure>'

    def __repr__(self):
        return "The cost surface C(w, b) as a still 3-D picture (shown as HTML)"


def cost_surface_picture():
    """The cost surface as a still 3-D picture: C as altitude over the (w, b) window."""
    return SurfacePicture()

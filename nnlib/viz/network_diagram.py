"""A layered network drawn with plotly: one circle per neuron, one line per weight.

Any fully connected network with layer sizes n_0..n_L: layer l is a column of n_l circles,
neuron 1 at the top, and every weight w^[l]_jk (from neuron k of layer l-1 to neuron j of
layer l, the entry W^[l][j-1, k-1] of nnlib's net.W[l]) is a line whose colour is the
weight's sign (blue positive, vermilion negative) and whose width grows with its size.

What the figure shows is kept in a few places so that a static face (linked_sliders_figure)
or a live app can change it with one small update (network_diagram_update):
  trace 0        the neurons: marker fill colour per neuron, the neuron's name inside;
  trace 1, 2     legend entries (positive / negative weight); they never change;
  layout.shapes  one line per weight, in edge_list order (line.color, line.width);
  annotations    first one label per weight (edge_list order), then one box per neuron
                 (neuron_list order), then any extra annotations the caller adds.
Nothing here knows about backpropagation: the caller chooses every text and colour.
"""
from typing import NamedTuple

import numpy as np
import plotly.graph_objects as go

from .palette import BLUE, GREY, VERMILION
from .renderer import with_alt

NODE_PX = 34  # diameter of a neuron's circle
MIN_WIDTH, MAX_WIDTH = 0.6, 9.0  # line widths (px) of a zero weight and of a weight >= the scale


class Layout(NamedTuple):
    """Where everything sits, in data coordinates."""

    sizes: tuple  # n_0..n_L
    x: tuple  # x of each layer's column
    y: tuple  # y of each layer's neurons, a tuple per layer (neuron 1 at the top)
    edges: tuple  # (l, j, k) per weight, 1-based: w^[l]_jk, in edge_list order
    label_xy: tuple  # where each weight's label sits


def edge_list(sizes):
    """Every weight as (l, j, k), 1-based, layer by layer, each layer's W row by row.

    Edge number e of layer l is W^[l][j-1, k-1] with e running over j then k, so
    np.concatenate([W.ravel() for W in weights]) lists the weights in this order.
    """
    return tuple((l, j, k) for l in range(1, len(sizes))
                 for j in range(1, sizes[l] + 1) for k in range(1, sizes[l - 1] + 1))


def neuron_list(sizes):
    """Every neuron as (l, j), 1-based j, layer by layer: the order of trace 0 and its boxes."""
    return tuple((l, j) for l, n in enumerate(sizes) for j in range(1, n + 1))


def diagram_layout(sizes, dx=1.0, dy=1.0, label_at=(0.27, 0.55)):
    """Columns dx apart, neurons dy apart and centred; weight labels placed along their lines.

    label_at: fractions of the way from the source neuron to the target at which the labels of
    the weights leaving the first and the last neuron of a layer sit (interpolated for the
    others), so that labels of lines that cross do not sit on top of each other.
    """
    sizes = tuple(int(n) for n in sizes)
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"a network needs at least two layers of at least one neuron; got {sizes}")
    xs = tuple(dx * l for l in range(len(sizes)))
    ys = tuple(tuple(dy * ((n - 1) / 2 - i) for i in range(n)) for n in sizes)
    edges = edge_list(sizes)
    labels = []
    for l, j, k in edges:
        n_prev = sizes[l - 1]
        t = label_at[0] + (label_at[1] - label_at[0]) * ((k - 1) / (n_prev - 1) if n_prev > 1 else 0.5)
        x0, y0, x1, y1 = xs[l - 1], ys[l - 1][k - 1], xs[l], ys[l][j - 1]
        labels.append((x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
    return Layout(sizes, xs, ys, edges, tuple(labels))


def flat_weights(weights):
    """All weights in edge_list order (weights: W^[1], ..., W^[L], nnlib's shapes)."""
    return np.concatenate([np.asarray(W, dtype=float).ravel() for W in weights])


def edge_styles(weights, scale=2.0):
    """(colours, widths): blue for w >= 0, vermilion for w < 0; width grows with |w| up to scale."""
    w = flat_weights(weights)
    colours = [BLUE if v >= 0 else VERMILION for v in w]
    size = np.clip(np.abs(np.nan_to_num(w, nan=0.0)) / float(scale), 0.0, 1.0)
    widths = np.round(MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * size, 2)
    return colours, [float(v) for v in widths]


def network_diagram_update(weights, node_colours, node_texts, edge_texts, edge_text_colours=None, scale=2.0):
    """The changes for network_diagram's figure: {"data": {...}, "layout": {...}} (static.py's format).

    Each list is in edge_list / neuron_list order; edge_text_colours: one font colour per label.
    """
    colours, widths = edge_styles(weights, scale)
    E = len(colours)
    layout = {}
    for e in range(E):
        layout[f"shapes[{e}].line.color"] = colours[e]
        layout[f"shapes[{e}].line.width"] = widths[e]
        layout[f"annotations[{e}].text"] = edge_texts[e]
        if edge_text_colours is not None:
            layout[f"annotations[{e}].font.color"] = edge_text_colours[e]
    for i, text in enumerate(node_texts):
        layout[f"annotations[{E + i}].text"] = text
    return {"data": {0: {"marker.color": list(node_colours)}}, "layout": layout}


def network_diagram(sizes, weights, node_names, node_colours, node_texts, edge_texts,
                    edge_text_colours=None, title="", alt="", scale=2.0, height=520,
                    dx=1.0, dy=1.0, label_at=(0.27, 0.55), box_shift_px=None):
    """A layered network: circles named node_names, a text box above each, a label on each weight.

    All lists are in neuron_list / edge_list order. Returns a go.Figure with a text alternative
    (alt) for screen readers; network_diagram_update gives the changes for other values.
    """
    lay = diagram_layout(sizes, dx, dy, label_at)
    nodes = neuron_list(lay.sizes)
    nx = [lay.x[l] for l, j in nodes]
    ny = [lay.y[l][j - 1] for l, j in nodes]
    colours, widths = edge_styles(weights, scale)
    shapes = []
    for (l, j, k), c, w in zip(lay.edges, colours, widths):
        shapes.append({"type": "line", "xref": "x", "yref": "y", "layer": "below",
                       "x0": lay.x[l - 1], "y0": lay.y[l - 1][k - 1], "x1": lay.x[l], "y1": lay.y[l][j - 1],
                       "line": {"color": c, "width": w}})
    font_colours = edge_text_colours or [GREY] * len(lay.edges)
    notes = [
        {"x": x, "y": y, "xref": "x", "yref": "y", "text": t, "showarrow": False,
         "font": {"size": 11, "color": fc}, "bgcolor": "rgba(255,255,255,0.88)", "borderpad": 1}
        for (x, y), t, fc in zip(lay.label_xy, edge_texts, font_colours)
    ]
    shift = NODE_PX / 2 + 2 if box_shift_px is None else box_shift_px
    notes += [
        {"x": x, "y": y, "xref": "x", "yref": "y", "text": t, "showarrow": False, "yanchor": "bottom",
         "yshift": shift, "align": "center", "font": {"size": 11, "color": "#222222"},
         "bgcolor": "rgba(255,255,255,0.92)", "bordercolor": GREY, "borderwidth": 1, "borderpad": 2}
        for x, y, t in zip(nx, ny, node_texts)
    ]
    fig = go.Figure([
        go.Scatter(x=nx, y=ny, mode="markers+text", text=list(node_names), textposition="middle center",
                   textfont={"size": 12, "color": "#111111"}, hoverinfo="skip", showlegend=False,
                   marker={"size": NODE_PX, "color": list(node_colours), "line": {"color": GREY, "width": 1.5}}),
        go.Scatter(x=[None], y=[None], mode="lines", name="positive weight", hoverinfo="skip",
                   line={"color": BLUE, "width": 4}),
        go.Scatter(x=[None], y=[None], mode="lines", name="negative weight (width: size)", hoverinfo="skip",
                   line={"color": VERMILION, "width": 4}),
    ])
    top = max(max(col) for col in lay.y)
    bottom = min(min(col) for col in lay.y)
    fig.update_layout(
        title={"text": title, "font": {"size": 13}, "x": 0.01, "xanchor": "left"},
        shapes=shapes, annotations=notes, template="none", plot_bgcolor="white", paper_bgcolor="white",
        height=height, margin={"t": 90, "l": 10, "r": 10, "b": 10}, dragmode=False,
        xaxis={"visible": False, "range": [lay.x[0] - 0.35 * dx, lay.x[-1] + 0.35 * dx], "fixedrange": True},
        yaxis={"visible": False, "range": [bottom - 0.35 * dy, top + 0.6 * dy], "fixedrange": True},
        legend={"orientation": "h", "x": 0.0, "y": 1.0, "yanchor": "bottom", "font": {"size": 12}},
    )
    return with_alt(fig, alt)

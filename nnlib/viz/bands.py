"""Curves over several seeds: the mean as a line, the range from the lowest to the highest run as a
shaded band around it (see nnlib.seeds for why the book never shows one run alone)."""
import numpy as np
import plotly.graph_objects as go

BAND_OPACITY = 0.18


def _rgba(hex_colour, alpha):
    r, g, b = (int(hex_colour.lstrip("#")[k : k + 2], 16) for k in (0, 2, 4))
    return f"rgba({r}, {g}, {b}, {alpha})"


def band_traces(x, curves, colour, name, dash="solid", legendgroup=None, showlegend=True, decimals=6):
    """Three scatter traces for curves[k][t] (run k at x[t]): the band's upper edge (invisible), its
    lower edge filled up to it, and the mean across runs as a line on top.

    Add them to a figure in this order (fig.add_traces, or add_trace with row/col for each).
    """
    curves = np.asarray(curves, dtype=float)
    if curves.ndim != 2 or curves.shape[1] != len(x):
        raise ValueError(
            f"curves must be (runs, {len(x)}) with one row per run; got shape {curves.shape}"
        )
    # plain lists: the page's JSON stays readable, and gd.data[k].y is an array in the browser
    lo, hi, mean = (np.round(v, decimals).tolist() for v in (curves.min(0), curves.max(0), curves.mean(0)))
    group = name if legendgroup is None else legendgroup
    edge = {"width": 0, "color": colour}
    runs = f"{len(curves)} runs"
    return [
        go.Scatter(x=x, y=hi, mode="lines", line=edge, legendgroup=group, showlegend=False, hoverinfo="skip",
                   name=f"{name}: highest of {runs}"),
        go.Scatter(x=x, y=lo, mode="lines", line=edge, fill="tonexty", fillcolor=_rgba(colour, BAND_OPACITY),
                   legendgroup=group, showlegend=False, hoverinfo="skip", name=f"{name}: lowest of {runs}"),
        go.Scatter(x=x, y=mean, mode="lines", line={"color": colour, "width": 2.5, "dash": dash},
                   legendgroup=group, showlegend=showlegend, name=name,
                   hovertemplate=f"{name}<br>mean of {runs}: %{{y:.4g}}<extra></extra>"),
    ]

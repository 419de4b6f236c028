"""The kernel face's figure: one plot element in JupyterLab, redrawn in place.

A live app used to replace its figure output at every move, so JupyterLab built a new plot
element each time (seconds for a 3-D surface). A FigureView is an anywidget holding the figure
as plotly JSON; its front end (js/figure_view.js, with the plotly.js that ships with the plotly
package, so it works offline) redraws the same element: a move that changes only the values of
lines, points, bars, heatmaps, contours or 3-D points and the labels re-plots just those traces
and labels; anything else goes through ``Plotly.react``, which keeps a 3-D scene's WebGL
context. Python computes every number; the page only draws them.
"""
import base64
import html
import json
from pathlib import Path

import anywidget
import ipywidgets as widgets
import numpy as np
import plotly.offline
import traitlets
from plotly.io.json import to_json_plotly

from .renderer import ALT_KEY

GLUE_JS = (Path(__file__).parent / "js" / "figure_view.js").read_text()


def decoded(value):
    """Plotly JSON with its base64 typed arrays ({"dtype", "bdata", "shape"}, as plotly.py writes
    numpy arrays) turned back into lists, the numbers plotly.js draws."""
    if isinstance(value, dict) and {"dtype", "bdata"} <= set(value):
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        if "shape" in value:
            array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
        return array.tolist()
    if isinstance(value, dict):
        return {key: decoded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decoded(item) for item in value]
    return value


class PlotlyView(anywidget.AnyWidget):
    """A plotly figure drawn by plotly.js in the notebook's page; set ``figure`` (plotly JSON
    text of {"data": ..., "layout": ...}) to redraw it in place. The page's first view asks for
    plotly.js with a message, answered with the plotly package's own copy (offline)."""

    _esm = traitlets.Unicode(GLUE_JS).tag(sync=True)
    figure = traitlets.Unicode('{"data": [], "layout": {}}').tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.on_msg(self._answer)

    def _answer(self, _, content, buffers):
        if isinstance(content, dict) and content.get("request") == "plotly.js":
            self.send({"plotly_js": plotly.offline.get_plotlyjs()})


class FigureView(widgets.VBox):
    """Shows a figure (go.Figure or figure dict), then each next one in the same plot element.

    Below the plot, the figure's text alternative (its ``layout.meta.alt``), which screen readers
    announce as it changes."""

    def __init__(self, fig=None):
        self.plot = PlotlyView()
        self.alt = widgets.HTML(layout={"margin": "0 0 0 8px"})
        super().__init__([self.plot, self.alt])
        if fig is not None:
            self.show(fig)

    def show(self, fig):
        """Make the view show fig."""
        fig = fig.to_dict() if hasattr(fig, "to_dict") else fig
        layout = dict(fig.get("layout", {}) or {})
        meta = layout.get("meta")
        alt = meta.get(ALT_KEY) if isinstance(meta, dict) else None
        self.plot.figure = to_json_plotly({"data": fig.get("data", []) or [], "layout": layout})
        self.alt.value = f'<span aria-live="polite">{html.escape(alt, quote=False)}</span>' if alt else ""

    def figure_dict(self):
        """What the view has sent to the page, as a figure dict of plain lists."""
        return decoded(json.loads(self.plot.figure))

"""A plotly renderer that works both in a live Jupyter kernel and in the built HTML book.

Each figure is emitted with two representations:
- application/vnd.plotly.v1+json, which JupyterLab, Notebook 7 and VS Code draw themselves;
- text/html without plotly.js inside, which the book's HTML shows; the book loads
  plotly.js once per page from its own copy (see book/_ext/offline_assets.py).
Figures made by linked_sliders_figure also carry the small script that links their sliders.
"""
import json

import plotly.io as pio
from plotly.io._base_renderers import MimetypeRenderer

from .static import LINKED_SLIDERS_JS, STATES_KEY

RENDERER_NAME = "nnlib"
ALT_KEY = "alt"
# Gives the figure's div its text alternative (layout.meta.alt) for screen readers.
ALT_JS = """
(function () {
  var gd = document.getElementById('{plot_id}');
  gd.setAttribute('role', 'figure');
  gd.setAttribute('aria-label', gd.layout.meta.alt);
})();
"""
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}


class BookRenderer(MimetypeRenderer):
    """Render a figure as plotly JSON plus HTML that relies on a page-level plotly.js."""

    def to_mimebundle(self, fig_dict):
        meta = fig_dict.get("layout", {}).get("meta")
        meta = meta if isinstance(meta, dict) else {}
        scripts = [ALT_JS if ALT_KEY in meta else "", LINKED_SLIDERS_JS if STATES_KEY in meta else ""]
        html = pio.to_html(
            fig_dict,
            full_html=False,
            include_plotlyjs=False,
            include_mathjax=False,
            config=PLOTLY_CONFIG,
            post_script="".join(scripts) or None,
            validate=False,
        )
        return {
            "application/vnd.plotly.v1+json": json.loads(pio.to_json(fig_dict, validate=False)),
            "text/html": html,
        }


def figure_output(fig):
    """fig (a go.Figure or a plain figure dict) as one notebook output, for an Output widget.

    Live apps assign this to Output.outputs rather than display() inside `with out:`; captured
    display output makes nbclient (which runs the book's notebooks) echo each figure back to the
    kernel while the cell runs, which can stall a build for the whole cell timeout.
    """
    fig_dict = fig.to_dict() if hasattr(fig, "to_dict") else fig
    return {"output_type": "display_data", "data": pio.renderers[RENDERER_NAME].to_mimebundle(fig_dict), "metadata": {}}


def with_alt(fig, text):
    """Attach a text alternative to fig (shown to screen readers as the figure's label)."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    fig.update_layout(meta={**meta, ALT_KEY: text})
    return fig


def use_book_renderer():
    """Make BookRenderer plotly's default renderer (done when nnlib.viz is imported)."""
    pio.renderers[RENDERER_NAME] = BookRenderer()
    pio.renderers.default = RENDERER_NAME

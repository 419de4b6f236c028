"""A plotly renderer that works both in a live Jupyter kernel and in the built HTML book.

Each figure is emitted with two representations:
- application/vnd.plotly.v1+json, which JupyterLab, Notebook 7 and VS Code draw themselves (for a
  figure with linked sliders, its initial state without them: static.jupyter_face);
- text/html without plotly.js inside, which the book's HTML shows. The figure travels as JSON
  in a <script type="application/json"> (parsed only when it is drawn), followed by a short
  script that draws it with Plotly.newPlot when the figure comes within a screen of the view:
  the book loads plotly.js once per page, on demand, from its own copy (see
  book/_ext/offline_assets.py), so the text shows before any figure is drawn, and a figure
  further down costs nothing until the reader scrolls towards it. A figure made by linked_sliders_figure also
  carries its grid of states in compact form and the script that links its sliders, adds
  keyboard controls and keeps a screen-reader readout of its numbers (static.py).

The div of a figure with a text alternative (with_alt) is a role="figure" with that text as
its aria-label, in the HTML itself.
"""
import html
import json
import re
import sys
import uuid

import plotly.io as pio
from plotly.io._base_renderers import MimetypeRenderer
from plotly.io.json import to_json_plotly

from .static import LINKED_SLIDERS_JS, STATES_KEY, compact_states, jupyter_face

RENDERER_NAME = "nnlib"
ALT_KEY = "alt"
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}

FIGURE_HTML = (
    '<div class="nnlib-figure">'
    '<div id="{id}" class="plotly-graph-div" style="height:{height}; width:100%;"{aria}></div>'
    '<script type="application/json" id="{id}-spec">{spec}</script>'
    "<script>{script}</script>"
    "</div>"
)
# Draws the figure whose spec (data, layout, config, and for linked sliders the compact grid)
# is in the script #{id}-spec, when the figure comes within a screen of the view (so a page with
# many figures is ready as soon as its first screen is) or before the page is printed. While the
# page is still being read, only a figure in the view is drawn at once; one a screen further
# down waits until the page is parsed (loading and running plotly.js for it would hold up the
# text and the figures of the first screen). The book
# loads plotly.js on demand (nnlibLoadPlotly, book/_ext/offline_assets.py); elsewhere a page's
# plotly.js has run by DOMContentLoaded.
DRAW_JS = """(function () {{
{link}
var gd = document.getElementById('{id}');
function draw() {{
  var spec = JSON.parse(document.getElementById('{id}-spec').textContent);
  // 3-D scenes at the screen's pixel ratio (plotly's default, 2, draws 4x the pixels at 1x)
  spec.config.plotGlPixelRatio = Math.min(2, window.devicePixelRatio || 1);
  Plotly.newPlot(gd, spec.data, spec.layout, spec.config){then};
}}
var drawn = false;
function drawOnce() {{
  if (drawn) {{ return; }}
  drawn = true;
  if (window.Plotly) {{ draw(); }}
  else if (window.nnlibLoadPlotly) {{ window.nnlibLoadPlotly(draw); }}
  else {{ document.addEventListener('DOMContentLoaded', function () {{ setTimeout(draw, 0); }}); }}
}}
window.addEventListener('beforeprint', drawOnce);
if (!window.IntersectionObserver) {{ drawOnce(); return; }}
var near = new IntersectionObserver(function (entries) {{
  var e = entries[entries.length - 1];
  if (!e.isIntersecting) {{ return; }}
  near.disconnect();
  var inView = e.boundingClientRect.bottom > 0 && e.boundingClientRect.top < window.innerHeight;
  if (inView || document.readyState !== 'loading') {{ drawOnce(); }}
  else {{ document.addEventListener('DOMContentLoaded', drawOnce); }}
}}, {{rootMargin: '100% 0px'}});
near.observe(gd);
}})();"""


def _compact_js(js):
    """The figure scripts as shipped in every figure: without indentation, blank lines and
    // comments (the readable source is above and in static.py)."""
    lines = (re.sub(r"\s+// .*$", "", line).strip() for line in js.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("// "))


def _used_template(layout, types):
    """layout with its template's per-trace-type defaults cut to the trace types the figure
    has (plotly's templates carry defaults for every type: 4 kB a figure, of nothing)."""
    template = layout.get("template")
    if not isinstance(template, dict) or not isinstance(template.get("data"), dict):
        return layout
    return {**layout, "template": {**template, "data": {t: v for t, v in template["data"].items() if t in types}}}


def _height(layout):
    template_layout = (layout.get("template") or {}).get("layout", {}) if isinstance(layout.get("template"), dict) else {}
    height = layout.get("height", template_layout.get("height"))
    return f"{height}px" if isinstance(height, (int, float)) else "100%"


def _script_json(text):
    """JSON text made safe inside <script>: no '<' at all (so no </script> and no <!--)."""
    return text.replace("<", "\\u003c")


def figure_html(fig_dict):
    """The text/html face of a figure dict: a div, its spec as JSON, and the script that draws it."""
    layout = dict(fig_dict.get("layout", {}) or {})
    alt = grid = None
    if isinstance(layout.get("meta"), dict):
        # the text alternative goes into the HTML, the grid into the spec: neither stays in meta
        meta = dict(layout.pop("meta"))
        alt, grid = meta.pop(ALT_KEY, None), meta.pop(STATES_KEY, None)
        if meta:
            layout["meta"] = meta
    data = fig_dict.get("data", []) or []
    layout = _used_template(layout, {trace.get("type", "scatter") for trace in data})
    plot_id = str(uuid.uuid4())
    spec = '{{"data":{data},"layout":{layout},"config":{config}{linked}}}'.format(
        data=to_json_plotly(data),
        layout=to_json_plotly(layout),
        config=json.dumps(PLOTLY_CONFIG),
        linked=',"linked":' + to_json_plotly(compact_states(grid)) if grid else "",
    )
    script = _compact_js(DRAW_JS).format(
        id=plot_id,
        link=_compact_js(LINKED_SLIDERS_JS) if grid else "",
        then=".then(function () { nnlibLinkSliders(gd, spec.linked); })" if grid else "",
    )
    aria = f' role="figure" aria-label="{html.escape(alt, quote=True)}"' if alt else ""
    return FIGURE_HTML.format(id=plot_id, height=_height(fig_dict.get("layout", {}) or {}), aria=aria,
                              spec=_script_json(spec), script=script)


class BookRenderer(MimetypeRenderer):
    """Render a figure as plotly JSON plus HTML that relies on a page-level plotly.js."""

    def to_mimebundle(self, fig_dict):
        return {
            "application/vnd.plotly.v1+json": json.loads(pio.to_json(jupyter_face(fig_dict), validate=False)),
            "text/html": figure_html(fig_dict),
        }


def with_alt(fig, text):
    """Attach a text alternative to fig (shown to screen readers as the figure's label)."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    fig.update_layout(meta={**meta, ALT_KEY: text})
    return fig


def plotly_renderers():
    """plotly.io.renderers, imported without jsonschema's IRI grammar.

    plotly's renderers import nbformat (to check its version in fig.show()), nbformat imports
    jsonschema, and jsonschema compiles an IRI grammar with rfc3987_syntax when that is installed
    (Jupyter's server brings it): 1.7 s at every kernel start, for a format check nothing here
    uses. While the renderers are imported, rfc3987_syntax reads as absent (jsonschema then has
    no "iri" format check); afterwards it can be imported as usual."""
    blocked = "rfc3987_syntax" not in sys.modules
    if blocked:
        sys.modules["rfc3987_syntax"] = None  # `import rfc3987_syntax` raises ImportError
    try:
        return pio.renderers
    finally:
        if blocked:
            del sys.modules["rfc3987_syntax"]


def use_book_renderer():
    """Make BookRenderer plotly's default renderer (done when nnlib.viz is imported)."""
    plotly_renderers()[RENDERER_NAME] = BookRenderer()
    pio.renderers.default = RENDERER_NAME

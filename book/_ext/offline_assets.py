"""Sphinx extension: make the built book load nothing from outside the site, and load on each
page only what that page uses.

Copies into ``<outdir>/_vendor/`` (deliberately not ``_static/``: Jupyter Book adds every
.js/.css found under a source ``_static`` folder to every page):

- ``plotly/``: plotly.js, in two builds of the same version: the full one inside the installed
  plotly package (4.6 MB), and the npm package ``plotly.js-cartesian-dist-min`` (1.5 MB: scatter,
  bar, heatmap, contour, histograms, box, violin, pie, image). A page with figures loads exactly
  one of them, the smallest that draws every trace type on the page, **on demand**: nnlib's
  renderer emits each figure as JSON plus a script that draws it when it comes near the view,
  loading plotly.js then (or once the page is loaded and idle), so the first screen is ready
  before plotly.js has even been fetched.
- ``mathjax/``: MathJax 3, as components (``startup.js`` with the loader, then TeX input,
  CommonHTML output and the assistive MathML for screen readers, as ``mathjax3_config`` in
  _config.yml lists them), the fonts and the TeX extensions TeX input loads on demand; the
  right-click menu (0.4 MB) is left out.
- ``requirejs/require.js`` and ``html-manager/`` (``@jupyter-widgets/html-manager``'s
  ``embed-amd.js``), wired through myst-nb's ``nb_ipywidgets_js`` in ``_config.yml``, and kept
  only on a page that shows a widget view: myst-nb adds them, and the notebook's whole widget
  state, to every page of a notebook that made widgets, although the book's live apps are
  removed from the pages (``remove-output``). On a page with a widget view the
  ``data-jupyter-widgets-cdn`` attribute is rewritten to the site's own ``_vendor/widgets-cdn/``
  folder, so the widget manager never asks a CDN for a module.
- ``nnbook/mathjax2-shim.js``: the widget manager typesets labels with the MathJax 2 API
  (``MathJax.Hub.Queue``), which MathJax 3 does not have; the shim maps it onto MathJax 3.

The JavaScript packages come from the npm registry: ``npm ci`` in ``book/_ext`` (the
Makefile runs it; versions are pinned in package.json / package-lock.json).

Relative paths given to Sphinx's ``add_js_file``/``mathjax_path`` are taken relative to
``_static/``, hence ``../_vendor/...``; Sphinx then makes them relative to each page.
"""
from __future__ import annotations

import json
import posixpath
import re
import shutil
import struct
import zlib
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
VENDOR = "_vendor"

# (source relative to node_modules, destination relative to _vendor); directories are copied whole.
# MathJax components: what mathjax3_config's loader.load in _config.yml names, and what they load.
MATHJAX_PARTS = [
    "startup.js",
    "core.js",
    "input/tex.js",
    "input/tex/extensions",
    "output/chtml.js",
    "output/chtml/fonts/tex.js",
    "output/chtml/fonts/woff-v2",
    "a11y/assistive-mml.js",
]
PLOTLY_CARTESIAN = "plotly.js-cartesian-dist-min"
NPM_ASSETS = (
    [(f"mathjax/es5/{part}", f"mathjax/{part}") for part in MATHJAX_PARTS]
    + [
        (f"{PLOTLY_CARTESIAN}/plotly-cartesian.min.js", "plotly/plotly-cartesian.min.js"),
        ("requirejs/require.js", "requirejs/require.js"),
        ("@jupyter-widgets/html-manager/dist", "html-manager"),
    ]
)
# Parts of html-manager/dist the page never needs (source map, the non-AMD bundle).
SKIP_IN_HTML_MANAGER = {"embed.js", "embed.js.map", "embed.js.LICENSE.txt"}

PLOTLY_JS = f"../{VENDOR}/plotly/plotly.min.js"
PLOTLY_CARTESIAN_JS = f"../{VENDOR}/plotly/plotly-cartesian.min.js"
# The trace types plotly.js-cartesian-dist-min draws (its README); any other needs the full build.
CARTESIAN_TRACES = {"bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour",
                    "image", "pie", "scatter", "scatterternary", "violin"}
# A figure's JSON, as nnlib.viz.renderer writes it: <script type="application/json" id="<uuid>-spec">.
FIGURE_SPEC = re.compile(r'<script type="application/json" id="[0-9a-f-]+-spec">(.*?)</script>', re.S)
FIGURE_DIV = 'class="plotly-graph-div"'
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
SHIM_JS = f"../{VENDOR}/nnbook/mathjax2-shim.js"
WIDGETS_CDN_ATTR = "data-jupyter-widgets-cdn"

MATHJAX2_SHIM = """\
/* The widget manager (@jupyter-widgets/html-manager 1.0.15) typesets widget labels with the
   MathJax 2 API, MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]); the book loads MathJax 3,
   which has no Hub. Map that call onto MathJax 3 once MathJax has loaded (deferred scripts
   run before DOMContentLoaded; the widget manager renders on window load). */
document.addEventListener("DOMContentLoaded", function () {
  var mj = window.MathJax;
  if (!mj || mj.Hub || !mj.startup) { return; }
  mj.Hub = {
    Queue: function () {
      Array.prototype.forEach.call(arguments, function (job) {
        if (Array.isArray(job) && job[0] === "Typeset" && job[2]) {
          mj.startup.promise.then(function () { return mj.typesetPromise([job[2]]); });
        }
      });
    }
  };
});
"""

REQUIRE_CONFIG = 'require.config({{paths: {{"@jupyter-widgets/html-manager/dist": "{manager_dir}"}}}});'

MISSING_MESSAGE = (
    "offline_assets: the book's JavaScript packages (MathJax, require.js, the Jupyter widget "
    "manager) are missing: {missing} not found. Run `make book` (it runs `npm ci` in book/_ext) "
    "before building with jupyter-book."
)


def _check_node_modules(app: Sphinx, config) -> None:
    if not NODE_MODULES.is_dir():
        raise ExtensionError(MISSING_MESSAGE.format(missing=str(NODE_MODULES)))
    missing = [src for src, _ in NPM_ASSETS if not (NODE_MODULES / src).exists()]
    if missing:
        raise ExtensionError(MISSING_MESSAGE.format(missing=", ".join(f"node_modules/{m}" for m in missing)))
    _check_plotly_versions()


def _check_plotly_versions() -> None:
    """Both plotly.js builds must be the version plotly (Python) writes figures for."""
    from plotly.offline import get_plotlyjs_version

    python_side = get_plotlyjs_version()
    npm_side = json.loads((NODE_MODULES / PLOTLY_CARTESIAN / "package.json").read_text("utf8"))["version"]
    if npm_side != python_side:
        raise ExtensionError(
            f"offline_assets: {PLOTLY_CARTESIAN} is {npm_side} but the installed plotly package is built "
            f"for plotly.js {python_side}: pin {PLOTLY_CARTESIAN} {python_side} in book/_ext/package.json "
            "(npm install --save-exact) and run `make book`."
        )


def _plotly_js_source() -> Path:
    import plotly

    path = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise ExtensionError(f"offline_assets: plotly.js not found at {path} (is plotly installed?)")
    return path


def _copy(src: Path, dst: Path, ignore=None) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    if src.is_dir():
        shutil.copytree(src, dst, dirs_exist_ok=True, ignore=ignore)
    else:
        shutil.copy2(src, dst)


def _favicon_ico(size=16, rgb=(0x00, 0x72, 0xB2)) -> bytes:
    """A one-colour .ico (a PNG inside an ICO header) for the site root.

    Pages name their icon (_static/favicon.svg), but Jupyter Book's root index.html is a bare
    redirect, and a browser that shows it asks for /favicon.ico before it moves on: without this
    file that request is a 404 in the console.
    """
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(png), 22) + png


def _copy_assets(app: Sphinx, exception) -> None:
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    out = Path(app.builder.outdir) / VENDOR
    for src, dst in NPM_ASSETS:
        ignore = shutil.ignore_patterns(*SKIP_IN_HTML_MANAGER) if dst == "html-manager" else None
        _copy(NODE_MODULES / src, out / dst, ignore)
    _copy(_plotly_js_source(), out / "plotly" / "plotly.min.js")
    (Path(app.builder.outdir) / "favicon.ico").write_bytes(_favicon_ico())
    (out / "nnbook").mkdir(parents=True, exist_ok=True)
    (out / "nnbook" / "mathjax2-shim.js").write_text(MATHJAX2_SHIM, encoding="utf8")
    cdn = out / "widgets-cdn"
    cdn.mkdir(parents=True, exist_ok=True)
    (cdn / "README.txt").write_text(
        "The widget manager looks for third-party widget modules here instead of on a CDN.\n"
        "The book uses only the built-in ipywidgets controls, so this folder stays empty.\n",
        encoding="utf8",
    )
    logger.info("offline_assets: copied plotly.js, MathJax, require.js and the widget manager to %s", out)


# On a page whose figures are all nnlib's: plotly.js is loaded on demand, by the first figure
# that comes near the view (nnlib/viz/renderer.py calls nnlibLoadPlotly), or when the page is
# loaded and the browser is idle, whichever comes first; so the first screen of a page whose
# figures are further down is ready without plotly.js.
LOAD_PLOTLY_JS = """window.nnlibLoadPlotly = function (then) {
  var s = document.querySelector('script[data-nnlib-plotly]');
  if (!s) {
    s = document.createElement('script');
    s.src = {src};
    s.setAttribute('data-nnlib-plotly', '');
    document.head.appendChild(s);
  }
  if (then) { s.addEventListener('load', function () { then(); }); }
};
window.addEventListener('load', function () {
  (window.requestIdleCallback || setTimeout)(function () { window.nnlibLoadPlotly(); });
});"""


def plotly_for(body: str) -> tuple[str, bool] | None:
    """(plotly.js to load, on demand?) for a page body, or None if it has no figure.

    The cartesian build if every figure's traces are types it draws, else the full build;
    on demand (LOAD_PLOTLY_JS) when every figure is one of nnlib's (drawn by its own script
    once plotly.js is there). A figure of another renderer calls Plotly as the page is parsed:
    the full build, in a plain script tag.
    """
    n_figures = body.count(FIGURE_DIV)
    if not n_figures:
        return None
    specs = FIGURE_SPEC.findall(body)
    if len(specs) != n_figures:
        return PLOTLY_JS, False
    types = set()
    for spec in specs:
        types |= {trace.get("type", "scatter") for trace in json.loads(spec).get("data", [])}
    return (PLOTLY_CARTESIAN_JS if types <= CARTESIAN_TRACES else PLOTLY_JS), True


def _widget_script(js, widget_js: set[str]) -> bool:
    """Whether a page script is myst-nb's widget state or one of the widget manager's scripts
    (widget_js: their paths relative to the site, normalised)."""
    attrs = getattr(js, "attributes", None) or {}
    filename = getattr(js, "filename", None)
    return attrs.get("type") == WIDGET_STATE or (bool(filename) and posixpath.normpath(filename) in widget_js)


def _per_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Runs after myst-nb's handler (priority 500), which adds the widget scripts per page."""
    if app.builder is None or app.builder.format != "html":
        return
    body = context.get("body", "") or ""
    plotly = plotly_for(body)
    if plotly is not None:
        path, on_demand = plotly
        if on_demand:
            url = context["pathto"](posixpath.normpath(posixpath.join("_static", path)), 1)
            app.add_js_file(None, priority=200, body=LOAD_PLOTLY_JS.replace("{src}", json.dumps(url)))
        else:
            app.add_js_file(path, priority=200)  # before everything else (require.js)
    scripts = context.get("script_files")
    if not scripts:
        return
    _drop_doubled_inline_scripts(scripts)
    if WIDGET_VIEW not in body:
        # No widget view to render: no widget state, no require.js, no widget manager.
        # Sphinx keeps a script's relative path as _static/<path>, e.g. _static/../_vendor/...
        widget_js = {posixpath.normpath(posixpath.join("_static", p)) for p in app.config.nb_ipywidgets_js or {}}
        scripts[:] = [js for js in scripts if not _widget_script(js, widget_js)]
        return
    pathto = context["pathto"]
    for i, js in enumerate(list(scripts)):
        attrs = getattr(js, "attributes", None)
        if attrs and WIDGETS_CDN_ATTR in attrs:
            new_attrs = dict(attrs)
            new_attrs[WIDGETS_CDN_ATTR] = pathto(f"{VENDOR}/widgets-cdn/", 1)
            scripts[i] = type(js)(js.filename, priority=js.priority, **new_attrs)
            # Right before embed-amd.js (same priority; Sphinx's sort is stable): tell require.js
            # where the widget manager lives. Its webpack public path (fonts) is derived from the
            # AMD module's URL, which otherwise is <page dir>/@jupyter-widgets/html-manager/dist/.
            manager_dir = pathto(f"{VENDOR}/html-manager", 1)
            config = REQUIRE_CONFIG.format(manager_dir=manager_dir)
            scripts.insert(i, type(js)("", priority=js.priority, body=config))
            # MathJax 2 API shim for the widget manager, only where the widget manager loads.
            app.add_js_file(SHIM_JS, priority=js.priority)
            break


def _drop_doubled_inline_scripts(scripts: list) -> None:
    """Sphinx 7.4 writes an inline (body-only) script registered after Builder.init() twice:
    once as filename None and once as filename '' (StandaloneHTMLBuilder.prepare_writing re-adds
    the registry's scripts). Harmless for `var`, a SyntaxError for `const`/`let`. Keep the first."""
    seen = set()
    for js in list(scripts):
        if getattr(js, "filename", None) not in (None, ""):
            continue
        key = (js.priority, tuple(sorted(js.attributes.items())))
        if key in seen:
            scripts.remove(js)
        seen.add(key)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _check_node_modules)
    app.connect("html-page-context", _per_page_assets, priority=600)
    app.connect("build-finished", _copy_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

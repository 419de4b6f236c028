"""Sphinx extension: fail the build (a warning, and the book builds with -W) when a notebook
output would silently vanish from the HTML.

myst-nb keeps, for each output, the first mime type of its HTML priority list and drops the
rest; an output with no type on that list disappears. myst-nb does warn about each unknown type
it meets ("skipping unknown output mime type"), but nnlib's figures always carry one (plotly's
JSON, for JupyterLab) next to the text/html the book shows, so _config.yml suppresses that
warning. This check puts back the part that matters, per output:

- an output none of whose types myst-nb can render for HTML is an error;
- a plotly figure (application/vnd.plotly.v1+json) without its text/html face is an error:
  without nnlib.viz's renderer the book would show no figure, or only its text repr.

Outputs removed on purpose (tags remove-output / remove-cell, nb_remove_code_outputs, the
cell-level mystnb remove_code_outputs) are not checked. The executed notebooks are read from
myst-nb's output folder (<outdir>/../jupyter_execute).
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

PLOTLY_JSON = "application/vnd.plotly.v1+json"
REMOVE_TAGS = {"remove-output", "remove_output", "remove-cell", "remove_cell"}


def _removed(cell, config) -> bool:
    tags = set(cell.get("metadata", {}).get("tags", []))
    if tags & REMOVE_TAGS:
        return True
    cell_cfg = cell.get("metadata", {}).get("mystnb", {}) or {}
    return bool(cell_cfg.get("remove_code_outputs", config.nb_remove_code_outputs))


def problems_in(notebook, priority: set[str], config) -> list[str]:
    out = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or _removed(cell, config):
            continue
        for k, output in enumerate(cell.get("outputs", [])):
            if output.get("output_type") not in ("display_data", "execute_result"):
                continue
            types = list(output.get("data", {}))
            where = f"cell {index} (code), output {k}"
            if not set(types) & priority:
                out.append(f"{where}: none of its types {types} can be shown in HTML, so it would vanish")
            elif PLOTLY_JSON in types and "text/html" not in types:
                out.append(
                    f"{where}: a plotly figure without its text/html face ({types}); "
                    "import nnlib.viz (its renderer emits both) before showing figures"
                )
    return out


def check_outputs(app: Sphinx, env) -> None:
    if app.builder is None or app.builder.format != "html":
        return
    from myst_nb.core.render import get_mime_priority

    priority = set(get_mime_priority(app.builder.name, app.config.nb_mime_priority_overrides))
    executed = Path(app.outdir).parent / "jupyter_execute"
    for docname in sorted(env.found_docs):
        path = executed / f"{docname}.ipynb"
        if not path.is_file():
            continue  # not a notebook (or not executed)
        notebook = nbformat.read(path, as_version=4)
        for problem in problems_in(notebook, priority, app.config):
            logger.warning(f"{problem} [output_checks]", location=docname)


def setup(app: Sphinx) -> dict:
    app.connect("env-updated", check_outputs)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

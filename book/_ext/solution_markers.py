"""Sphinx extension: the book's solution cells show the teacher's code without the lines that
mark where a solution begins and ends (nnlib.student.BEGIN and END).

Those markers stay in the notebooks: nnlib.student and nnlib.nbgrader_course cut the code
between them out of the student notebooks and the nbgrader releases. A reader of the HTML book
has no use for them.
"""
from docutils import nodes
from sphinx.application import Sphinx

from nnlib.student import BEGIN, END


def without_markers(code: str) -> str:
    """code without its solution-marker lines."""
    return "\n".join(line for line in code.splitlines() if line.strip() not in (BEGIN, END))


def _drop_markers(app: Sphinx, doctree: nodes.document) -> None:
    for block in list(doctree.findall(nodes.literal_block)):
        code = block.astext()
        # only the code of notebook cells (a teacher's page may show the markers on purpose)
        if BEGIN in code and "cell_input" in block.parent.get("classes", []):
            block.children = [nodes.Text(without_markers(code))]
            block.rawsource = without_markers(code)


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", _drop_markers)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

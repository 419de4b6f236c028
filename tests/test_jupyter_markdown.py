"""nnlib.jupyter_markdown: the chapters' MyST made into the Markdown JupyterLab renders, for the
notebooks students open (make student, the nbgrader course).

The rules on a small book made here; on the real chapters, nothing MyST-only is left in any
student notebook, and the equation and exercise numbers are those of the built web book (the
tests that read the real build need it: `make test` builds first)."""
import re
from pathlib import Path

import nbformat
import pytest

from nnlib.jupyter_markdown import (fill_glue, glue_values, jupyterlab_edition, jupyterlab_markdown, myst_left,
                                    read_book)
from nnlib.nbgrader_course import make_course
from nnlib.student import make_student_notebooks

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html" / "book"

CHAPTER_A = [
    "# First chapter\n\nSome text with {glue:text}`two:.1f`.",
    "$$\nz = 3\n$$\n\nand\n\n$$\ny = 2x\n$$ (double)",
    "(the-target)=\n## A section\n\nIts text.",
    "## Exercises\n\n```{exercise} Double it\n:label: ex-double\n\nUse {eq}`double` with $x = 1$.\n```",
]
CHAPTER_B = [
    "# Second chapter",
    "$$ w = 1 $$ (one)",
    "::::{admonition} Remember\n:class: tip\n\nBoth {eq}`double` of {doc}`a` and {eq}`one`, "
    "see {ref}`ex-double` and {ref}`the-target`.\n::::",
    "```{exercise}\n:label: ex-untitled\n\nRead {doc}`the first one <a>`: {glue:text}`rate:.1%`, {glue}`n`.\n```",
]


@pytest.fixture
def small_book(tmp_path):
    """A book of two chapters a and b (in that order in its _toc.yml), and their glued values."""
    book = tmp_path / "book"
    book.mkdir()
    for name, cells in (("a", CHAPTER_A), ("b", CHAPTER_B)):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(c) for c in cells]
        nbformat.write(nb, book / f"{name}.ipynb")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nparts:\n"
                                       "  - caption: All\n    chapters:\n      - file: book/a\n      - file: book/b\n")
    return read_book(book, tmp_path / "_toc.yml"), {"a": {"two": 2.0}, "b": {"rate": 0.25, "n": 7}}


def test_the_book_is_numbered_in_toc_order(small_book):
    book, _ = small_book
    assert book.titles == {"a": "First chapter", "b": "Second chapter"}
    assert book.equations == {"double": ("a", 1), "one": ("b", 2)}
    assert book.exercises == {"ex-double": ("a", 1, "Double it"), "ex-untitled": ("b", 2, "")}
    assert book.sections == {"the-target": ("a", "A section")}


def test_each_construct_becomes_what_the_web_book_shows(small_book):
    book, glue = small_book
    a = [jupyterlab_markdown(c, "a", book, glue["a"]) for c in CHAPTER_A]
    b = [jupyterlab_markdown(c, "b", book, glue["b"]) for c in CHAPTER_B]
    assert a[0] == "# First chapter\n\nSome text with 2.0."
    assert a[1] == "$$\nz = 3\n$$\n\nand\n\n$$\ny = 2x \\tag{1}\n$$"  # only a labelled equation is numbered
    assert a[2] == "## A section\n\nIts text."
    assert a[3] == "## Exercises\n\n**Exercise 1 (Double it)**\n\nUse (1) with $x = 1$."
    assert b[1] == "$$ w = 1 \\tag{2}\n$$"
    assert b[2] == ("> **Remember**\n>\n> Both [(1)](a.ipynb) of [First chapter](a.ipynb) and (2), see "
                    "[Exercise 1 (Double it)](a.ipynb) and [A section](a.ipynb).")
    assert b[3] == "**Exercise 2**\n\nRead [the first one](a.ipynb): 25.0%, 7."
    assert all(myst_left(text) == [] for text in a + b)
    assert len(myst_left("\n\n".join(CHAPTER_A + CHAPTER_B))) == 10 + 3 + 1 + 2  # roles, fences, target, labels


@pytest.mark.parametrize("source, words", [
    ("{abbr}`HTML (HyperText)`", "role {abbr} has no JupyterLab form"),
    ("```{note}\nText.\n```", "directive {note} has no JupyterLab form"),
    ("```{admonition} Open\nText.", "never closed"),
    ("See {eq}`nowhere`.", "names no labelled equation"),
    ("See {doc}`nowhere`.", "names no chapter"),
    ("See {ref}`nowhere`.", "names no exercise or section"),
    ("It is {glue:text}`missing:.2f`.", "build the book first"),
])
def test_what_has_no_jupyterlab_form_is_a_clear_error(small_book, source, words):
    book, glue = small_book
    with pytest.raises(ValueError, match=re.escape(words)):
        jupyterlab_markdown(source, "a", book, glue["a"])


def test_fill_glue_formats_known_values_and_keeps_the_others():
    values = {"a": 0.123456, "n": 7, "s": "six"}
    assert fill_glue("x {glue:text}`a:.2f` y {glue}`n` {glue:text}`s` {glue:text}`missing:.1f`", values) == (
        "x 0.12 y 7 six {glue:text}`missing:.1f`")


def test_an_edition_needs_the_books_table_of_contents(tmp_path):
    (tmp_path / "book").mkdir()
    with pytest.raises(ValueError, match="no table of contents"):
        jupyterlab_edition(tmp_path / "book")


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """{edition: [notebook paths]}: `make student` and the nbgrader course's sources, made from the
    chapters with the numbers of the book's last build."""
    out = tmp_path_factory.mktemp("editions")
    return {"student": make_student_notebooks(ROOT / "book", out / "student"),
            "nbgrader": [p for p in make_course(ROOT / "book", out / "course") if p.suffix == ".ipynb"]}


@pytest.mark.parametrize("edition", ["student", "nbgrader"])
def test_no_myst_only_syntax_reaches_a_student(editions, edition):
    """No role ({glue:text}, {eq}, {doc}, {ref}, ...), directive fence, target or equation label is
    left in any markdown cell a student opens in JupyterLab."""
    assert len(editions[edition]) >= 13
    for path in editions[edition]:
        nb = nbformat.read(path, as_version=4)
        left = [found for c in nb.cells if c.cell_type == "markdown" for found in myst_left(c.source)]
        assert left == [], f"{edition} {path.name}: {left[:5]}"


def test_glued_numbers_are_the_builds(editions):
    """Every number the chapters glue into their text appears in the student notebook as the
    build's value in the role's format."""
    glue_dir = ROOT / "_build" / "jupyter_execute" / "book"
    for path in editions["student"]:
        teacher = nbformat.read(ROOT / "book" / path.name, as_version=4)
        values = glue_values(glue_dir / f"{path.stem}.glue.json")
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
        roles = {(m.group(1), m.group(2) or "") for c in teacher.cells if c.cell_type == "markdown"
                 and "{solution" not in c.source for m in re.finditer(r"\{glue:text\}`([^`:]+):?([^`]*)`", c.source)}
        for name, spec in roles:
            assert format(values[name], spec) in text, (path.name, name)


def test_equation_and_exercise_numbers_are_the_web_books():
    """The numbers a student reads in JupyterLab are those of the built web book's pages."""
    book = read_book(ROOT / "book", ROOT / "_toc.yml")
    pages = {}
    for label, (chapter, number) in book.equations.items():
        html = pages.setdefault(chapter, (HTML / f"{chapter}.html").read_text())
        found = re.search(rf'<span class="eqno">\((\d+)\)<a class="headerlink" href="#equation-{label.lower()}"', html)
        assert found and int(found.group(1)) == number, (label, chapter, number)
    for label, (chapter, number, _) in book.exercises.items():
        html = pages.setdefault(chapter, (HTML / f"{chapter}.html").read_text())
        found = re.search(rf'id="{label}">\s*<p class="admonition-title"><span class="caption-number">Exercise (\d+) ',
                          html)
        assert found and int(found.group(1)) == number, (label, chapter, number)
    assert len(book.equations) > 50 and len(book.exercises) > 50


@pytest.mark.xdist_group("student-edition")
def test_the_student_editions_notebooks_are_rewritten_after_its_build(student_edition):
    """`make student-book` builds the edition's web book from MyST, then rewrites the notebooks its
    launch buttons open and its pages offer for download: nothing MyST-only is left in them."""
    paths = sorted((student_edition / "book").glob("*.ipynb"))
    downloads = sorted((student_edition / "_build" / "html" / "_sources" / "book").glob("*.ipynb"))
    assert len(paths) >= 13 and [p.name for p in downloads] == [p.name for p in paths]
    paths += downloads
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        left = [found for c in nb.cells if c.cell_type == "markdown" for found in myst_left(c.source)]
        assert left == [], f"{path.name}: {left[:5]}"
    executed = student_edition / "_build" / "jupyter_execute" / "book" / paths[0].name
    assert myst_left("\n".join(c.source for c in nbformat.read(executed, as_version=4).cells))

"""Student notebooks: made from the teacher notebooks, free of solutions, and runnable (their
markdown as JupyterLab shows it: tests/test_jupyter_markdown.py)."""
import re
from pathlib import Path

import nbformat
import pytest

from nnlib.jupyter_markdown import read_book
from nnlib.student import (ANSWER_PROMPT, ANSWER_STUB, BEGIN, END, NOT_IMPLEMENTED_MESSAGE, chapter_cells,
                           make_student_notebooks, strip_code, student_version, written_exercises)

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
TEACHER_NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))


def solution_lines(nb):
    """Every non-blank line written between the solution markers of a teacher notebook."""
    lines = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        inside = False
        for line in cell.source.splitlines():
            if line.strip() == BEGIN:
                inside = True
            elif line.strip() == END:
                inside = False
            elif inside and line.strip():
                lines.append(line.strip())
    return lines


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    make_student_notebooks(BOOK, out)
    return out


def test_every_teacher_notebook_has_a_student_version(student_dir):
    assert TEACHER_NOTEBOOKS, "no teacher notebooks found in book/"
    assert sorted(p.name for p in student_dir.glob("*.ipynb")) == [p.name for p in TEACHER_NOTEBOOKS]


@pytest.mark.parametrize("teacher", TEACHER_NOTEBOOKS, ids=lambda p: p.stem)
def test_student_notebook_contains_no_solution(teacher, student_dir):
    teacher_nb = nbformat.read(teacher, as_version=4)
    text = (student_dir / teacher.name).read_text()
    student_nb = nbformat.reads(text, as_version=4)
    assert "SOLUTION" not in text
    assert not re.search(r"\{solution", text)
    assert not [c for c in student_nb.cells if "solution" in c.metadata.get("tags", [])]
    for line in solution_lines(teacher_nb):
        assert line not in text, f"solution line leaked into the student {teacher.name}: {line!r}"
    # every exercise, headed as in the web book
    exercises = read_book(BOOK, ROOT / "_toc.yml").exercises
    heads = [f"**Exercise {n} ({title})**" if title else f"**Exercise {n}**"
             for chapter, n, title in exercises.values() if chapter == teacher.stem]
    assert len(heads) == sum(c.source.count("{exercise}") for c in teacher_nb.cells)
    assert [head for head in heads if any(head in c.source for c in student_nb.cells)] == heads
    assert all(not c.get("outputs") for c in student_nb.cells if c.cell_type == "code")


@pytest.mark.xdist_group("student-edition")
@pytest.mark.parametrize("teacher", TEACHER_NOTEBOOKS, ids=lambda p: p.stem)
def test_student_notebook_runs_and_checks_report_not_implemented(teacher, student_dir, student_edition):
    """Each student notebook runs without error and every stub's check says "not implemented yet".

    The runs are those of the student edition's build (`make student-book` executes each student
    notebook, and fails on an error); the edition's notebooks are these, cell for cell (in MyST,
    which the edition's web book is built from)."""
    nb = nbformat.read(student_edition / "_build" / "jupyter_execute" / "book" / teacher.name, as_version=4)
    student = student_version(nbformat.read(teacher, as_version=4))
    assert [c.source for c in nb.cells] == [c.source for c in student.cells]
    made = nbformat.read(student_dir / teacher.name, as_version=4)  # make student's: the same cells
    assert [c.cell_type for c in nb.cells] == [c.cell_type for c in made.cells]
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code), "the notebook was not run"
    errors = [o for c in code for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, errors
    n_stubs = sum(c.source.count("raise NotImplementedError") for c in code)
    outputs = [o for c in code for o in c.get("outputs", [])]
    reports = [  # a self-check's box, or a checking cell that caught the stub and printed its message
        o for o in outputs
        if (o.output_type == "execute_result" and "not implemented yet" in o["data"].get("text/plain", ""))
        or (o.output_type == "stream" and NOT_IMPLEMENTED_MESSAGE in o.get("text", ""))
    ]
    assert len(reports) == n_stubs, "each stubbed exercise must have a check that reports it"


def test_strip_code_keeps_the_signature_and_indentation():
    source = "def f(x):\n    \"\"\"doc\"\"\"\n    # BEGIN SOLUTION\n    return 2 * x\n    # END SOLUTION\n"
    stripped = strip_code(source, "ex-double")
    assert stripped.splitlines() == [
        "def f(x):",
        '    """doc"""',
        "    # your code here",
        f'    raise NotImplementedError("{NOT_IMPLEMENTED_MESSAGE}")',
    ]
    namespace = {}
    exec(stripped, namespace)
    with pytest.raises(NotImplementedError, match="Write your solution here"):
        namespace["f"](1)


@pytest.mark.parametrize("source", [
    "# BEGIN SOLUTION\nx = 1\n",
    "x = 1\n# END SOLUTION\n",
    "# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION\n",
])
def test_unbalanced_markers_are_an_error(source):
    with pytest.raises(ValueError, match="SOLUTION"):
        strip_code(source, "ex")


def test_solution_cells_are_dropped_and_exercises_kept():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("```{exercise} Title\n:label: ex-a\n\nDo it.\n```"),
        nbformat.v4.new_markdown_cell("```{solution} ex-a\n:class: dropdown\n\nIt is 42.\n```"),
        nbformat.v4.new_markdown_cell("```{solution-start} ex-b\n```"),
        nbformat.v4.new_code_cell("def g():\n    # BEGIN SOLUTION\n    return 42\n    # END SOLUTION"),
        nbformat.v4.new_markdown_cell("```{solution-end}\n```"),
        nbformat.v4.new_code_cell("answer = 42", metadata={"tags": ["solution"]}),
    ]
    student = student_version(nb)
    sources = [c.source for c in student.cells]
    assert sources[0].startswith("```{exercise}")
    assert sources[1] == f"{ANSWER_PROMPT}\n\n{ANSWER_STUB}"  # ex-a is written: it gets an answer cell
    assert student.cells[1].metadata.tags == ["remove-cell", "answer"]
    assert len(sources) == 3
    assert "42" not in sources[2] and "NotImplementedError" in sources[2]


@pytest.mark.parametrize("teacher", TEACHER_NOTEBOOKS, ids=lambda p: p.stem)
def test_every_written_exercise_has_an_answer_cell_after_it(teacher):
    teacher_nb = nbformat.read(teacher, as_version=4)
    written = written_exercises(chapter_cells(teacher_nb))
    student = student_version(teacher_nb).cells
    after = [student[i + 1] for i, c in enumerate(student[:-1]) if "{exercise}" in c.source
             and any(f":label: {label}" in c.source for label in written)]
    assert len(after) == len(written)
    assert all(c.source == f"{ANSWER_PROMPT}\n\n{ANSWER_STUB}" for c in after)

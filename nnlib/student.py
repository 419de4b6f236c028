"""Make student notebooks from the book's teacher notebooks (run: python -m nnlib.student SRC OUT).

The teacher notebooks in book/ hold the solutions:
- a markdown cell holding a sphinx-exercise `{solution}` directive (or the `{solution-start}` /
  `{solution-end}` pair around solution code) is a solution cell and is left out;
- a cell of any kind tagged `solution` (e.g. code that computes the numbers a solution
  quotes) is left out;
- in code, the lines between `# BEGIN SOLUTION` and `# END SOLUTION` are replaced by a stub
  that raises NotImplementedError, so the notebook still runs top to bottom and the
  self-checks report "not implemented yet";
- every written exercise (one without solution code, or with a written solution) gets an
  answer cell right after it: a markdown cell with a prompt and a placeholder, tagged
  `remove-cell` so the student edition of the web book does not show it.
Outputs are cleared: the student runs every cell. The notebooks written by make_student_notebooks
have their markdown as JupyterLab shows it (nnlib.jupyter_markdown: the numbers of the book's
last build, equation and exercise numbers as in the web book, no MyST-only syntax left);
student_version itself keeps the MyST, which the student edition of the web book is built from.

The nbgrader course (nnlib.nbgrader_course) reads the chapters with the same `chapter_cells`
and uses the same stubs, so a student notebook and an nbgrader release hold the same exercises,
stubs and answer cells.
"""
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .jupyter_markdown import jupyterlab_edition

BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
SOLUTION_TAG = "solution"
SOLUTION_DIRECTIVE = re.compile(r"^(`{3,}|:{3,})\{solution(-start|-end)?\}[ \t]*(\S*)", re.MULTILINE)
EXERCISE_DIRECTIVE = re.compile(r"^(`{3,}|:{3,})\{exercise\}", re.MULTILINE)
EXERCISE_LABEL = re.compile(r"^:label:\s*(\S+)", re.MULTILINE)

# What replaces each solution region (indented like the `# BEGIN SOLUTION` line). nbgrader's
# ClearSolutions is configured with the same lines, so both outputs hold the same stubs.
NOT_IMPLEMENTED_MESSAGE = "Write your solution here."
CODE_STUB = f'# your code here\nraise NotImplementedError("{NOT_IMPLEMENTED_MESSAGE}")'
# The answer cell of a written exercise: the prompt, then the placeholder (nbgrader's text stub).
ANSWER_PROMPT = "**Your answer.**"
ANSWER_STUB = "*Write your answer here (double-click this cell to edit it).*"
ANSWER_TAGS = ["remove-cell", "answer"]


def stub(indent, label=None):
    """The lines that replace one solution region (the same for every exercise)."""
    return [f"{indent}{line}" for line in CODE_STUB.splitlines()]


def strip_code(source, label):
    """Replace every BEGIN/END SOLUTION region of a code cell by the stub."""
    out, inside = [], False
    for line in source.splitlines():
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise ValueError(f"nested {BEGIN!r} in a cell of exercise {label!r}")
            inside = True
            out.extend(stub(line[: len(line) - len(line.lstrip())], label))
        elif marker == END:
            if not inside:
                raise ValueError(f"{END!r} without {BEGIN!r} in a cell of exercise {label!r}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"{BEGIN!r} without {END!r} in a cell of exercise {label!r}")
    return "\n".join(out)


def solution_code(source):
    """The teacher's solution lines of a code cell: the cell with only the marker lines removed."""
    return "\n".join(line for line in source.splitlines() if line.strip() not in (BEGIN, END))


def directive_body(source):
    """The text inside a `{solution}` directive: without its fences and `:option:` lines."""
    lines = source.strip().splitlines()
    if lines and SOLUTION_DIRECTIVE.match(lines[0]):
        lines = lines[1:]
    if lines and re.fullmatch(r"(`{3,}|:{3,})\s*", lines[-1]):
        lines = lines[:-1]
    while lines and re.match(r"^:[\w-]+:", lines[0]):
        lines = lines[1:]
    return "\n".join(lines).strip()


@dataclass
class Cell:
    """One cell of a teacher notebook and its role in the exercises.

    role is one of: "exercise", "solution-text" (a `{solution}` directive), "solution-start",
    "solution-end", "hidden" (tagged `solution`), "solution-code" (holds BEGIN/END SOLUTION),
    "other". label is the exercise the cell belongs to (None before the first exercise).
    """

    cell: nbformat.NotebookNode
    role: str
    label: str | None


def chapter_cells(nb):
    """Every cell of a teacher notebook with its role and exercise label, in order."""
    out, label = [], None
    for cell in nb.cells:
        role = "other"
        if SOLUTION_TAG in cell.metadata.get("tags", []):
            role = "hidden"
        elif cell.cell_type == "markdown":
            solution = SOLUTION_DIRECTIVE.search(cell.source)
            if EXERCISE_DIRECTIVE.search(cell.source):
                found = EXERCISE_LABEL.search(cell.source)
                if not found:
                    raise ValueError(f"an exercise without a :label: in cell {cell.source[:60]!r}")
                label, role = found.group(1), "exercise"
            elif solution:
                label = solution.group(3) or label
                role = {None: "solution-text", "-start": "solution-start", "-end": "solution-end"}[solution.group(2)]
        elif cell.cell_type == "code" and any(line.strip() == BEGIN for line in cell.source.splitlines()):
            role = "solution-code"
        out.append(Cell(cell, role, label))
    return out


def written_exercises(cells):
    """Labels of the exercises that get an answer cell: no solution code, or a written solution."""
    code = {c.label for c in cells if c.role == "solution-code"}
    text = {c.label for c in cells if c.role == "solution-text"}
    return [c.label for c in cells if c.role == "exercise" and (c.label not in code or c.label in text)]


def answer_cell(label, body):
    """The answer cell of a written exercise, holding body after the prompt (its id comes from the
    label, so a notebook made twice is the same file)."""
    cell = nbformat.v4.new_markdown_cell(f"{ANSWER_PROMPT}\n\n{body}", metadata={"tags": list(ANSWER_TAGS)})
    cell.id = f"answer-{label}"[:64]
    return cell


def student_version(nb):
    """A copy of the notebook with solutions removed, answer cells added and outputs cleared."""
    nb = nbformat.from_dict(nb)
    cells = chapter_cells(nb)
    written = set(written_exercises(cells))
    out = []
    for c in cells:
        if c.role in ("hidden", "solution-text", "solution-start", "solution-end"):
            continue
        cell = c.cell
        if cell.cell_type == "code":
            cell.source = strip_code(cell.source, c.label)
            cell.outputs, cell.execution_count = [], None
        out.append(cell)
        if c.role == "exercise" and c.label in written:
            out.append(answer_cell(c.label, ANSWER_STUB))
    nb.cells = out
    nb.metadata.pop("widgets", None)
    return nb


def make_student_notebooks(src, out, glue_dir=None, toc=None):
    """Write the student version of every notebook in src into out, its markdown as JupyterLab
    shows it with the numbers of the book's last build (glue_dir and toc: see
    nnlib.jupyter_markdown.jupyterlab_edition); return the paths."""
    src, out = Path(src), Path(out)
    notebooks = sorted(src.glob("*.ipynb"))
    if not notebooks:
        raise ValueError(f"no notebooks (*.ipynb) found in {src}")
    for_jupyterlab = jupyterlab_edition(src, glue_dir, toc)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in notebooks:
        target = out / path.name
        nbformat.write(for_jupyterlab(student_version(nbformat.read(path, as_version=4)), path.stem), target)
        written.append(target)
    return written


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: python -m nnlib.student TEACHER_NOTEBOOK_DIR STUDENT_DIR", file=sys.stderr)
        return 2
    for path in make_student_notebooks(*argv):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

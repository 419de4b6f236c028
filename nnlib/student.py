"""Make student notebooks from the book's teacher notebooks (run: python -m nnlib.student SRC OUT).

The teacher notebooks in book/ hold the solutions:
- a markdown cell holding a sphinx-exercise `{solution}` directive (or the `{solution-start}` /
  `{solution-end}` pair around solution code) is a solution cell and is left out;
- a cell of any kind tagged `solution` (e.g. code that computes the numbers a solution
  quotes) is left out;
- in code, the lines between `# BEGIN SOLUTION` and `# END SOLUTION` are replaced by a stub
  that raises NotImplementedError naming the exercise, so the notebook still runs top to
  bottom and the self-checks report "not implemented yet".
Outputs are cleared: the student runs every cell.
"""
import re
import sys
from pathlib import Path

import nbformat

BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
SOLUTION_TAG = "solution"
SOLUTION_DIRECTIVE = re.compile(r"^(`{3,}|:{3,})\{solution(-start|-end)?\}\s*(\S*)", re.MULTILINE)
EXERCISE_LABEL = re.compile(r"^:label:\s*(\S+)", re.MULTILINE)


def stub(indent, label):
    """The lines that replace one solution region."""
    where = f"exercise '{label}'" if label else "the exercise above"
    return [
        f"{indent}# your code here",
        f'{indent}raise NotImplementedError("Write your solution to {where} here.")',
    ]


def strip_code(source, label):
    """Replace every BEGIN/END SOLUTION region of a code cell by a stub."""
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


def student_version(nb):
    """A copy of the notebook with solutions removed and outputs cleared."""
    nb = nbformat.from_dict(nb)
    cells, label = [], None
    for cell in nb.cells:
        if SOLUTION_TAG in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "markdown":
            found = EXERCISE_LABEL.search(cell.source)
            if found:
                label = found.group(1)
            solution = SOLUTION_DIRECTIVE.search(cell.source)
            if solution:
                label = solution.group(3) or label
                continue
        elif cell.cell_type == "code":
            cell.source = strip_code(cell.source, label)
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    return nb


def make_student_notebooks(src, out):
    """Write the student version of every notebook in src into out; return the paths."""
    src, out = Path(src), Path(out)
    notebooks = sorted(src.glob("*.ipynb"))
    if not notebooks:
        raise ValueError(f"no notebooks (*.ipynb) found in {src}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in notebooks:
        target = out / path.name
        nbformat.write(student_version(nbformat.read(path, as_version=4)), target)
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

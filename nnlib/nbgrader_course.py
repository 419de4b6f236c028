"""An nbgrader course made from the book's teacher notebooks.

Run:  python -m nnlib.nbgrader_course TEACHER_NOTEBOOK_DIR COURSE_DIR   (or: make nbgrader)

It writes COURSE_DIR/source/<chapter>/<chapter>.ipynb for every chapter with exercises, and an
nbgrader_config.py (only if there is none yet). A teacher then runs nbgrader as usual, e.g.
`nbgrader generate_assignment chain_rule` (see the book's page on grading).

Each source notebook is the chapter as `make student` hands it out (nnlib.student reads the
chapters with the same `chapter_cells`), with nbgrader's cell metadata added:
- a cell with solution code (`# BEGIN SOLUTION` ... `# END SOLUTION`) is a solution cell, its
  grade id the exercise label (`ex-code-sigmoid-prime`); nbgrader replaces the region by the
  stub of nnlib.student (nbgrader_config.py sets the same `code_stub`);
- each self-check (a code cell after the solution that ends with a `check_...(...)` call, or with
  a name bound to one) is an autograded test cell worth POINTS_PER_CHECK points, locked. A check
  returns a result instead of raising, and nbgrader gives full marks to a test cell that neither
  raises nor prints a number, so the cell displays the result and then ends with its score,
  `float(bool(check_result))`: 1.0 when the check passed, 0.0 otherwise (never a stub's pass);
- an exercise whose chapter has no self-check cell gets one from EXTRA_CHECKS;
- each written exercise gets its answer cell (the one `make student` adds) as a manually graded
  answer cell worth POINTS_PER_ANSWER points, holding the book's model answer between solution
  markers, which nbgrader replaces by the answer placeholder in the release;
- the exercise text is a locked, read-only cell.
Solution text, solution cells and cells tagged `solution` are left out, as in `make student`.
As there, the markdown is written as JupyterLab shows it, with the numbers of the book's last
build (nnlib.jupyter_markdown).
"""
import ast
import sys
from pathlib import Path

import nbformat

from .jupyter_markdown import jupyterlab_edition
from .student import (ANSWER_STUB, CODE_STUB, answer_cell, chapter_cells, directive_body,
                      written_exercises)

POINTS_PER_CHECK = 1
POINTS_PER_ANSWER = 1
COURSE_ID = "backprop"
RESULT_NAME = "check_result"
SCORE_COMMENT = "# this test's score in nbgrader: 1.0 if the check passed, else 0.0"
NBGRADER_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
                    "BEGIN MARK SCHEME", "END MARK SCHEME", "AUTOTEST")

# Self-checks for coding exercises whose chapter checks them without a `check_...` function
# (the chapter prints what nnlib.gradient_check finds). Once the chapter calls a self-check
# itself, its entry here is no longer used.
EXTRA_CHECKS = {
    "ex-delta-code-backprop": "from nnlib.checks import check_network_gradients\n\n"
                              "check_network_gradients(my_gradients)",
}

CONFIG = f'''\
# nbgrader configuration for the course made from "How neural networks learn" by
# `make nbgrader` (nnlib/nbgrader_course.py). It is written only when missing: edit it freely.
c = get_config()  # noqa: F821

# The course's name on your hub's exchange (ask whoever runs the hub).
c.CourseDirectory.course_id = {COURSE_ID!r}

# The stub and the answer placeholder of `make student`, so a release from nbgrader and a
# student notebook hold the same text.
c.ClearSolutions.code_stub = {{"python": {CODE_STUB!r}}}
c.ClearSolutions.text_stub = {ANSWER_STUB!r}

# The chapters train small networks when they run: give a cell up to 10 minutes (nbgrader's
# default is 30 seconds).
c.Execute.timeout = 600
'''


def nbgrader_metadata(grade_id, *, solution=False, grade=False, locked=False, points=None):
    """The `nbgrader` entry of a cell's metadata (schema version 3)."""
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return meta


def _is_check_call(node):
    return (isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute))
            and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr).startswith("check_"))


def graded_check(source, points=POINTS_PER_CHECK):
    """The source of a self-check cell as an nbgrader test, or None if it is not a self-check.

    A self-check cell ends with a call `check_...(...)` or with a name that the cell bound to
    one (`result = check_...(...)` then `result`). The graded cell displays the same result and
    then evaluates to its score: nbgrader reads a number as the points earned.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return None
    last, lines = tree.body[-1], source.rstrip().splitlines()
    value = last.value
    head, tail = lines[: last.lineno - 1], lines[last.end_lineno:]
    if tail and any(line.strip() and not line.strip().startswith("#") for line in tail):
        return None
    if _is_check_call(value):
        name = RESULT_NAME
        call = "\n".join(lines[last.lineno - 1: last.end_lineno])
        head.append(f"{name} = {call.strip()}")
    elif isinstance(value, ast.Name) and any(
            isinstance(s, ast.Assign) and _is_check_call(s.value)
            and any(isinstance(t, ast.Name) and t.id == value.id for t in s.targets) for s in tree.body):
        name = value.id
    else:
        return None
    score = f"float(bool({name}))" if points == 1 else f"{points} * float(bool({name}))"
    return "\n".join(head + [f"display({name})", f"{score}  {SCORE_COMMENT}"])


def _clean_copy(cell):
    cell = nbformat.from_dict(cell)
    if cell.cell_type == "code":
        cell.outputs, cell.execution_count = [], None
    return cell


def _unique(grade_id, used):
    n, candidate = 1, grade_id
    while candidate in used:
        n += 1
        candidate = f"{grade_id}-{n}"
    used.add(candidate)
    return candidate


def course_notebook(nb, extra_checks=None):
    """The nbgrader source version of one teacher notebook (see the module's docstring), its
    markdown still MyST."""
    extra_checks = EXTRA_CHECKS if extra_checks is None else extra_checks
    nb = nbformat.from_dict(nb)
    cells = chapter_cells(nb)
    written = set(written_exercises(cells))
    answers = {}
    for c in cells:
        if c.role == "solution-text":
            body = directive_body(c.cell.source)
            answers[c.label] = (answers.get(c.label, "") + "\n\n" + body).strip()
    out, used = [], set()
    segment = None  # the exercise whose solution code came last, until the next markdown cell
    checked = False  # whether that exercise has a self-check cell yet
    last_code = None  # position in `out` of the last code cell of the segment

    def close_segment():
        nonlocal segment
        if segment is not None and not checked:
            if segment not in extra_checks:
                raise ValueError(f"exercise {segment!r} has solution code but no self-check cell after "
                                 f"it (a cell ending with a check_...(...) call); add one to the chapter "
                                 f"or an entry to EXTRA_CHECKS in nnlib/nbgrader_course.py")
            cell = nbformat.v4.new_code_cell(graded_check(extra_checks[segment]))
            cell.metadata["nbgrader"] = nbgrader_metadata(_unique(f"{segment}-check", used), grade=True,
                                                          locked=True, points=POINTS_PER_CHECK)
            out.insert(last_code + 1, cell)
        segment = None

    for c in cells:
        if c.role in ("hidden", "solution-text", "solution-start", "solution-end"):
            continue
        cell = _clean_copy(c.cell)
        if c.role != "solution-code":
            found = [m for m in NBGRADER_MARKERS if m in cell.source]
            if found:
                raise ValueError(f"{found[0]!r} outside a solution cell of exercise {c.label!r}: nbgrader "
                                 f"would treat it as a marker")
        if c.role == "exercise":
            close_segment()
            cell.metadata["nbgrader"] = nbgrader_metadata(_unique(f"{c.label}-question", used), locked=True)
            out.append(cell)
            if c.label in written:
                answer = answer_cell(c.label, f"### BEGIN SOLUTION\n{answers.get(c.label, '')}\n### END SOLUTION")
                answer.metadata["nbgrader"] = nbgrader_metadata(
                    _unique(f"{c.label}-answer", used), solution=True, grade=True, points=POINTS_PER_ANSWER)
                out.append(answer)
            continue
        if c.role == "solution-code":
            if segment != c.label:
                close_segment()
                segment, checked = c.label, False
            cell.metadata["nbgrader"] = nbgrader_metadata(_unique(c.label, used), solution=True)
            last_code = len(out)
        elif cell.cell_type == "code" and segment is not None:
            graded = graded_check(cell.source)
            if graded is not None:
                cell.source = graded
                cell.metadata["nbgrader"] = nbgrader_metadata(
                    _unique(f"{segment}-check", used), grade=True, locked=True, points=POINTS_PER_CHECK)
                checked = True
            last_code = len(out)
        elif cell.cell_type == "markdown":
            close_segment()
        out.append(cell)
    close_segment()
    nb.cells = out
    nb.metadata.pop("widgets", None)
    return nb


def has_exercises(nb):
    return any(c.role == "exercise" for c in chapter_cells(nb))


def make_course(src, course_dir, glue_dir=None, toc=None):
    """Write the course's source notebooks (and nbgrader_config.py if missing); return the paths.

    Their markdown, the model answers too, is as JupyterLab shows it, with the numbers of the
    book's last build (glue_dir and toc: see nnlib.jupyter_markdown.jupyterlab_edition).
    """
    src, course_dir = Path(src), Path(course_dir)
    for_jupyterlab = jupyterlab_edition(src, glue_dir, toc)
    notebooks = sorted(src.glob("*.ipynb"))
    if not notebooks:
        raise ValueError(f"no notebooks (*.ipynb) found in {src}")
    written = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        if not has_exercises(nb):
            continue
        target = course_dir / "source" / path.stem / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(for_jupyterlab(course_notebook(nb), path.stem), target)
        written.append(target)
    config = course_dir / "nbgrader_config.py"
    if not config.exists():
        config.write_text(CONFIG)
        written.append(config)
    return written


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: python -m nnlib.nbgrader_course TEACHER_NOTEBOOK_DIR COURSE_DIR", file=sys.stderr)
        return 2
    for path in make_course(*argv):
        print(f"wrote {path}")
    print(f"Next, in {argv[1]}: nbgrader generate_assignment CHAPTER  (one per chapter, e.g. chain_rule)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The nbgrader course, round trip with the real nbgrader (pinned in requirements-test.txt).

`make nbgrader` writes the course (nnlib.nbgrader_course); here `nbgrader generate_assignment`
releases every chapter, and `nbgrader autograde` grades three submissions of each chapter with
coding exercises: the release as handed out, the teacher's solutions, and a submission with a
typical bug in every coding exercise (written from the release's stubs, as a student would).
The code tests must give 0, full marks and 0; the release must hold no solution text and the
same exercises, stubs and answer cells as the `make student` notebook.

All chapters are assignments of ONE course, released once per test process; each kind of
submission is graded in its own copy of it, one test per kind (every chapter is executed once per
test: a minute or two each), so pytest-xdist runs the three on whichever worker is free.
"""
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from nnlib.jupyter_markdown import glue_values, jupyterlab_edition, jupyterlab_markdown, read_book
from nnlib.nbgrader_course import EXTRA_CHECKS, course_notebook, graded_check, make_course
from nnlib.student import (ANSWER_PROMPT, ANSWER_STUB, BEGIN, CODE_STUB, END, chapter_cells, directive_body,
                           student_version)

nbgrader_api = pytest.importorskip("nbgrader.api", reason="nbgrader is pinned in requirements-test.txt")

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
GLUE_DIR = ROOT / "_build" / "jupyter_execute" / "book"  # the numbers of the book's last build
BIN = Path(sys.executable).parent  # nbgrader runs `alembic` from the same environment
CHAPTERS = sorted(p.stem for p in BOOK.glob("*.ipynb")
                  if any(c.role == "exercise" for c in chapter_cells(nbformat.read(p, as_version=4))))
CODE_CHAPTERS = [c for c in CHAPTERS if "BEGIN SOLUTION" in (BOOK / f"{c}.ipynb").read_text()]

# A typical mistake for every coding exercise, written where the stub was (one entry per
# solution region of the exercise's cell, in order).
BUGS = {
    "ex-code-sigmoid-prime": ["s = 1 / (1 + np.exp(-np.clip(z, -500, 500)))\n"
                              "return s * (1 - z)  # sigma(z) (1 - z) instead of sigma(z) (1 - sigma(z))"],
    "ex-surface-code-cost": ["a = 1 / (1 + np.exp(-np.clip(w * x + b, -500, 500)))\n"
                             "return float(np.sum((a - y) ** 2))  # the 1/m of the average is missing"],
    "ex-chain-code-one-neuron": ["a = 1 / (1 + np.exp(-(w * a_prev + b)))\n"
                                 "dC0_dz = a * (1 - a) * (a - y)  # the factor 2 is missing\n"
                                 "return a_prev * dC0_dz, dC0_dz, w * dC0_dz"],
    "ex-graphs-code-layer-backward": ["dz = da * cache.a * (1 - cache.a)\n"
                                      "dW = dz @ cache.a_prev.T\n"
                                      "db = dz.sum(axis=1, keepdims=True)\n"
                                      "da_prev = W @ dz  # the transpose is missing\n"
                                      "return da_prev, dW, db"],
    "ex-delta-code-back": ["s = 1 / (1 + np.exp(-z))\n"
                           "return (W_next @ delta_next) * s * (1 - s)  # the transpose is missing"],
    "ex-delta-code-backprop": ["a = net.forward_trace(X).a\n"
                               "L = net.n_layers\n"
                               "dW, db = {}, {}\n"
                               "delta = 2 * (a[L] - Y) * a[L] * (1 - a[L])  # the 1/m is missing\n"
                               "for l in range(L, 0, -1):\n"
                               "    dW[l] = delta @ a[l - 1].T\n"
                               "    db[l] = delta.sum(axis=1, keepdims=True)\n"
                               "    if l > 1:\n"
                               "        delta = (net.W[l].T @ delta) * a[l - 1] * (1 - a[l - 1])\n"
                               "return dW, db"],
    "ex-batch-code": ["L, m = len(W), X.shape[1]\n"
                      "A = {0: X}\n"
                      "for l in range(1, L + 1):\n"
                      "    A[l] = 1 / (1 + np.exp(-(W[l] @ A[l - 1] + b[l])))\n"
                      "delta = 2 * (A[L] - Y) * A[L] * (1 - A[L])\n"
                      "dW, db = {}, {}\n"
                      "for l in range(L, 0, -1):\n"
                      "    dW[l] = delta @ A[l - 1].T / m + lam / m * W[l]\n"
                      "    db[l] = delta.sum(axis=1, keepdims=True) / m + lam / m * b[l]  # biases regularised\n"
                      "    if l > 1:\n"
                      "        delta = (W[l].T @ delta) * A[l - 1] * (1 - A[l - 1])\n"
                      "return dW, db"],
    "ex-act-code-primes": ["return 1 - np.tanh(z)  # the square is missing",
                           "return np.where(np.asarray(z) > 0, 1.0, 0.0)  # the slope of ReLU, not leaky ReLU"],
    "ex-check-code-centred": ["g = np.zeros_like(p, dtype=float)\n"
                              "for i in np.ndindex(p.shape):\n"
                              "    saved = p[i]\n"
                              "    p[i] = saved + eps\n"
                              "    plus = f(p)\n"
                              "    p[i] = saved - eps\n"
                              "    minus = f(p)\n"
                              "    g[i] = (plus - minus) / (2 * eps)  # p[i] is never put back\n"
                              "return g"],
    "ex-gd-code-loop": ["theta = np.array(start, dtype=float)\n"
                        "points = [theta]\n"
                        "for _ in range(steps):\n"
                        "    theta -= lr * gradient(theta)  # in place: every entry of points is one array\n"
                        "    points.append(theta)\n"
                        "return np.array(points)"],
    "ex-sgd-minibatches": ["m = X.shape[1]\n"
                           "order_X, order_Y = rng.permutation(m), rng.permutation(m)  # Y shuffled apart from X\n"
                           "return [(X[:, order_X[k:k + batch_size]], Y[:, order_Y[k:k + batch_size]])\n"
                           "        for k in range(0, m, batch_size)]"],
    "ex-circles-accuracy": ["return float(np.mean((A > 0.5) == (Y > 0.5)))  # compares entries, not columns"],
    "ex-summary-numpy-loop": ["L, m = len(W), X.shape[1]\n"
                              "a = {0: X}\n"
                              "for l in range(1, L + 1):\n"
                              "    z = W[l] @ a[l - 1] + b[l]\n"
                              "    a[l] = 1 / (1 + np.exp(-z)) if l == L else np.tanh(z)\n"
                              "delta = a[L] - Y  # the 1/m of the average is missing\n"
                              "dW, db = {}, {}\n"
                              "for l in range(L, 0, -1):\n"
                              "    dW[l] = delta @ a[l - 1].T\n"
                              "    db[l] = delta.sum(axis=1, keepdims=True)\n"
                              "    if l > 1:\n"
                              "        delta = (W[l].T @ delta) * (1 - a[l - 1] ** 2)\n"
                              "return dW, db",
                              "L = len(W)\n"
                              "for X, Y in batches:\n"
                              "    dW, db = backprop_numpy(W, b, X, Y)\n"
                              "    W = {l: W[l] - lr * dW[l] for l in range(1, L + 1)}\n"
                              "    b = {l: b[l] - lr * db[l] for l in range(1, L + 1)}\n"
                              "return W, b"],
    "ex-digits-confusion": ["M = np.zeros((n_classes, n_classes), dtype=int)\n"
                            "M[labels, predicted] += 1  # counts a repeated pair once\n"
                            "return M"],
}


def nbgrader(course, *args):
    """Run an nbgrader command in the course directory; fail with its log if it fails."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}"
    return proc


def grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def solution_lines(teacher):
    """Every non-blank line of the teacher's solutions: code between the markers, and the text of
    the `{solution}` directives (lines long enough to be specific)."""
    lines = []
    for c in chapter_cells(teacher):
        if c.role == "solution-code":
            inside = False
            for line in c.cell.source.splitlines():
                if line.strip() in (BEGIN, END):
                    inside = line.strip() == BEGIN
                elif inside and line.strip():
                    lines.append(line.strip())
        elif c.role == "solution-text":
            lines += [line.strip() for line in directive_body(c.cell.source).splitlines() if len(line.strip()) > 25]
    return lines


def fill_stubs(source, regions):
    """Replace the stubs of a released solution cell, in order, by the given code regions."""
    stub = CODE_STUB.splitlines()
    lines, out, k = source.splitlines(), [], 0
    i = 0
    while i < len(lines):
        indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
        if [line.strip() for line in lines[i:i + len(stub)]] == stub:
            out += [indent + line for line in regions[k].splitlines()]
            k, i = k + 1, i + len(stub)
        else:
            out.append(lines[i])
            i += 1
    assert k == len(regions), f"{len(regions)} regions for {k} stubs"
    return "\n".join(out)


def submission(release, source, kind):
    """A student's notebook: the release as handed out, the teacher's solutions, or with BUGS."""
    nb = nbformat.from_dict(release)
    sources = {grade_id(c): c.source for c in source.cells if grade_id(c)}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution") or kind == "release":
            continue
        if kind == "solutions":  # the source cell without the markers (# in code, ### in markdown)
            cell.source = "\n".join(line for line in sources[meta["grade_id"]].splitlines()
                                    if line.strip().lstrip("#").strip() not in ("BEGIN SOLUTION", "END SOLUTION"))
        elif cell.cell_type == "code":
            cell.source = fill_stubs(cell.source, BUGS[meta["grade_id"]])
    return nb


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """A course made by `nnlib.nbgrader_course` with every chapter released by nbgrader."""
    course = tmp_path_factory.mktemp("course")
    # the chapters as they are now: the tests compare the release with these, not with book/
    # (which may change while nbgrader runs)
    teacher = course / "teacher"
    teacher.mkdir()
    for path in BOOK.glob("*.ipynb"):
        shutil.copy2(path, teacher / path.name)
    make_course(teacher, course, glue_dir=GLUE_DIR, toc=ROOT / "_toc.yml")
    nbgrader(course, "generate_assignment", "*", "--force")  # every assignment of the course
    return course


def read(path):
    return nbformat.read(path, as_version=4)


def test_every_chapter_with_exercises_is_an_assignment(released):
    assert len(CODE_CHAPTERS) >= 13, CODE_CHAPTERS
    assert sorted(p.name for p in (released / "source").iterdir()) == CHAPTERS
    assert sorted(p.name for p in (released / "release").iterdir()) == CHAPTERS
    assert (released / "nbgrader_config.py").read_text().count("code_stub") == 1


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_release_holds_no_solution(chapter, released):
    teacher = read(released / "teacher" / f"{chapter}.ipynb")
    path = released / "release" / chapter / f"{chapter}.ipynb"
    text = path.read_text() + "\n".join(c.source for c in read(path).cells)  # the file, and unescaped
    assert "SOLUTION" not in text and not re.search(r"\{solution", text)
    # the model answers are written as JupyterLab shows them, with the numbers of the book's last
    # build, as make_course does
    book = read_book(released / "teacher", ROOT / "_toc.yml")
    glue = glue_values(GLUE_DIR / f"{chapter}.glue.json")
    lines = solution_lines(teacher)
    assert lines
    # a written line with its numbers filled in, when it is still as specific as solution_lines
    # asks (a line that is only a glued number, "4.", could be anywhere)
    filled = {jupyterlab_markdown(line, chapter, book, glue) for line in lines}
    for line in set(lines) | {line for line in filled if len(line) > 25}:
        assert line not in text, f"solution line leaked into the release of {chapter}: {line!r}"
    # while the course's source holds them all: it is the teacher's answer key
    source = "\n".join(c.source for c in read(released / "source" / chapter / f"{chapter}.ipynb").cells)
    assert all(jupyterlab_markdown(line, chapter, book, glue) in source for line in lines)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_release_holds_the_student_notebook(chapter, released):
    """The same cells as `make student`: exercises, stubs and answer cells; the self-checks end in a score."""
    for_jupyterlab = jupyterlab_edition(released / "teacher", GLUE_DIR, ROOT / "_toc.yml")
    student = for_jupyterlab(student_version(read(released / "teacher" / f"{chapter}.ipynb")), chapter)
    release = read(released / "release" / chapter / f"{chapter}.ipynb")
    release_cells = list(release.cells)
    for cell in student.cells:
        assert release_cells, f"the release of {chapter} ends before the student notebook"
        got = release_cells.pop(0)
        meta = got.metadata.get("nbgrader", {})
        if meta.get("grade") and got.cell_type == "code" and got.source != graded_check(cell.source):
            # a self-check the chapter lacks, added after its checking cell (EXTRA_CHECKS)
            assert meta["grade_id"].removesuffix("-check") in EXTRA_CHECKS
            got = release_cells.pop(0)
            meta = got.metadata.get("nbgrader", {})
        assert got.cell_type == cell.cell_type
        if meta.get("grade") and got.cell_type == "code":
            assert got.source == graded_check(cell.source)
            assert meta["locked"] and meta["points"] > 0 and got.source.rstrip().splitlines()[-1].startswith("float(bool(")
        else:
            assert got.source == cell.source
    assert all(grade_id(c) and grade_id(c).removesuffix("-check") in EXTRA_CHECKS for c in release_cells)
    answers = [c for c in release.cells if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("solution")]
    assert all(c.source == f"{ANSWER_PROMPT}\n\n{ANSWER_STUB}" and c.metadata.nbgrader.grade for c in answers)
    questions = [c for c in release.cells if re.search(r"^\*\*Exercise \d+", c.source, re.MULTILINE)]
    assert questions and all(c.metadata.nbgrader.locked for c in questions)


def test_graded_check_ends_in_a_score():
    assert graded_check("from nnlib.checks import check_x\n\ncheck_x(f)") == (
        "from nnlib.checks import check_x\n\ncheck_result = check_x(f)\ndisplay(check_result)\n"
        "float(bool(check_result))  # this test's score in nbgrader: 1.0 if the check passed, else 0.0")
    assert graded_check("r = check_x(f)\nr").splitlines()[:2] == ["r = check_x(f)", "display(r)"]
    assert graded_check("print(check_x(f))") is None
    assert graded_check("x = 1\nx") is None


def test_a_coding_exercise_without_a_self_check_is_an_error():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("```{exercise} Code it\n:label: ex-new\n\nDo it.\n```"),
        nbformat.v4.new_code_cell("def f(x):\n    # BEGIN SOLUTION\n    return x\n    # END SOLUTION"),
        nbformat.v4.new_code_cell("print(f(1))"),
        nbformat.v4.new_markdown_cell("## Summary"),
    ]
    with pytest.raises(ValueError, match="ex-new"):
        course_notebook(nb)
    graded = course_notebook(nb, extra_checks={"ex-new": "check_f(f)"})
    assert [grade_id(c) for c in graded.cells] == ["ex-new-question", "ex-new", None, "ex-new-check", None]


def test_bugs_cover_every_coding_exercise():
    labels = {c.label for ch in CODE_CHAPTERS for c in chapter_cells(read(BOOK / f"{ch}.ipynb"))
              if c.role == "solution-code"}
    assert labels == set(BUGS)


# Each kind of submission: its score on the code tests, and what its feedback shows for each check.
AUTOGRADE = {"release": ("zero", "not implemented yet"), "solutions": ("full", "✓ passed"), "buggy": ("zero", "✗")}


@pytest.mark.heavy(2)
@pytest.mark.parametrize("kind", AUTOGRADE)
def test_autograde_gives_zero_full_zero(kind, released):
    """nbgrader autograde: the release as handed out 0, the teacher's solutions full marks, a typical bug 0.

    Each kind of submission is a student of its own copy of the released course, so the three
    gradings are separate tests that the suite's workers share."""
    want, verdict = AUTOGRADE[kind]
    start = time.perf_counter()
    course = released.parent / f"{released.name}-{kind}"
    shutil.copytree(released, course, ignore=shutil.ignore_patterns("teacher"))
    for chapter in CODE_CHAPTERS:
        release = read(course / "release" / chapter / f"{chapter}.ipynb")
        source = read(course / "source" / chapter / f"{chapter}.ipynb")
        target = course / "submitted" / kind / chapter / f"{chapter}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(submission(release, source, kind), target)
        (target.parent / "timestamp.txt").write_text("2025-01-01 12:00:00.000000 UTC")
    nbgrader(course, "autograde", "*", "--force")
    nbgrader(course, "generate_feedback", "*", "--force")
    elapsed = time.perf_counter() - start

    scores, problems = {}, []
    with nbgrader_api.Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="backprop") as gb:
        for chapter in CODE_CHAPTERS:
            nb = gb.find_submission_notebook(chapter, chapter, kind)
            tests = [g for g in nb.grades if g.cell_type == "code"]
            got, full = sum(g.score for g in tests), sum(g.max_score for g in tests)
            scores[chapter] = f"{got:g}/{full:g}"
            if not tests or got != (full if want == "full" else 0):
                problems.append(f"{chapter}: {got}/{full} on the code tests, expected {want}: "
                                + ", ".join(f"{g.name}={g.score}" for g in tests))
    table = "\n".join(f"{chapter:20s} {score}" for chapter, score in scores.items())
    print(f"\nnbgrader autograde of the {kind} submission, {len(CODE_CHAPTERS)} chapters in {elapsed:.0f} s:\n{table}")
    assert not problems, "\n".join(problems) + "\n" + table
    for chapter in CODE_CHAPTERS:  # the feedback a student gets shows the check's verdict
        assert verdict in (course / "feedback" / kind / chapter / f"{chapter}.html").read_text(), chapter

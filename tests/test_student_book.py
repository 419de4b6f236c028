"""The student edition (`make student-book`) and the class settings of _config.yml.

The student edition is a source tree with the student notebooks (nnlib.student_book), built
with Jupyter Book like the teacher book. Its HTML and page sources must hold no solution (no
solution box, no line of solution code, no sentence of a written solution) and its launch
buttons must open the student notebooks on the class's student branch. The HTML test builds
the edition when `_build/student-edition/_build/html` is missing (about as long as `make book`;
see tests/conftest.py).
"""
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

from nnlib.student import BEGIN, END, chapter_cells, directive_body, student_version
from nnlib.student_book import TEACHER_PAGES, class_settings, make_student_book, toc_files

ROOT = Path(__file__).resolve().parents[1]
EDITION = ROOT / "_build" / "student-edition"
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
CHAPTERS = [f for f in toc_files(TOC) if (ROOT / f).with_suffix(".ipynb").exists()]

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import class_settings as settings_ext  # noqa: E402


def words(text):
    """Text as one string of lowercase words, so sentences compare across markup."""
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def solution_code_lines(nb):
    lines = []
    for c in chapter_cells(nb):
        if c.role == "solution-code":
            inside = False
            for line in c.cell.source.splitlines():
                if line.strip() in (BEGIN, END):
                    inside = line.strip() == BEGIN
                elif inside and line.strip():
                    lines.append(line.strip())
    return lines


def code_part(line):
    """A line of code without its comment and surrounding blanks."""
    return re.sub(r"\s+#.*$", "", line).strip()


def shared_lines():
    """Lines a page may show without leaking a solution: those of the teacher notebooks outside
    their solutions (shown code, exercises) and of nnlib's source (chapters print some of it)."""
    lines = set()
    for path in (ROOT / "book").glob("*.ipynb"):
        for c in chapter_cells(nbformat.read(path, as_version=4)):
            if c.role in ("other", "exercise"):
                lines |= {code_part(line) for line in c.cell.source.splitlines()}
    for path in (ROOT / "nnlib").rglob("*.py"):
        lines |= {code_part(line) for line in path.read_text().splitlines()}
    return lines


def solution_sentences(nb, n_words=8):
    """Runs of at least n_words plain words from the written solutions (between maths, roles and code)."""
    runs = []
    for c in chapter_cells(nb):
        if c.role != "solution-text":
            continue
        for piece in re.split(r"\$\$.*?\$\$|\$[^$]*\$|\{[^}]*\}`[^`]*`|`[^`]*`", directive_body(c.cell.source), flags=re.S):
            run = words(piece)
            if len(run.split()) >= n_words:
                runs.append(run)
    return runs


def test_the_tree_is_the_student_repository(tmp_path):
    teacher_config = yaml.safe_load((ROOT / "_config.yml").read_text())
    out = make_student_book(ROOT, tmp_path / "edition")
    toc = yaml.safe_load((out / "_toc.yml").read_text())
    assert not set(toc_files(toc)) & TEACHER_PAGES
    assert set(toc_files(toc)) == set(toc_files(TOC)) - TEACHER_PAGES
    config = yaml.safe_load((out / "_config.yml").read_text())
    url, branch = class_settings(teacher_config)
    assert (config["repository"]["url"], config["repository"]["branch"]) == (url, branch)
    assert branch != teacher_config["repository"]["branch"]
    assert config["sphinx"] == teacher_config["sphinx"]
    assert config["launch_buttons"] == teacher_config["launch_buttons"]
    for chapter in CHAPTERS:
        teacher = nbformat.read((ROOT / chapter).with_suffix(".ipynb"), as_version=4)
        student = nbformat.read((out / chapter).with_suffix(".ipynb"), as_version=4)
        assert student.cells == student_version(teacher).cells
    text = "\n".join(p.read_text() for p in out.rglob("*") if p.is_file() and "nnlib" not in p.parts
                     and p.suffix in (".ipynb", ".md", ".yml", ".txt", ".py"))
    assert "BEGIN SOLUTION" not in text and "{solution" not in text
    assert {"requirements.txt", "pyproject.toml", "README.md", ".gitignore"} <= {p.name for p in out.iterdir()}
    assert (out / "nnlib" / "__init__.py").exists()
    ignored = (out / ".gitignore").read_text()
    assert "_build/" in ignored and "book/_ext/node_modules/" in ignored


def test_the_build_says_when_the_class_settings_are_placeholders(capsys):
    class App:
        class config:
            html_theme_options = {"repository_url": "https://github.com/nnbook/backprop-book",
                                  "repository_branch": "student",
                                  "launch_buttons": {"jupyterhub_url": "https://hub.example.org"}}
    settings_ext._report(App, None)
    out = capsys.readouterr().out
    assert "placeholders" in out and "launch_buttons.jupyterhub_url" in out and "'student'" in out
    App.config.html_theme_options = {"repository_url": "https://github.com/a-school/ml-class",
                                     "launch_buttons": {"jupyterhub_url": "https://hub.a-school.edu"}}
    settings_ext._report(App, None)
    assert capsys.readouterr().out == ""
    # this repository's own settings are the placeholders, and the guide tells a teacher where they are
    assert settings_ext.placeholders(CONFIG["repository"]["url"], CONFIG["launch_buttons"]["jupyterhub_url"])
    assert "class_settings" in CONFIG["sphinx"]["config"]["extensions"]


def test_nbgitpuller_is_pinned_and_installed():
    pins = dict(line.split("==") for line in (ROOT / "requirements.txt").read_text().splitlines()
                if "==" in line and not line.startswith("#"))
    assert importlib.metadata.version("nbgitpuller") == pins["nbgitpuller"]
    listed = subprocess.run([str(Path(sys.executable).parent / "jupyter"), "server", "extension", "list"],
                            capture_output=True, text=True)
    assert re.search(r"nbgitpuller\s.*enabled", listed.stdout + listed.stderr), listed.stdout + listed.stderr


@pytest.fixture(scope="module")
def student_html(student_edition):
    return student_edition / "_build" / "html"


def page_files(html):
    return [p for p in html.rglob("*") if p.is_file() and p.suffix in (".html", ".ipynb", ".txt", ".md", ".js")
            and "_vendor" not in p.parts and "_static" not in p.parts]


@pytest.mark.heavy(5)
@pytest.mark.xdist_group("student-edition")
def test_student_edition_has_no_solutions_and_opens_student_notebooks(student_html):
    pages = {p: p.read_text(errors="replace") for p in page_files(student_html)}
    soups = {p: BeautifulSoup(t, "html.parser") for p, t in pages.items() if p.suffix == ".html"}
    code_texts = {p: soups[p].get_text() if p in soups else t for p, t in pages.items()}
    texts = {p: words(t) for p, t in code_texts.items()}
    for page in TEACHER_PAGES:
        assert not (student_html / f"{page}.html").exists()
    url, branch = class_settings(CONFIG)
    org_repo = url.rstrip("/").split("github.com/")[-1]
    problems, shared, n_specific = [], shared_lines(), 0
    for chapter in CHAPTERS:
        page = student_html / f"{chapter}.html"
        assert page.exists(), f"{page} is missing"
        soup = soups[page]
        if soup.select('[class~="solution"]'):
            problems.append(f"{chapter}: a solution box")
        links = [a["href"] for a in soup.find_all("a", href=True)]
        binder = f"/v2/gh/{org_repo}/{branch}?urlpath=lab/tree/{chapter}.ipynb"
        if not any(binder in h for h in links):
            problems.append(f"{chapter}: no Binder link to {binder}")
        if not any("git-pull?" in h and f"branch={branch}" in h and f"/{chapter}.ipynb" in h for h in links):
            problems.append(f"{chapter}: no JupyterHub (nbgitpuller) link to {chapter}.ipynb on branch {branch}")
        teacher = nbformat.read((ROOT / chapter).with_suffix(".ipynb"), as_version=4)
        specific = [line for line in solution_code_lines(teacher) if code_part(line) not in shared]
        n_specific += len(specific)
        for line in specific:
            problems += [f"{p.relative_to(student_html)}: solution code {line!r}" for p, t in code_texts.items()
                         if line in t]
        for run in solution_sentences(teacher):
            problems += [f"{p.relative_to(student_html)}: solution text {run.strip()!r}" for p, t in texts.items()
                         if run in t]
        # the page's notebook download is the student notebook (run), cell for cell
        source = nbformat.read(student_html / "_sources" / f"{chapter}.ipynb", as_version=4)
        student = nbformat.read((EDITION / chapter).with_suffix(".ipynb"), as_version=4)
        assert [c.source for c in source.cells] == [c.source for c in student.cells], chapter
    assert not problems, "\n".join(problems[:40])
    assert n_specific >= 30  # the search had something to find
    # the launch buttons open what gets published: the student notebooks of the edition's tree
    assert all((EDITION / chapter).with_suffix(".ipynb").exists() for chapter in CHAPTERS)

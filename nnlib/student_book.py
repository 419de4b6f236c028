"""The student edition: a copy of the book's source with student notebooks (python -m nnlib.student_book ROOT OUT).

`make student-book` runs this, builds OUT with Jupyter Book like the teacher book, and then
rewrites OUT's notebooks, and the copies its web pages offer for download, for JupyterLab
(python -m nnlib.student_book --for-jupyterlab OUT): the web book is built from their MyST, while
a student who opens one from a launch button or a download reads its text as JupyterLab shows
it, with the numbers of that build (nnlib.jupyter_markdown). OUT is a
complete, small repository, the one to publish for the class (on `repository.student_branch` of
`repository.student_url`, or of `repository.url` when that is empty; see _config.yml):

    book/              the student notebooks (nnlib.student: no solutions, stubs, answer cells),
                       intro.md and the Sphinx extensions (book/_ext, without node_modules)
    nnlib/             the library, so that `pip install -r requirements.txt` works on Binder or a hub
    _config.yml        the teacher's, with the student repository and branch as `repository`
    _toc.yml           the teacher's without the pages for teachers
    requirements.txt, pyproject.toml, .gitignore, README.md

Its pages live at the same paths as the teacher book's (book/chain_rule.ipynb), so the launch
buttons of the student edition open the same chapter, as a student notebook, in the student
repository. Nothing of a solution is copied: the teacher notebooks are converted, never copied.
"""
import copy
import shutil
import sys
from pathlib import Path

import nbformat
import yaml

from .jupyter_markdown import jupyterlab_edition, toc_files
from .student import student_version

TEACHER_PAGES = {"book/teachers", "book/grading"}
COPIED = ["requirements.txt", "pyproject.toml", ".gitignore"]
README = """\
# {title}: student edition

The notebooks of the book, without the solutions: write your code where a cell says
`# your code here`, and your answers in the cells that say *Write your answer here*. The
self-check after each coding exercise tells you whether your function is right.

Open a chapter from the web book's launch button (the rocket icon), or install and start
Jupyter yourself (Python 3.10 or newer):

    python3 -m venv .venv
    .venv/bin/pip install -r requirements.txt
    .venv/bin/jupyter lab

This repository is generated from the teacher's copy of the book by `make student-book`;
changes made here are overwritten at the next update.
"""


def class_settings(config):
    """(repository url, branch) that the student edition's launch buttons open."""
    repo = config.get("repository", {})
    return (repo.get("student_url") or repo.get("url", "")), repo.get("student_branch") or "student"


def student_config(config):
    """The teacher's _config.yml as a dict, turned into the student edition's."""
    config = copy.deepcopy(config)
    url, branch = class_settings(config)
    config["title"] = f"{config.get('title', 'The book')} (student edition)"
    repo = config.setdefault("repository", {})
    repo.update(url=url, branch=branch)
    repo.pop("student_url", None)
    repo.pop("student_branch", None)
    return config


def student_toc(toc):
    """The teacher's _toc.yml without the pages for teachers (and without parts left empty)."""
    toc = copy.deepcopy(toc)
    parts = []
    for part in toc.get("parts", []):
        part["chapters"] = [c for c in part.get("chapters", []) if c.get("file") not in TEACHER_PAGES]
        if part["chapters"]:
            parts.append(part)
    toc["parts"] = parts
    return toc


def make_student_book(root, out):
    """Write the student edition's source tree into out (which must not exist); return out."""
    root, out = Path(root).resolve(), Path(out)
    if out.exists():
        raise FileExistsError(f"{out} exists: remove it first (make student-book does)")
    config = yaml.safe_load((root / "_config.yml").read_text())
    toc = student_toc(yaml.safe_load((root / "_toc.yml").read_text()))
    (out / "book").mkdir(parents=True)
    for name in toc_files(toc):
        src = root / name
        notebook = src.with_suffix(".ipynb")
        if notebook.exists():
            nb = student_version(nbformat.read(notebook, as_version=4))
            nbformat.write(nb, out / notebook.relative_to(root))
        else:
            page = src if src.suffix else src.with_suffix(".md")
            target = out / page.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(page, target)
    ext = root / "book" / "_ext"
    shutil.copytree(ext, out / "book" / "_ext", ignore=shutil.ignore_patterns("node_modules", "__pycache__"))
    if (ext / "node_modules").is_dir():  # the pinned MathJax etc. for the build; .gitignore keeps it out of git
        (out / "book" / "_ext" / "node_modules").symlink_to(ext / "node_modules", target_is_directory=True)
    shutil.copytree(root / "nnlib", out / "nnlib", ignore=shutil.ignore_patterns("__pycache__"))
    for name in COPIED:
        shutil.copy2(root / name, out / name)
    student = student_config(config)
    (out / "_config.yml").write_text(
        "# The student edition, generated by `make student-book` from the teacher's _config.yml.\n"
        + yaml.safe_dump(student, sort_keys=False, allow_unicode=True))
    (out / "_toc.yml").write_text(
        "# The student edition, generated by `make student-book` from the teacher's _toc.yml.\n"
        + yaml.safe_dump(toc, sort_keys=False, allow_unicode=True))
    (out / "README.md").write_text(README.format(title=config.get("title", "The book")))
    return out


def rewrite_for_jupyterlab(out):
    """After the build of the edition in out: rewrite the markdown of its notebooks and of their
    downloads (the web book's _sources) as JupyterLab shows it, with the numbers of that build;
    return the paths."""
    out = Path(out)
    glue_dir = out / "_build" / "jupyter_execute" / "book"
    if not glue_dir.is_dir():
        raise ValueError(f"{out} is not built ({glue_dir} is missing): build it with Jupyter Book first")
    # what the references point at, read from the executed notebooks: MyST, whatever was rewritten
    for_jupyterlab = jupyterlab_edition(glue_dir, glue_dir, out / "_toc.yml")
    downloads = out / "_build" / "html" / "_sources" / "book"
    paths = sorted((out / "book").glob("*.ipynb")) + sorted(downloads.glob("*.ipynb"))
    for path in paths:
        nbformat.write(for_jupyterlab(nbformat.read(path, as_version=4), path.stem), path)
    return paths


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) == 2 and argv[0] == "--for-jupyterlab":
        for path in rewrite_for_jupyterlab(argv[1]):
            print(f"rewrote {path} for JupyterLab")
        return 0
    if len(argv) != 2:
        print("usage: python -m nnlib.student_book BOOK_ROOT OUT_DIR\n"
              "       python -m nnlib.student_book --for-jupyterlab OUT_DIR   (after building OUT_DIR)",
              file=sys.stderr)
        return 2
    out = make_student_book(*argv)
    url, branch = class_settings(yaml.safe_load((Path(argv[0]) / "_config.yml").read_text()))
    print(f"wrote the student edition's source into {out}; its launch buttons open branch "
          f"'{branch}' of {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

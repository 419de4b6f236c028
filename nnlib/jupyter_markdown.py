"""The chapters' markdown as a student sees it in JupyterLab: MyST-only syntax made plain Markdown.

The chapters are written in MyST, Jupyter Book's Markdown. JupyterLab renders none of its roles
and directives: a student opening a chapter there would read {glue:text}`act_bend:.4f` where
the book prints a number. The notebooks a student opens (`make student`, the nbgrader course) get
their markdown rewritten here into what the web book shows, numbered as the web book numbers:

- {glue:text}`name:format` (or {glue}`name`) -> the value the chapter's last build glued,
  formatted (from <chapter>.glue.json, which the build writes into _build/jupyter_execute/book/);
- $$ ... $$ (label) -> $$ ... \\tag{N} $$, N the equation's number in the book;
- {eq}`label` -> (N), a link to the chapter's notebook when the equation is in another chapter;
- {doc}`chapter` or {doc}`text <chapter>` -> [the chapter's title, or text](chapter.ipynb);
- {ref}`label` -> "Exercise N (title)" for an exercise, the heading for a section;
- a ```{exercise} Title directive -> a bold "Exercise N (Title)" line, then its text;
- a ```{admonition} Title directive -> a block quote headed by the bold title;
- a target line (label)= -> removed.

Anything else of MyST's (another role or directive) is an error, so that a new construct in a
chapter gets a decision here instead of reaching students raw.
"""
import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

GLUE_ROLE = re.compile(r"\{glue(?::text|:)?\}`([^`:]+)(?::([^`]*))?`")
ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
LABELLED_EQUATION = re.compile(r"\$\$((?:(?!\$\$).)*?)\$\$[ \t]*\(([\w-]+)\)", re.DOTALL)  # no $$ inside
TARGET = re.compile(r"^\(([\w-]+)\)=[ \t]*$", re.MULTILINE)
FENCE = re.compile(r"^(`{3,}|:{3,})\{([\w-]+)\}[ \t]*(.*?)[ \t]*$")
OPTION = re.compile(r"^:([\w-]+):[ \t]*(.*)$")
HEADING = re.compile(r"^#+[ \t]+(.+?)[ \t]*$", re.MULTILINE)
EXPLICIT_TEXT = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.DOTALL)


def glue_values(path):
    """{name: value} from a <chapter>.glue.json that the book's build writes next to the executed
    notebook (_build/jupyter_execute/book/); {} when there is none."""
    path = Path(path)
    if not path.exists():
        return {}
    values = {}
    for name, output in json.loads(path.read_text()).items():
        text = output.get("data", {}).get("text/plain")
        if text is None:
            continue
        try:
            values[name] = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            values[name] = text.strip("'\"")
    return values


def fill_glue(text, values):
    """Replace each {glue:text}`name:format` role whose value is known by the formatted value."""
    def one(match):
        name, spec = match.group(1), match.group(2) or ""
        if name not in values:
            return match.group(0)
        try:
            return format(values[name], spec)
        except (TypeError, ValueError):
            return str(values[name])
    return GLUE_ROLE.sub(one, text)


@dataclass
class Book:
    """What the cross-references of the chapters point at, numbered as the web book numbers them
    (equations and exercises in one sequence each, through the chapters in _toc.yml order)."""

    titles: dict = field(default_factory=dict)      # chapter -> its title (first heading)
    equations: dict = field(default_factory=dict)   # label -> (chapter, number)
    exercises: dict = field(default_factory=dict)   # label -> (chapter, number, title)
    sections: dict = field(default_factory=dict)    # label -> (chapter, heading)


def toc_files(toc):
    """Every file named in a _toc.yml (a dict; root first), in the book's order."""
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    return files


def read_book(book_dir, toc):
    """The Book of the teacher notebooks in book_dir, in the order of the _toc.yml at toc (its
    pages that are not notebooks hold no equation or exercise, and students open only notebooks)."""
    book_dir, book = Path(book_dir), Book()
    for name in toc_files(yaml.safe_load(Path(toc).read_text())):
        path = book_dir / f"{Path(name).name}.ipynb"
        if not path.exists():
            continue
        chapter = path.stem
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "markdown":
                continue
            source = cell.source
            heading = HEADING.search(source)
            if heading and chapter not in book.titles:
                book.titles[chapter] = heading.group(1)
            for match in LABELLED_EQUATION.finditer(source):
                book.equations[match.group(2)] = (chapter, len(book.equations) + 1)
            lines = source.splitlines()
            for i, line in enumerate(lines):
                opening = FENCE.match(line)
                if opening and opening.group(2) == "exercise":
                    label = _options(lines[i + 1:]).get("label")
                    book.exercises[label] = (chapter, len(book.exercises) + 1, opening.group(3))
            for target in TARGET.finditer(source):
                after = HEADING.search(source, target.end())
                book.sections[target.group(1)] = (chapter, after.group(1) if after else chapter)
    return book


def _options(lines):
    """The `:name: value` options at the start of a directive's lines."""
    options = {}
    for line in lines:
        option = OPTION.match(line)
        if not option:
            break
        options[option.group(1)] = option.group(2)
    return options


def _link(text, chapter, here):
    return text if chapter == here else f"[{text}]({chapter}.ipynb)"


def _role(name, content, chapter, book, glue):
    """What one role shows in JupyterLab."""
    explicit = EXPLICIT_TEXT.match(content)
    text, target = (explicit.group(1), explicit.group(2)) if explicit else (None, content)
    if name in ("glue", "glue:", "glue:text"):
        if content.partition(":")[0] not in glue:
            raise ValueError(f"{chapter}: {{glue:text}}`{content}` has no value in the chapter's last build: "
                             f"build the book first (make book)")
        return fill_glue(f"{{glue:text}}`{content}`", glue)
    if name == "eq":
        if target not in book.equations:
            raise ValueError(f"{chapter}: {{eq}}`{content}` names no labelled equation of the book")
        where, number = book.equations[target]
        return _link(text or f"({number})", where, chapter)
    if name == "doc":
        where = Path(target).name
        if where not in book.titles:
            raise ValueError(f"{chapter}: {{doc}}`{content}` names no chapter of the book")
        return _link(text or book.titles[where], where, chapter)
    if name == "ref":
        if target in book.exercises:
            where, number, title = book.exercises[target]
            shown = f"Exercise {number} ({title})" if title else f"Exercise {number}"
        elif target in book.sections:
            where, shown = book.sections[target]
        else:
            raise ValueError(f"{chapter}: {{ref}}`{content}` names no exercise or section of the book")
        return _link(text or shown, where, chapter)
    raise ValueError(f"{chapter}: the MyST role {{{name}}} has no JupyterLab form (see nnlib/jupyter_markdown.py)")


def _directive(name, argument, options, body, chapter, book):
    """What one directive shows in JupyterLab (body already rewritten)."""
    if name == "exercise":
        _, number, title = book.exercises[options["label"]]
        head = f"**Exercise {number} ({title})**" if title else f"**Exercise {number}**"
        return f"{head}\n\n{body}"
    if name == "admonition":
        quoted = "\n".join(f"> {line}".rstrip() for line in f"**{argument}**\n\n{body}".splitlines())
        return quoted
    raise ValueError(f"{chapter}: the MyST directive {{{name}}} has no JupyterLab form (see nnlib/jupyter_markdown.py)")


def _blocks(lines, chapter, book):
    """Rewrite the directives of a list of lines (recursively, for nested ones)."""
    out, i = [], 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            out.append(lines[i])
            i += 1
            continue
        fence, name, argument = opening.groups()
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == fence), None)
        if end is None:
            raise ValueError(f"{chapter}: the directive {{{name}}} opened by {fence!r} is never closed")
        options = _options(lines[i + 1:end])
        inner = lines[i + 1 + len(options):end]
        body = "\n".join(_blocks(inner, chapter, book)).strip()
        out += _directive(name, argument, options, body, chapter, book).splitlines()
        i = end + 1
    return out


def jupyterlab_markdown(source, chapter, book, glue):
    """A markdown cell's source with its MyST-only syntax rewritten (see the module's docstring).

    chapter: the notebook's name (its stem); book: read_book's Book; glue: the chapter's glued
    values ({name: value}, from glue_values)."""
    def equation(match):
        if match.group(2) not in book.equations:
            raise ValueError(f"{chapter}: the equation label ({match.group(2)}) is not in the book's index")
        _, number = book.equations[match.group(2)]
        return f"$${match.group(1).rstrip()} \\tag{{{number}}}\n$$"
    text = LABELLED_EQUATION.sub(equation, source)
    text = TARGET.sub("", text)
    text = "\n".join(_blocks(text.splitlines(), chapter, book))
    text = ROLE.sub(lambda m: _role(m.group(1), m.group(2), chapter, book, glue), text)
    return text.strip("\n")


def myst_left(source):
    """The MyST-only constructs still in a markdown source (JupyterLab would show them raw)."""
    found = [m.group(0) for m in ROLE.finditer(source)]
    found += [line for line in source.splitlines() if FENCE.match(line)]
    found += [m.group(0) for m in TARGET.finditer(source)]
    found += [m.group(0)[-40:] for m in LABELLED_EQUATION.finditer(source)]
    return found


def for_jupyterlab(nb, chapter, book, glue):
    """A copy of a notebook whose markdown cells JupyterLab shows as the web book does."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = jupyterlab_markdown(cell.source, chapter, book, glue)
    return nb


def jupyterlab_edition(src, glue_dir=None, toc=None):
    """A function (nb, chapter) -> nb that rewrites a notebook's markdown with for_jupyterlab, its
    references resolved in the book's notebooks (in MyST) in the folder src. toc: the book's
    _toc.yml (by default next to src's folder);
    glue_dir: where the book's last build left <chapter>.glue.json (by default
    _build/jupyter_execute/<src> next to src's folder)."""
    src = Path(src).resolve()
    toc = Path(toc) if toc else src.parent / "_toc.yml"
    if not toc.exists():
        raise ValueError(f"no table of contents at {toc}: pass the book's _toc.yml")
    glue_dir = Path(glue_dir) if glue_dir else src.parent / "_build" / "jupyter_execute" / src.name
    book = read_book(src, toc)
    return lambda nb, chapter: for_jupyterlab(nb, chapter, book, glue_values(glue_dir / f"{chapter}.glue.json"))

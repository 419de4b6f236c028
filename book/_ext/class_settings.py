"""Says, at the end of every build, whether the class settings of _config.yml are still placeholders.

The settings a teacher edits (the teacher's guide, page "Grading and the class's hub") are all in
_config.yml: `repository.url` and `repository.branch` (what the launch buttons open), and
`launch_buttons.jupyterhub_url` (the class's JupyterHub); `make student-book` also reads
`repository.student_url` and `repository.student_branch`. With the placeholders, the buttons
open a repository and a hub that are not the class's.

This is a plain printed message, not a Sphinx warning: the book builds with -W, and a book built
with the placeholders (this repository's own, or a teacher's first try) is still a good book.
"""
from sphinx.application import Sphinx

PLACEHOLDER_REPOSITORIES = ("github.com/nnbook/backprop-book",)
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net")


def placeholders(repository_url, jupyterhub_url):
    """[(setting, value)] for every class setting that is still a placeholder."""
    found = []
    if not repository_url or any(p in repository_url for p in PLACEHOLDER_REPOSITORIES):
        found.append(("repository.url", repository_url or "(not set)"))
    if jupyterhub_url and any(h in jupyterhub_url for h in PLACEHOLDER_HOSTS):
        found.append(("launch_buttons.jupyterhub_url", jupyterhub_url))
    return found


def message(found, branch):
    """The text printed after a build with placeholder settings."""
    rule = "=" * 78
    lines = [rule, "NOTE: the class settings in _config.yml are placeholders:"]
    lines += [f"    {setting:30s} {value}" for setting, value in found]
    lines += [
        f"The launch buttons of this build open branch '{branch}' of that repository on that hub,",
        "which is not your class's. For a class, set them to your repository and JupyterHub",
        "(see 'Set up your class' in the teacher's guide, book/grading.md), then rebuild.",
        rule,
    ]
    return "\n".join(lines)


def _report(app: Sphinx, exception) -> None:
    if exception is not None:
        return
    options = app.config.html_theme_options or {}
    found = placeholders(options.get("repository_url", ""),
                         (options.get("launch_buttons") or {}).get("jupyterhub_url", ""))
    if found:
        print("\n" + message(found, options.get("repository_branch", "main")), flush=True)


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", _report)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

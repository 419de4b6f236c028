# The two commands a person needs:
#   make book   build the HTML book into _build/html
#   make test   build the book from scratch and run every test (unit, notebooks, real browser)
# Everything is installed by these targets (a venv in .venv, the pinned Python packages, the
# pinned npm packages in book/_ext/node_modules, Debian's chromium for the browser tests), so
# they work on a fresh machine. Stamp files make re-runs skip what is already installed.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXT := book/_ext
HTML := _build/html
# -W: any Sphinx warning fails the build; -n: nitpicky (broken references are warnings);
# --keep-going: report every warning, not only the first; --all: rebuild every page, so every
# notebook is executed again against the current nnlib.
JB_FLAGS := --all -W -n --keep-going
PORT ?= 8000
# pytest-xdist workers for `make test`: one per core of this 2-core machine.
TEST_WORKERS ?= 2

# apt-get needs root; use sudo when not root and sudo exists.
SUDO := $(shell if [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then echo sudo; fi)
APT_GET := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get

REQ_STAMP := $(VENV)/.requirements.stamp
TEST_STAMP := $(VENV)/.requirements-test.stamp
NPM_STAMP := $(EXT)/node_modules/.npm-ci.stamp

.PHONY: help book build-book test student student-book nbgrader chromium npm serve clean distclean

help:
	@echo "make book       build the book (HTML in $(HTML))"
	@echo "make test       clean build of the book + all tests (unit, notebooks, browser)"
	@echo "make student    student notebooks (solutions removed) into student/"
	@echo "make student-book  the student edition (no solutions) into $(STUDENT_BOOK)/, HTML in $(STUDENT_BOOK)/_build/html"
	@echo "make nbgrader   an nbgrader course from the chapters into $(COURSE)/ (COURSE=dir to choose)"
	@echo "make serve      serve $(HTML) on http://127.0.0.1:$(PORT)/"
	@echo "make clean      remove the build ($(dir $(HTML)))"
	@echo "make distclean  also remove $(VENV) and $(EXT)/node_modules"

# --- installs ------------------------------------------------------------------------------

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(REQ_STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -r requirements.txt
	touch $@

$(TEST_STAMP): requirements-test.txt $(REQ_STAMP)
	$(BIN)/python -m pip install --disable-pip-version-check -r requirements-test.txt
	touch $@

# MathJax, require.js and the Jupyter widget manager, pinned by package-lock.json. No install
# scripts are needed (we only copy their files into the built site).
$(NPM_STAMP): $(EXT)/package.json $(EXT)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm not found: installing Debian's nodejs and npm"; \
		$(APT_GET) update && $(APT_GET) install -y nodejs npm; }
	cd $(EXT) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

npm: $(NPM_STAMP)

# Debian's chromium for the browser tests (Playwright drives it; no browser download).
chromium:
	@if [ -x /usr/bin/chromium ]; then \
		echo "chromium: $$(/usr/bin/chromium --version 2>/dev/null || echo present)"; \
	else \
		echo "Installing Debian's chromium"; \
		$(APT_GET) update && $(APT_GET) install -y chromium; \
	fi

# --- the book ------------------------------------------------------------------------------

build-book:
	$(BIN)/jupyter-book build . $(JB_FLAGS)

book: $(REQ_STAMP) $(NPM_STAMP)
	@$(MAKE) --no-print-directory build-book
	@echo
	@echo "The book is in $(HTML)/ (start page: $(HTML)/index.html)."
	@echo "To read it, serve it locally and open http://127.0.0.1:$(PORT)/ :"
	@echo "    python3 -m http.server -d $(HTML) --bind 127.0.0.1 $(PORT)     (or: make serve)"

# Student notebooks: the chapters with solutions replaced by stubs (see nnlib/student.py), their
# text as JupyterLab shows it with the numbers of the book's last build (built here if missing).
student: $(REQ_STAMP) $(NPM_STAMP)
	@test -d _build/jupyter_execute/book || $(MAKE) --no-print-directory build-book
	rm -rf student
	$(BIN)/python -m nnlib.student book student

# The student edition: a source tree with the student notebooks (the repository to publish for
# the class, see nnlib/student_book.py), built like the book. Its launch buttons open the
# student notebooks on repository.student_branch (_config.yml).
STUDENT_BOOK := _build/student-edition
student-book: $(REQ_STAMP) $(NPM_STAMP)
	rm -rf $(STUDENT_BOOK)
	$(BIN)/python -m nnlib.student_book . $(STUDENT_BOOK)
	$(BIN)/jupyter-book build $(STUDENT_BOOK) $(JB_FLAGS)
	$(BIN)/python -m nnlib.student_book --for-jupyterlab $(STUDENT_BOOK)
	@echo
	@echo "The student edition's HTML is in $(STUDENT_BOOK)/_build/html/; publish it like the book."
	@echo "Its launch buttons open the notebooks of $(STUDENT_BOOK)/ (without _build/): push them to"
	@echo "the branch repository.student_branch of your class repository (see the teacher's guide)."

# An nbgrader course made from the chapters (see nnlib/nbgrader_course.py): source/<chapter>/
# and nbgrader_config.py (kept if it exists). On a hub, point COURSE at your course directory.
COURSE ?= _build/nbgrader-course
nbgrader: $(REQ_STAMP) $(NPM_STAMP)
	@test -d _build/jupyter_execute/book || $(MAKE) --no-print-directory build-book
	$(BIN)/python -m nnlib.nbgrader_course book $(COURSE)

serve:
	@test -f $(HTML)/index.html || { echo "No book in $(HTML): run 'make book' first"; exit 1; }
	$(PYTHON) -m http.server -d $(HTML) --bind 127.0.0.1 $(PORT)

# --- tests ---------------------------------------------------------------------------------

# The book and the student edition build side by side: a build mostly waits for one notebook at
# a time, so the two share the cores (about the time of the book's build alone).
test: $(TEST_STAMP) $(NPM_STAMP) chromium
	rm -rf _build
	@$(MAKE) --no-print-directory -j2 --output-sync=target build-book student-book
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup tests

clean:
	rm -rf _build

distclean: clean
	rm -rf student $(VENV) $(EXT)/node_modules

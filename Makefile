# The two entry points of a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared

.PHONY: demo test lint schemas clean system-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# setup.py builds the compiled modules: a change to it or to their C sources reinstalls.
NATIVE := setup.py $(wildcard streams/analysis/*.c)

$(VENV)/.stamp-install: $(BIN)/python pyproject.toml $(NATIVE)
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.stamp-dev: $(BIN)/python pyproject.toml $(NATIVE)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.stamp-install

demo: $(VENV)/.stamp-install
	$(BIN)/fazhi demo --shared $(SHARED)

test: $(VENV)/.stamp-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(VENV)/.stamp-dev
	$(BIN)/ruff check .

schemas: $(VENV)/.stamp-install
	$(BIN)/fazhi schemas export

# Debian packages some features and their tests use: headless Chromium and its driver (the web
# view's browser tests), antiword and catdoc (text of .doc/.wps attachments), gcc (the compiled tree
# walk of the analysis, built by the install). Needs root or sudo.
SYSTEM_PACKAGES := chromium chromium-driver antiword catdoc gcc
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

clean:
	rm -rf $(VENV) fazhi-data

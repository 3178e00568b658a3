# The front door: `make serve` and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The build uses Python 3.13, the version of Pyodide 0.29's interpreter (pyodide py-compile needs the match).
PYTHON_BUILD ?= $(shell PYENV_VERSION=3.13.0 pyenv which python3.13 2>/dev/null || command -v python3.13)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: help setup site serve test bench clean browser repro

help:
	@echo "make serve   set up, build the site and serve it at http://127.0.0.1:$(PORT)"
	@echo "make site    set up and build the static site into site/"
	@echo "make test    set up and run every test (engine, site, browser)"
	@echo "make bench   print the engine, calculator-page, batch-page, stall and Lighthouse benchmarks"
	@echo "make repro   build HEAD twice from clean clones and check the two site/ trees are byte-identical"

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON_BUILD)" || { echo "需要 Python 3.13（pyenv 3.13.0 或 python3.13）"; exit 1; }
	$(PYTHON_BUILD) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# After `browser` (order only): vnu-jar's install script, where npm runs it, then finds Debian's Java
# instead of downloading one.
node_modules/.installed: package.json package-lock.json | browser
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium and CJK fonts for the browser tests (Playwright cannot download a browser here),
# poppler-utils (pdftoppm) to look at the printed report (build_tools/decision_shots.py), and nginx
# with its brotli_static module, the real host tests/test_site_nginx.py serves the site from, and a
# Java runtime for the Nu HTML Checker (npm's vnu-jar, tests/test_site_html.py).
APT_PACKAGES := chromium fonts-noto-cjk poppler-utils nginx libnginx-mod-http-brotli-static default-jre-headless
browser:
	@if ! command -v chromium >/dev/null || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null \
	    || ! test -x /usr/sbin/nginx || ! dpkg -s libnginx-mod-http-brotli-static >/dev/null 2>&1 || ! command -v java >/dev/null; then \
	  echo "installing $(APT_PACKAGES)"; \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	  $(if $(filter 0,$(shell id -u)),,sudo) service nginx stop >/dev/null 2>&1 || true; \
	fi

setup: $(VENV)/.installed node_modules/.installed browser

site: setup
	$(PY) -m mkdocs build --strict --site-dir site

serve: site
	$(PY) -m build_tools.static_server --dir site --port $(PORT)

test: setup
	$(PY) -m pytest

# Two clean clones of HEAD, built with different hash seeds, must give byte-identical site/ trees.
repro: setup
	$(PY) -m build_tools.reproducible

bench: site
	$(PY) bench/engine_bench.py
	$(PY) bench/page_bench.py
	$(PY) bench/batch_bench.py
	$(PY) bench/stall_bench.py
	$(PY) bench/lighthouse_bench.py

clean:
	rm -rf site build dist *.egg-info

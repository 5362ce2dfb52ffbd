# Digital Economy Workbench — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV    ?= .venv
PY      := $(VENV)/bin/python
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
KERNEL  := analytics
PYTEST_ARGS ?=

.PHONY: help conda-post setup store reports gallery test test-slow test-all test-fast test-min docs lint typecheck lab bench browser clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@# the distribution was called `analytics` before (a name PyPI gives to another library)
	-$(PY) -m pip uninstall --quiet --yes analytics 2>/dev/null
	$(PY) -m pip install --quiet -e '.[dev]'
	@# rfc3987-syntax costs 2.5 s at every import of jsonschema (see README, "Start-up time")
	-$(PY) -m pip uninstall --quiet --yes rfc3987-syntax
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (analytics)" >/dev/null
	@touch $(STAMP)

conda-post: ## after `conda env create -f environment.yml`, in the activated env: kernel, no rfc3987-syntax
	-python -m pip uninstall --quiet --yes rfc3987-syntax
	python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (analytics)" >/dev/null

setup: $(STAMP) ## create .venv, install the package with its dev tools, register the `analytics` kernel

store: setup ## build the indicator store (data/processed) from data/raw and data/reference
	$(BIN)/analytics data build

SCORECARDS := --region 全国 --region 北京 --region 上海 --region 重庆
reports: store ## build the store, run the default report batch and the peers' plan scorecards, publish reports/index.html
	$(BIN)/analytics report batch --default
	$(BIN)/analytics report batch --report plan $(SCORECARDS) --period latest --lang zh --lang en
	@echo "Reports: file://$(CURDIR)/reports/index.html"

gallery: store ## every chart of every report (Tianjin, Guangdong, Tibet; zh + en) on one page
	$(PY) -m analytics.reports.gallery

browser: ## install Debian's chromium and CJK fonts for the browser tests (root, apt) when missing
	@bash .ci/install-browser

test: setup browser ## the suite but the tests marked slow: unit, doctests, notebooks, nbval, browser (< 10 min)
	$(BIN)/analytics data build --quiet
	$(BIN)/pytest -n 2 -m "not slow" $(PYTEST_ARGS)

test-slow: setup browser ## the tests marked slow (kill and stop faults, Lab, docs, Dask, big batches)
	$(BIN)/analytics data build --quiet
	$(BIN)/pytest -n 2 -m slow $(PYTEST_ARGS)

test-all: test test-slow ## the whole test suite (what CI runs, with lint, test-min and docs)

test-fast: setup ## the suite without slow, notebook and browser tests
	$(BIN)/pytest -n 2 -m "not slow and not notebook and not browser" $(PYTEST_ARGS)

MIN_VENV ?= .venv-min
MIN_OUT  := $(MIN_VENV)/out
test-min: ## the fast suite and one report with every direct dependency at its lower bound (uv)
	@test -x $(MIN_VENV)/bin/python || python3 -m venv $(MIN_VENV)
	$(MIN_VENV)/bin/python -m pip install --quiet uv
	@# --resolution lowest-direct: each dependency pyproject.toml names at its floor, the rest as usual
	$(MIN_VENV)/bin/uv pip install --quiet --python $(MIN_VENV)/bin/python \
		--resolution lowest-direct -e '.[test,dask]'
	-$(MIN_VENV)/bin/uv pip uninstall --quiet --python $(MIN_VENV)/bin/python rfc3987-syntax
	$(MIN_VENV)/bin/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (analytics, floors)" >/dev/null
	$(MIN_VENV)/bin/python -m pip list --format=freeze > $(MIN_VENV)/versions.txt
	$(MIN_VENV)/bin/analytics data build --quiet
	$(MIN_VENV)/bin/pytest -n 2 -p no:cacheprovider -m "not slow and not notebook and not browser" $(PYTEST_ARGS)
	@# one report on the default engine (in-process), published under $(MIN_OUT)
	$(MIN_VENV)/bin/analytics report run fiveg --region 天津 --lang en --out $(MIN_OUT)

docs: store ## the documentation site in site/, offline, warnings as errors (runs the explore notebooks)
	@# charts also as SVG in the notebooks' outputs: the pages are made by nbconvert, which draws no Vega
	ANALYTICS_STATIC_CHARTS=1 NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

lint: setup ## ruff and mypy
	$(BIN)/ruff check analytics tests benchmarks
	$(BIN)/ruff format --check analytics tests benchmarks
	$(BIN)/mypy

LAB_ARGS ?=
lab: setup ## JupyterLab with the `analytics` kernel (as root too); extra options: make lab LAB_ARGS="--port=8899"
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

bench: store ## run every benchmark in benchmarks/ and print the ratios
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean: ## remove built data and generated reports (keeps .venv)
	rm -rf data/processed reports/out reports/index.html reports/runs.sqlite* reports/.locks

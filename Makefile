# Quick start: `make demo` and `make test`. Both create .venv and install what they need.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
DEMO_OUT ?= out/demo

.PHONY: demo test test-quick test-quality lint bench clean venv chromium java

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip setuptools wheel

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[web]'
	touch $@

$(DEVSTAMP): $(STAMP)
	$(BIN)/pip install -q -e '.[dev,eval,spark]'
	touch $@

# The Spark parity tests need Java: install Debian's headless JRE quietly when it is missing (they skip,
# saying why, only when it still cannot be found).
java:
	@command -v java >/dev/null 2>&1 || { (apt-get update -qq && apt-get install -y -qq default-jre-headless) >/dev/null 2>&1 \
		|| echo "warning: could not install default-jre-headless; the Spark parity tests will be skipped"; }

venv: $(STAMP)

demo: $(STAMP)
	rm -f $(DEMO_OUT)/storyline.db
	$(BIN)/storyline run examples/corpus --db $(DEMO_OUT)/storyline.db --out $(DEMO_OUT)
	@echo "Report: $(DEMO_OUT)/index.html and $(DEMO_OUT)/report.json"
	@echo "Serve it: $(BIN)/storyline serve --db $(DEMO_OUT)/storyline.db   (then open http://127.0.0.1:8750/)"

# Every test: the fast ones and the quality gates over ../shared datasets (pinned floors).
test: $(DEVSTAMP) chromium java
	$(BIN)/python -m pytest -n 2 tests

# The same suite without the quality gates (a quick loop while editing), and the gates alone.
test-quick: $(DEVSTAMP)
	$(BIN)/python -m pytest -n 2 -m "not slow" tests

test-quality: $(DEVSTAMP)
	$(BIN)/python -m pytest -n 2 -m slow tests

# The report's browser test needs Debian's chromium (Playwright's own browser download is blocked here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1 \
		|| echo "warning: could not install chromium; the browser test will be skipped"; }

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests benchmarks

# Quick versions of every benchmark (under 10 minutes on 2 shared cores); they print and leave RESULTS.md
# alone. Each measures storyline and its reference in the same run and prints CPU s, peak RSS and the load.
# The full runs (which update RESULTS.md) are the commands in RESULTS.md beside each table.
BENCH_PY := PYTHONPATH=src nice $(BIN)/python
BENCH_BASE ?= 7a43823
bench: $(DEVSTAMP)
	$(BENCH_PY) benchmarks/dedup.py --quick --no-write
	$(BENCH_PY) benchmarks/ingest.py --limit 400 --runs 3 --no-write
	$(BENCH_PY) benchmarks/analysis.py --runs 3 --baseline $(BENCH_BASE) --no-write
	$(BENCH_PY) benchmarks/align.py --articles 100 --no-write
	$(BENCH_PY) benchmarks/run.py --parts throughput --sizes 300 --runs 1 --baseline $(BENCH_BASE)
	$(BENCH_PY) benchmarks/stories.py --quick
	@if [ -f benchmarks/spark.py ]; then $(BENCH_PY) benchmarks/spark.py --quick; \
		else echo "TODO: benchmarks/spark.py --quick (Spark engineer)"; fi

clean:
	rm -rf $(VENV) out build *.egg-info src/*.egg-info

# Sitrep's one task runner; CI runs `make test` (see .ci/run).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= sitrep.db
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: setup run test lint bench browser-deps clean

setup: $(STAMP) node_modules/.installed

$(STAMP): pyproject.toml requirements-data.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet --no-deps -r requirements-data.txt
	touch $(STAMP)

# Browser assets (Leaflet, country shapes) from the npm registry, pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

run: setup
	$(BIN)/sitrep ingest examples/reports --db $(DB) --quiet; test $$? -le 1
	$(BIN)/sitrep serve --db $(DB) --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "warning: could not install chromium; browser tests will be skipped"; }

test: setup browser-deps
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check src tests

bench: setup
	$(BIN)/sitrep bench all

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache $(DB) $(DB)-wal $(DB)-shm

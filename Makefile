# The two commands of the README: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: run test test-fast typecheck install lint security check bench load clean-var

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)
	./scripts/install-system-deps

## make run: the portal with demo data on http://127.0.0.1:8000 (Ctrl-C stops everything)
run: install
	$(PY) -m scripts.run

## make test: the whole suite (DATABASE_URL / REDIS_URL if set, else embedded servers)
test: install
	./scripts/install-system-deps --with-tests
	$(PY) -m scripts.services exec -- $(PY) -m pytest $(PYTEST_ARGS)

## make test-fast: the inner loop: the suite without browser, worker and demo-book tests
## (1,830 of 1,856 tests, 1,422 s on 2026-12-02; README and docs/architecture.md "The suite's time")
test-fast: install
	$(PY) -m scripts.services exec -- $(PY) -m pytest -m "not browser and not worker and not demo_book" $(PYTEST_ARGS)

## make load: locust (50 users, 3 min) against gunicorn with production settings over HTTPS on
## 127.0.0.1; exits non-zero when p95 > 300 ms or a request fails. LOAD_TIME=1m etc.: docs/load-test.md
load: install
	$(PY) -m pip install --quiet -e ".[load]"
	$(PY) -m scripts.services exec -- $(PY) -m scripts.load.run

## make lint: ruff, the format, and the layering contract (pyproject.toml [tool.importlinter])
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

## make security: bandit (pinned) over the portal's code; ignores explained in docs/security.md
security: install
	$(VENV)/bin/bandit -q -c pyproject.toml -r accounts branches common config demo guarantees jobs ledger programs reports scripts

check: install
	$(PY) -m scripts.services exec -- $(PY) manage.py check
	$(PY) -m scripts.services exec -- $(PY) manage.py makemigrations --check --dry-run

## make bench: side-by-side benchmarks, one table (docs/performance.md); exit 1 on a missed
## target. BENCH_ARGS="--scale national" etc.; BENCH_DATABASE_URL picks the book database.
bench: install
	./scripts/install-system-deps
	$(PY) -m scripts.services exec -- $(PY) -m benchmarks $(BENCH_ARGS)

clean-var:
	rm -rf var/

## make typecheck: mypy with django-stubs over every services.py and selectors.py
## (pyproject [tool.mypy]; run by .ci/run: zero findings; docs/architecture.md "Type checking")
typecheck: install
	$(VENV)/bin/mypy $$(git ls-files '*services.py' '*selectors.py' | grep -v '^tests/')

# Two commands do everything on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
DESK := $(VENV)/bin/desk

.PHONY: install run test test-sqlite test-postgres

$(VENV)/.installed: pyproject.toml package.json
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	npm install --no-audit --no-fund --silent
	$(PY) -m desk.vendor
	touch $@

install: $(VENV)/.installed

run: install
	$(DESK) init-db
	$(DESK) seed-demo
	$(DESK) run

test: install test-sqlite test-postgres

test-sqlite:
	$(PY) -m pytest -q -p no:cacheprovider

test-postgres:
	TEST_DATABASE=postgresql $(PY) -m pytest -q -p no:cacheprovider

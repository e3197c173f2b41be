# Two commands for a new user: `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2
# The browser tests drive this chromium (tests/browser/conftest.py reads the same variable).
export CHROMIUM ?= /usr/bin/chromium

# A Python 3.12+ that runs: PYTHON= first, then the usual names, then pyenv's versions.
define find_python
for c in $(PYTHON) python3.13 python3.12 python3 \
    $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) \
    /usr/local/bin/python3.13 /usr/local/bin/python3.12 /usr/bin/python3.13 /usr/bin/python3.12; do \
  if "$$c" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
    echo "$$c"; exit 0; fi; \
done; exit 1
endef

.PHONY: help run test install install-dev browser migrate demo lint fmt messages openapi clean

help:
	@echo "make run   - install, migrate, load demo data, serve http://$(HOST):$(PORT) with a task worker"
	@echo "make test  - install (chromium and a CJK font too), lint, check migrations, run the whole test suite"

# The venv, made again when it is missing or its Python is older than 3.12.
define make_venv
py=$$($(find_python)) || { \
  echo "No Python 3.12 or newer was found (tried PYTHON=$(PYTHON), python3.13, python3.12, python3, pyenv)."; \
  echo "Install one, e.g. 'apt-get install python3.12 python3.12-venv' or 'pyenv install 3.13',"; \
  echo "or name it: make run PYTHON=/path/to/python3.12"; exit 1; }; \
echo "Using $$py ($$($$py --version))"; \
if [ ! -x $(VPY) ] || ! $(VPY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
  rm -rf $(VENV) && $$py -m venv $(VENV); fi
endef

# make run installs the application; make test adds the test and lint tools (which take
# half of the install's time). The venv's own pip does: upgrading it cost 5 s every time.
$(STAMP): pyproject.toml
	@$(make_venv)
	$(VPY) -m pip install --quiet --disable-pip-version-check -e .
	@touch $(STAMP)

$(DEV_STAMP): pyproject.toml
	@$(make_venv)
	$(VPY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP) $(DEV_STAMP)

install: $(STAMP)
install-dev: $(DEV_STAMP)

# A first run gets a .env with DEBUG on and its own random SECRET_KEY.
.env:
	@sed -e "s/^SECRET_KEY=.*/SECRET_KEY=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))' 2>/dev/null || head -c 48 /dev/urandom | base64 | tr -d '/+=\n')/" \
	     -e "s/^DEBUG=.*/DEBUG=true/" .env.example > .env
	@echo "Wrote .env (development settings: DEBUG on, a fresh SECRET_KEY)."

migrate: install .env
	$(VPY) manage.py migrate --no-input
	$(VPY) manage.py setup_schedules

demo: migrate
	$(VPY) manage.py load_demo

# Migrate, the schedules and the demo data (in one process: each start of Django costs
# seconds), then the web server and one task worker together; it prints the address once
# it answers there, and Ctrl-C or SIGTERM stops both (crm/management/commands/devserver.py).
run: install .env
	$(VPY) manage.py devserver --demo $(HOST):$(PORT)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs gettext (msgfmt); the compiled .mo files are committed so nobody else does.
messages: install-dev
	DJANGO_SETTINGS_MODULE=crm.settings_test $(VPY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=var
	DJANGO_SETTINGS_MODULE=crm.settings_test $(VPY) manage.py compilemessages -l zh_Hans --ignore=.venv

# The API's OpenAPI document, committed (tests/api checks it is current).
openapi: install-dev
	DJANGO_SETTINGS_MODULE=crm.settings_test $(VPY) manage.py openapi

# The browser tests need chromium, and a CJK font so Chinese text is not drawn as boxes.
# Root (or password-less sudo) on Debian gets them installed; anyone else is told what to
# install before any test runs.
define has_cjk_font
{ fc-list :lang=zh family 2>/dev/null | grep -q . || \
  dpkg-query -W -f='$${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'ok installed'; }
endef

browser:
	@missing=""; \
	if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$(CHROMIUM)" != /usr/bin/chromium ]; then \
	    echo "CHROMIUM=$(CHROMIUM) is not an executable: point it at a chromium, or unset it."; exit 1; fi; \
	  missing="chromium"; fi; \
	$(has_cjk_font) || missing="$$missing fonts-noto-cjk"; \
	missing=$${missing# }; [ -z "$$missing" ] && exit 0; \
	if ! command -v apt-get >/dev/null; then sudo=none; \
	elif [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif sudo -n true 2>/dev/null; then sudo=sudo; else sudo=none; fi; \
	if [ "$$sudo" = none ]; then \
	  echo "make test needs Debian's $$missing for the browser tests: as root, apt-get install $$missing; then make test again."; \
	  exit 1; fi; \
	echo "Installing $$missing for the browser tests (apt-get, about a minute)."; \
	$$sudo apt-get update -qq && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null

test: browser install-dev lint
	DJANGO_SETTINGS_MODULE=crm.settings_test $(VPY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=crm.settings_test DJANGO_ALLOW_ASYNC_UNSAFE=true $(VPY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var/static

# motcua — two commands for a newcomer on a fresh Debian machine with Python 3.11:
#   make demo   install everything, load demo data, serve on http://127.0.0.1:8000
#   make test   install everything, run the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
# uv must use this machine's Python 3.11, never download one.
export UV_PYTHON_DOWNLOADS := never
APT_PACKAGES := fonts-noto-core fonts-liberation2 poppler-utils zbar-tools chromium gettext tesseract-ocr tesseract-ocr-vie unpaper pngquant ghostscript \
	libnss3-tools libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup system-packages python-env migrate demo serve test lint typecheck docs

setup: system-packages python-env migrate

# Install only what is missing, so a second run does nothing.
system-packages:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:" $$missing; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# uv from PyPI with pip; Debian's Python refuses --user installs unless told
# it may (PEP 668), and a minimal Debian may have no pip at all.
$(UV):
	@$(PYTHON) -m pip --version >/dev/null 2>&1 || { \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq python3-pip; }
	@$(PYTHON) -m pip install --user --quiet uv 2>/dev/null || \
		$(PYTHON) -m pip install --user --quiet --break-system-packages uv

python-env: $(UV)
	@UV=$$(command -v uv || echo $(HOME)/.local/bin/uv); \
	$$UV sync --frozen --quiet --python $(PYTHON)

migrate: python-env
	@$(BIN)/motcua migrate --noinput -v 0

demo: setup
	@MOTCUA_DEMO=true $(BIN)/motcua demo
	@MOTCUA_DEMO=true $(BIN)/motcua serve --host $(HOST) --port $(PORT)

serve: setup
	@$(BIN)/motcua serve --host $(HOST) --port $(PORT)

# The whole suite on the database DATABASE_URL names (SQLite when unset), one
# pytest-xdist worker per core (each with its own test database);
# PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
test: setup
	@$(BIN)/ruff check .
	@$(BIN)/mypy motcua
	@$(BIN)/motcua makemigrations --check --dry-run -v 0
	@$(BIN)/pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS)

lint:
	@$(BIN)/ruff check . && $(BIN)/ruff format --check .

typecheck:
	@$(BIN)/mypy motcua

docs:
	@$(BIN)/python -c "from pathlib import Path; import re, subprocess; \
	p = Path('docs/transitions.md'); text = p.read_text(); \
	table = subprocess.run(['$(BIN)/motcua', 'transitions'], capture_output=True, text=True, check=True).stdout; \
	p.write_text(re.sub(r'\| action \|.*?\n\n', lambda m: table + '\n', text, count=1, flags=re.S))"

# Refresh the Vietnamese catalogue from the code, then compile it (needs gettext).
.PHONY: messages
messages:
	@$(BIN)/motcua makemessages -l vi --ignore='.venv/*' --ignore='tests/*' --ignore='bench/*' --ignore='var/*' --no-obsolete
	@$(BIN)/motcua compilemessages -l vi --ignore='.venv/*'

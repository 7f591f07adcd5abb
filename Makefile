# The two commands of the quick start are `make build` and `make test`; both set up
# everything first (venv, Python packages, Debian packages when root on Debian).
# The interpreter of .venv: by default the first supported one on PATH (scripts/venv-setup.sh
# says which it tries); `make setup PYTHON=/usr/bin/python3` names one, and a venv made by
# another interpreter is then made again.
PYTHON ?=
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
SYSTEM_READY := build/.system-ready
# Node tools for the website tests (the Nu HTML Checker), pinned in tools/web.
NODE_READY := tools/web/node_modules/.ready
# The language `make serve` previews: make serve SITE_LANG=bo
SITE_LANG ?= zh

.PHONY: FORCE setup build signs test serve lint bench schema messages clean

setup: $(READY) $(SYSTEM_READY) $(NODE_READY)

# After the Debian packages: Debian's own Python needs python3-venv for a venv.
$(READY): pyproject.toml constraints.txt scripts/venv-setup.sh $(if $(PYTHON),FORCE) | $(SYSTEM_READY)
	PYTHON='$(PYTHON)' scripts/venv-setup.sh $(VENV)
	touch $@

$(SYSTEM_READY): scripts/debian-packages.txt scripts/system-setup.sh
	scripts/system-setup.sh
	mkdir -p build && touch $@

$(NODE_READY): tools/web/package.json tools/web/package-lock.json
	# --ignore-scripts: vnu-jar's postinstall would download a Java; Debian's is used.
	cd tools/web && npm ci --no-audit --no-fund --ignore-scripts
	touch $@

build: setup
	$(BIN)/corridor check
	$(BIN)/corridor build
	$(BIN)/corridor signs

# Sign proofs and the proof book only (build/signs); PRESS=1 also writes press files of
# signs whose strings are all reviewed.
signs: setup
	$(BIN)/corridor signs $(if $(PRESS),--press)

test: setup
	$(BIN)/python -m pytest -n 2

# Synthetic corridors of 5, 50 and 300 towns against a bare mkdocs-material baseline, signs,
# Lighthouse: results in BENCHMARKS.md (about 15 minutes on 2 cores; see that file).
bench: setup
	$(BIN)/python scripts/bench.py

serve: setup
	$(BIN)/corridor serve --lang $(SITE_LANG)

lint: setup
	$(BIN)/ruff check corridor tests scripts
	$(BIN)/ruff format --check corridor tests scripts
	$(BIN)/mypy

schema: setup
	$(BIN)/corridor schema

# The tool's own messages (corridor/speech.py): extract corridor/locale/corridor.pot and merge
# it into corridor/locale/zh/LC_MESSAGES/corridor.po; then translate what is new.
messages: setup
	$(BIN)/python scripts/tool_messages.py

clean:
	rm -rf build $(VENV)

# Every target sets up what it needs on a fresh machine: the venv, Python packages and the
# Debian packages the tools use. Run `make test` or `make serve` and nothing else.

VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Material 9.8 prints an end-of-life banner on every build; it buries real messages.
export NO_MKDOCS_2_WARNING := 1

# Debian packages: WeasyPrint's text shaping and fonts for packets; Noto for names on
# certificates in any script (Greek, Cyrillic, Arabic, Hebrew, Devanagari, ...; CJK).
DEBIAN_PACKAGES := libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
                   fonts-open-sans fonts-noto-core fonts-noto-cjk

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads one), and
# axe-core for their accessibility checks, from npm (Debian's npm when the machine has none).
TEST_PACKAGES := chromium
AXE := node_modules/axe-core/axe.min.js

# The other engines, each in its own venv (tests/test_engines.py): ProperDocs (a maintained
# MkDocs 1.x fork) runs the plugin unchanged, without MkDocs installed; Zensical builds
# `curriculum export` (0.0.73: newer ones need a package the registry lacks), importing only
# the package's Markdown extensions. Material and the package go in without their MkDocs pin.
PROPERDOCS := .venv-properdocs
ZENSICAL   := .venv-zensical
ENGINES    := $(PROPERDOCS)/.installed $(ZENSICAL)/.installed
MATERIAL_DEPS := babel backrefs colorama jinja2 markdown paginate pygments \
                 pymdown-extensions requests
PACKAGE_DEPS  := $(shell python3 -c "import tomllib; print(' '.join(repr(d) for d in \
                   tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies'] \
                   if not d.startswith('mkdocs')))")

.PHONY: serve build test check bench lint schema system test-system engines clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

$(PROPERDOCS)/.installed: pyproject.toml
	python3 -m venv $(PROPERDOCS)
	$(PROPERDOCS)/bin/pip install -q 'properdocs==1.6.7' $(PACKAGE_DEPS) $(MATERIAL_DEPS)
	$(PROPERDOCS)/bin/pip install -q --no-deps 'mkdocs-material>=9.5,<10' \
	    mkdocs-material-extensions -e .
	touch $@

$(ZENSICAL)/.installed: pyproject.toml
	python3 -m venv $(ZENSICAL)
	$(ZENSICAL)/bin/pip install -q 'zensical==0.0.73' Babel tzdata PyYAML
	$(ZENSICAL)/bin/pip install -q --no-deps -e .
	touch $@

engines: $(ENGINES)

system:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

test-system:
	@$(MAKE) --no-print-directory system DEBIAN_PACKAGES="$(TEST_PACKAGES)"

$(AXE): package.json package-lock.json
	@command -v npm >/dev/null || $(MAKE) --no-print-directory system DEBIAN_PACKAGES=npm
	npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

serve: $(STAMP) system
	$(BIN)/mkdocs serve -a 127.0.0.1:8000

build: $(STAMP) system
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/curriculum check --strict

schema: $(STAMP)
	$(BIN)/curriculum schema

lint: $(STAMP)
	$(BIN)/ruff check plugins tests bench

test: $(STAMP) $(ENGINES) system test-system $(AXE) lint
	$(BIN)/pytest

bench: $(STAMP) $(ZENSICAL)/.installed system
	$(PY) -u bench/run.py $(BENCH)

clean:
	rm -rf site .pytest_cache

# The two commands that matter: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
ifndef PYTHON
PYTHON := $(shell for p in python3.13 python3.12 python3.11 python3; do $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { command -v $$p; break; }; done)
endif
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app conference
HOST ?= 127.0.0.1
PORT ?= 5000

# Front-end packages from the npm registry, vendored and pinned (see `make vendor`).
KERN_UX_VERSION := 2.7.2
AXE_CORE_VERSION := 4.14.1
ICAL_JS_VERSION := 2.2.1
JSQR_VERSION := 1.4.0

LOCALES := de en
CATALOGUES := $(foreach l,$(LOCALES),conference/translations/$(l)/LC_MESSAGES/messages.mo)

.PHONY: run test lint install compile-translations translations vendor bench clean

run: install $(CATALOGUES)
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	@echo "Serving at http://$(HOST):$(PORT)/  (demo accounts: see README)"
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install $(CATALOGUES)
	$(BIN)/pytest $(PYTEST_ARGS)

# Style and common bugs (ruff), and security (bandit: any finding of high severity fails).
lint: install
	$(BIN)/ruff check .
	$(BIN)/bandit --quiet --recursive conference --severity-level high

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Catalogues are compiled by the build; the .mo files are never committed.
conference/translations/%/LC_MESSAGES/messages.mo: conference/translations/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d conference/translations -l $* >/dev/null

compile-translations: $(CATALOGUES)

# Extract new strings and merge them into both catalogues (then translate the German one).
translations: install
	$(BIN)/pybabel extract -F conference/translations/babel.cfg -k _l -k lazy_gettext --ignore-dirs '.* node_modules' -o conference/translations/messages.pot --no-location --sort-output --width 120 --project conference .
	$(BIN)/pybabel update -i conference/translations/messages.pot -d conference/translations --no-fuzzy-matching --ignore-obsolete --width 120

# Refresh the vendored front-end packages from the npm registry at the pinned versions.
vendor:
	@tmp=$$(mktemp -d) && cd $$tmp && \
	npm pack --silent @kern-ux/native@$(KERN_UX_VERSION) axe-core@$(AXE_CORE_VERSION) ical.js@$(ICAL_JS_VERSION) \
	  jsqr@$(JSQR_VERSION) >/dev/null && \
	mkdir kern axe ical jsqr && tar xzf kern-ux-native-$(KERN_UX_VERSION).tgz -C kern && tar xzf axe-core-$(AXE_CORE_VERSION).tgz -C axe && \
	tar xzf ical.js-$(ICAL_JS_VERSION).tgz -C ical && tar xzf jsqr-$(JSQR_VERSION).tgz -C jsqr && \
	cd $(CURDIR) && rm -rf static/vendor/kern-ux && mkdir -p static/vendor/kern-ux/fonts/fira-sans tests/browser/vendor && \
	cp $$tmp/kern/package/dist/kern.min.css $$tmp/kern/package/LICENSE.md static/vendor/kern-ux/ && \
	cp $$tmp/kern/package/dist/fonts/fira-sans.css static/vendor/kern-ux/fonts/ && \
	for f in $$(grep -o 'FiraSans-[A-Za-z]*\.woff2' static/vendor/kern-ux/fonts/fira-sans.css | sort -u); do \
	  cp $$tmp/kern/package/dist/fonts/fira-sans/$$f static/vendor/kern-ux/fonts/fira-sans/; done && \
	echo "@kern-ux/native $(KERN_UX_VERSION) (npm registry, EUPL-1.2)" > static/vendor/kern-ux/VERSION && \
	cp $$tmp/axe/package/axe.min.js $$tmp/axe/package/LICENSE tests/browser/vendor/ && \
	echo "axe-core $(AXE_CORE_VERSION) (npm registry, MPL-2.0)" > tests/browser/vendor/VERSION && \
	mkdir -p tests/calendar/vendor && cp $$tmp/ical/package/dist/ical.es5.cjs tests/calendar/vendor/ical.cjs && \
	cp $$tmp/ical/package/LICENSE tests/calendar/vendor/LICENSE && \
	echo "ical.js $(ICAL_JS_VERSION) (npm registry, MPL-2.0): Thunderbird's iCalendar parser" > tests/calendar/vendor/VERSION && \
	rm -rf static/vendor/jsqr && mkdir -p static/vendor/jsqr && cp $$tmp/jsqr/package/dist/jsQR.js $$tmp/jsqr/package/LICENSE static/vendor/jsqr/ && \
	echo "jsqr $(JSQR_VERSION) (npm registry, Apache-2.0): QR code reader, the fallback where the browser has no BarcodeDetector" > static/vendor/jsqr/VERSION && \
	rm -rf $$tmp && echo "vendored KERN-UX $(KERN_UX_VERSION), axe-core $(AXE_CORE_VERSION), ical.js $(ICAL_JS_VERSION), jsQR $(JSQR_VERSION)"

# Benchmarks need PostgreSQL (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1/conference_bench)
# and wrk (Debian's package, installed here when we are root); each writes its section of docs/benchmarks.md.
bench: install $(CATALOGUES)
	@command -v wrk >/dev/null || { [ "$$(id -u)" -eq 0 ] && apt-get install -y -qq wrk >/dev/null; } || \
	  { echo "make bench needs wrk, the HTTP load generator: apt-get install wrk" >&2; exit 1; }
	$(BIN)/python -m tests.benchmarks.registration_rush --seconds 20 --clients 500 --report docs/benchmarks.md
	$(BIN)/python -m tests.benchmarks.allocation_bench --report docs/benchmarks.md
	$(BIN)/python -m tests.benchmarks.scheduling_bench --report docs/benchmarks.md
	$(BIN)/python -m tests.benchmarks.faults --report docs/benchmarks.md
	$(BIN)/python -m tests.benchmarks.program_bench --seconds 10 --clients 50 --report docs/benchmarks.md
	$(BIN)/python -m tests.benchmarks.analytics_bench --requests 50 --report docs/benchmarks.md

clean:
	rm -rf $(VENV) instance/*.sqlite3* .pytest_cache

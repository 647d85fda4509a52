# The two commands of the README: `make run` and `make test`. Both set up first (idempotent).
.PHONY: setup run test check screenshots

setup:
	./scripts/setup.sh

run: setup
	.venv/bin/kiosk

# Lint and types as habits: ruff over the package and the tests, mypy over the layers without Kivy.
check: setup
	.venv/bin/ruff check kiosk tests
	.venv/bin/mypy kiosk/core kiosk/devices kiosk/backend

test: check
	env -u DISPLAY .venv/bin/python -m pytest -q

screenshots: setup
	env -u DISPLAY .venv/bin/kiosk screenshot --all --out shots

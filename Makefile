# The two commands of the README: `make run` and `make test`. Both set up first (idempotent).
.PHONY: setup run test screenshots

setup:
	./scripts/setup.sh

run: setup
	.venv/bin/kiosk

test: setup
	env -u DISPLAY .venv/bin/python -m pytest -q

screenshots: setup
	env -u DISPLAY .venv/bin/kiosk screenshot --all --out shots

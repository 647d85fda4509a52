# The two commands of the README: `make run` and `make test`. Both set up first (idempotent).
.PHONY: setup run test check screenshots deb lock

setup:
	./scripts/setup.sh

# A real window where there is a display; without one (a headless machine) the demo runs offscreen on purpose,
# which `kiosk run` otherwise refuses: on a terminal a blank screen must not pass for a working kiosk.
run: setup
	.venv/bin/kiosk run $(if $(DISPLAY)$(WAYLAND_DISPLAY),,--offscreen)

# Lint and types as habits: ruff over the package and the tests, mypy over the layers without Kivy.
check: setup
	.venv/bin/ruff check kiosk tests
	.venv/bin/mypy kiosk/core kiosk/devices kiosk/backend

test: check
	env -u DISPLAY .venv/bin/python -m pytest -q

screenshots: setup
	env -u DISPLAY .venv/bin/kiosk screenshot --all --out shots

# The Debian package (debian/, dh-virtualenv): built from a copy of the tracked and new files in var/deb/,
# the .deb left there. Pip downloads are cached in var/pip-cache.
DEB_VERSION = $(shell dpkg-parsechangelog -S Version)
deb:
	rm -rf var/deb/kiosk-$(DEB_VERSION) && mkdir -p var/deb/kiosk-$(DEB_VERSION) var/pip-cache
	git ls-files -z --cached --others --exclude-standard | xargs -0 tar -cf - | tar -xf - -C var/deb/kiosk-$(DEB_VERSION)
	cd var/deb/kiosk-$(DEB_VERSION) && PIP_CACHE_DIR=$(CURDIR)/var/pip-cache dpkg-buildpackage -b -us -uc
	@ls var/deb/*.deb

# requirements.lock: the versions the project is tested with (pinned, with hashes), from pyproject.toml.
lock:
	.venv/bin/pip freeze --exclude-editable | grep -v '^kiosk' > var/tested.txt
	python3 -m venv var/pip-tools && var/pip-tools/bin/pip install -q pip-tools
	CUSTOM_COMPILE_COMMAND="make lock" var/pip-tools/bin/pip-compile -q --generate-hashes --allow-unsafe \
		--strip-extras --extra usb --no-emit-index-url --no-emit-find-links \
		-c var/tested.txt -o requirements.lock pyproject.toml

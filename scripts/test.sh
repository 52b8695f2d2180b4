#!/usr/bin/env bash
# Runs every test: the core (unit, integration, property and crash tests), the shell, the UI logic
# (node --test), the end-to-end journeys in a real window under Xvfb, and the Debian package (tests/deb/check.sh).
# Installs what they need first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PATH"

echo "== UI logic (node --test)"
node --test tests/ui/

echo "== Rust: core, shell and end-to-end journeys"
# The two desktop-benchmark crates are left out: they build the app with other features, for minutes.
# e2e-hooks lets the journeys answer the native file dialogs; release builds never have it.
cargo test --workspace --exclude companion-app-bench --exclude floor-app --features companion-app/e2e-hooks

echo "== The Debian package: built, checked (contents, lintian, install and purge), its program run"
tests/deb/check.sh

if [ "${SKIP_OFFLINE:-0}" != 1 ]; then
  echo "== End-to-end journeys again with no network at all (unshare -n)"
  scripts/offline-e2e.sh
fi

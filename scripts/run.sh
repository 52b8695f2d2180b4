#!/usr/bin/env bash
# Builds and launches the desktop app (release build), installing the system packages it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
exec cargo run --release -p companion-app --features tauri/custom-protocol "$@"

#!/usr/bin/env bash
# Runs the end-to-end journeys inside a new network namespace: no network interfaces but loopback
# (which tauri-driver and WebKitWebDriver talk over), so any attempt to reach the network fails.
# Xvfb and the D-Bus session bus are started by the tests themselves, inside the namespace.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo test -p companion-app --features e2e-hooks --test e2e --no-run
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo -E"; fi
$sudo unshare --net -- bash -c '
  ip link set lo up
  if ip -o link show | grep -v " lo:" | grep -q .; then echo "unexpected network interface" >&2; exit 1; fi
  COMPANION_OFFLINE_RUN=1 cargo test --offline -p companion-app --features e2e-hooks --test e2e
'

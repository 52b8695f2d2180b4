#!/usr/bin/env bash
# Installs what building, running and testing the app need on Debian 12 / Ubuntu, skipping what is already there.
#   scripts/setup.sh run    build and run the app (WebKitGTK and GTK development packages)
#   scripts/setup.sh deb    build the Debian package (also dpkg-dev)
#   scripts/setup.sh test   also Xvfb, D-Bus, WebKitWebDriver, tauri-driver, the npm test packages, and the
#                           package checkers (lintian, desktop-file-validate, appstreamcli)
# Needs the Rust toolchain (cargo) and, for `test`, Node.js with npm. Uses sudo when not run as root.
set -euo pipefail
mode=${1:-test}
cd "$(dirname "$0")/.."

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

packages=(build-essential pkg-config libwebkit2gtk-4.1-dev)
if [ "$mode" = deb ] || [ "$mode" = test ]; then
  packages+=(dpkg-dev)
fi
if [ "$mode" = test ]; then
  packages+=(xvfb xauth dbus webkit2gtk-driver iproute2 lintian desktop-file-utils appstream)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v cargo >/dev/null || { echo "setup: cargo not found; install the Rust toolchain first (rustup)" >&2; exit 1; }

if [ "$mode" = test ]; then
  # tauri-driver bridges WebDriver to WebKitWebDriver. Major version pinned: 3.x alphas exist.
  if ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
    echo "setup: installing tauri-driver"
    cargo install tauri-driver --locked --version '^2'
  fi
  command -v npm >/dev/null || { echo "setup: npm not found; install Node.js 20 or newer" >&2; exit 1; }
  if [ ! -d node_modules/axe-core ]; then
    echo "setup: installing npm test packages"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi

#!/usr/bin/env bash
# Installs, when missing, the peer tools that `companion-bench peers` compares the companion with, at the
# versions the benchmark reports:
#   - Debian packages zim-tools (zimwriterfs), kiwix-tools (kiwix-serve) and time (/usr/bin/time, which
#     reports each build's peak memory), through apt-get (after apt-get update; with sudo when not root);
#   - mdBook, pinned below, through `cargo install --locked` (into ~/.cargo/bin);
#   - npm elasticlunr, pinned in package.json / package-lock.json, through `npm install` in the workspace root.
# Everything comes from the package registries by package name; nothing else is downloaded.
# Rerunning it when everything is present does nothing. `--check` only reports what is missing (exit 1 if any).
set -euo pipefail

MDBOOK_VERSION=0.5.4
ELASTICLUNR_VERSION=0.9.5

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
check_only=0
[[ "${1:-}" == "--check" ]] && check_only=1

missing=()
apt_missing=()
command -v zimwriterfs >/dev/null || apt_missing+=(zim-tools)
command -v kiwix-serve >/dev/null || apt_missing+=(kiwix-tools)
[[ -x /usr/bin/time ]] || apt_missing+=(time)
missing+=("${apt_missing[@]}")
mdbook_ok=0
if command -v mdbook >/dev/null && [[ "$(mdbook --version)" == "mdbook v$MDBOOK_VERSION" ]]; then
  mdbook_ok=1
else
  missing+=("mdbook $MDBOOK_VERSION")
fi
lunr_pkg="$root/node_modules/elasticlunr/package.json"
lunr_ok=0
if [[ -f "$lunr_pkg" ]] && [[ "$(node -p "require('$lunr_pkg').version")" == "$ELASTICLUNR_VERSION" ]]; then
  lunr_ok=1
else
  missing+=("npm elasticlunr $ELASTICLUNR_VERSION")
fi
command -v node >/dev/null || { echo "install-peers.sh: node is needed (Debian package nodejs)" >&2; exit 1; }

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-peers.sh: every peer tool is installed"
  exit 0
fi
if [[ $check_only == 1 ]]; then
  echo "install-peers.sh: missing: ${missing[*]}; run bench/install-peers.sh" >&2
  exit 1
fi

if [[ ${#apt_missing[@]} -gt 0 ]]; then
  sudo=()
  [[ "$(id -u)" == 0 ]] || sudo=(sudo)
  echo "+ apt-get install ${apt_missing[*]}" >&2
  "${sudo[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${apt_missing[@]}"
fi
if [[ $mdbook_ok == 0 ]]; then
  echo "+ cargo install mdbook --locked --version $MDBOOK_VERSION" >&2
  cargo install mdbook --locked --version "$MDBOOK_VERSION"
fi
if [[ $lunr_ok == 0 ]]; then
  # The lock records elasticlunr without download addresses; `npm install` keeps it that way.
  echo "+ npm install (elasticlunr $ELASTICLUNR_VERSION, as pinned in package-lock.json)" >&2
  (cd "$root" && npm install --no-audit --no-fund --omit-lockfile-registry-resolved)
fi
echo "install-peers.sh: done"

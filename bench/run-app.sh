#!/usr/bin/env bash
# Desktop app benchmark: builds the app and the floor (a bare Tauri window) in release mode in one cargo
# invocation, builds the .deb with the Tauri CLI from node_modules, then runs bench/app (companion-app-bench),
# which measures start-up and memory side by side and writes its section into bench/RESULTS.md.
# Extra arguments go to the benchmark binary, e.g. `bench/run-app.sh --runs 3`.
# Nothing is downloaded: cargo uses the crates already fetched for the workspace, the Tauri CLI is the
# @tauri-apps/cli package installed in node_modules, and the benchmark itself talks only to loopback.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
tauri_cli="$root/node_modules/.bin/tauri"

if [[ ! -x "$tauri_cli" ]]; then
  echo "run-app.sh: $tauri_cli is missing; run \`npm ci\` in $root first" >&2
  exit 1
fi

# Both release binaries in one invocation, so the crates they share are built once, with the feature a
# production build needs (plain `cargo build --release` is still a Tauri dev build).
build=(cargo build --release -p companion-app -p floor-app --features tauri/custom-protocol)
echo "+ ${build[*]}" >&2
"${build[@]}"

# The .deb, as a release would make it. The CLI runs `cargo build --bins --features tauri/custom-protocol
# --release` for companion-app (shared crates are reused; the app crate itself may be recompiled, as
# tauri's generated assets are newer than cargo's fingerprint), patches the binary with its bundle type
# and packages it. Run inside src-tauri so the CLI picks src-tauri/tauri.conf.json, not the floor's.
stamp="$(mktemp)"
trap 'rm -f "$stamp"' EXIT
deb_build="(cd src-tauri && ../node_modules/.bin/tauri build --bundles deb --ci)"
echo "+ $deb_build" >&2
(cd src-tauri && "$tauri_cli" build --bundles deb --ci)
deb=""
for it in "$target"/release/bundle/deb/*.deb; do
  if [[ -f "$it" && "$it" -nt "$stamp" && ( -z "$deb" || "$it" -nt "$deb" ) ]]; then
    deb="$it"
  fi
done
if [[ -z "$deb" ]]; then
  echo "run-app.sh: the Tauri CLI did not write a .deb under $target/release/bundle/deb" >&2
  exit 1
fi

# The benchmark binary on its own: its WebDriver client's dependencies must not change the features of
# the crates the app is built with.
bench_build=(cargo build --release -p companion-app-bench)
echo "+ ${bench_build[*]}" >&2
"${bench_build[@]}"

bench=("$target/release/companion-app-bench" --app "$target/release/companion-app"
  --floor "$target/release/floor-app" --deb "$deb" --results "$root/bench/RESULTS.md")
echo "+ ${bench[*]}${*:+ $*}" >&2
"${bench[@]}" \
  --command "bench/run-app.sh${*:+ $*}" \
  --command "${build[*]}" \
  --command "$deb_build" \
  --command "${bench_build[*]}" \
  --command "target/release/companion-app-bench --app target/release/companion-app --floor target/release/floor-app --deb <the .deb> --results bench/RESULTS.md${*:+ $*}" \
  "$@"

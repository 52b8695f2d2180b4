#!/usr/bin/env bash
# Cross-builds the Windows app and CLI on Debian/Ubuntu, offline, and tests the core under Wine.
#
#   scripts/build-windows.sh          release builds of the app and the CLI, and the portable zip, in target/windows/
#   scripts/build-windows.sh test     the core's tests and the shell's unit tests, cross-built and run under Wine
#
# It uses Debian's own Rust toolchain (rustc-web, with the standard library's source: the Windows standard
# library is built from source with -Z build-std), never the rustup toolchain the Linux build uses, and its own
# target folder (target/windows-build) and Wine prefix (target/windows-wine), so the Linux build is unchanged.
# Installs what it needs from Debian's packages when missing (with sudo when not root).
set -euo pipefail
mode=${1:-build}
cd "$(dirname "$0")/.."
root=$PWD

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
packages=(rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 wine64 wine zip)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "build-windows: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Debian's toolchain, not rustup's (rustup's rustc has no Windows target here).
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
export RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
export CARGO_TARGET_DIR="$root/target/windows-build"
export WINEPREFIX="$root/target/windows-wine" WINEDEBUG=-all
target=x86_64-pc-windows-gnu

# A Wine prefix of its own, with the one DLL Wine 8 lacks: Rust's standard library imports ProcessPrng from
# bcryptprimitives.dll (real Windows has it). The stub is built here from source, never committed as a binary.
prepare_wine() {
  local dll="$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
  if [ ! -f "$dll" ]; then
    echo "build-windows: preparing the Wine prefix $WINEPREFIX"
    mkdir -p "$WINEPREFIX"
    wineboot -i >/dev/null 2>&1 || true
    local src
    src=$(mktemp --suffix=.c)
    cat >"$src" <<'C'
#include <windows.h>
#include <ntsecapi.h>
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
C
    x86_64-w64-mingw32-gcc -O2 -shared -o "$dll" "$src" -ladvapi32
    rm -f "$src"
  fi
}

case "$mode" in
  build)
    cargo build --release --target "$target" -p companion --bin companion
    cargo build --release --target "$target" -p companion-app --features tauri/custom-protocol
    out="$root/target/windows"
    mkdir -p "$out"
    cp "$CARGO_TARGET_DIR/$target/release/companion.exe" "$out/companion.exe"
    # Named for people, not for the crate.
    cp "$CARGO_TARGET_DIR/$target/release/companion-app.exe" "$out/SecondVictimSupport.exe"
    cp "$CARGO_TARGET_DIR/$target/release/WebView2Loader.dll" "$out/"
    x86_64-w64-mingw32-strip "$out/SecondVictimSupport.exe" "$out/companion.exe"
    # The portable build: the app, its loader, the CLI for checking contacts files, how to use it on a ward PC,
    # and an example organisation folder.
    version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
    name="SecondVictimSupport-$version-windows-portable"
    stage=$(mktemp -d)
    mkdir "$stage/$name"
    cp "$out/SecondVictimSupport.exe" "$out/WebView2Loader.dll" "$out/companion.exe" "$stage/$name/"
    cp packaging/windows/HOW-TO-USE-ON-A-WARD-PC.txt "$stage/$name/"
    cp -r packaging/windows/organisation-example "$stage/$name/"
    rm -f "$out/$name.zip"
    (cd "$stage" && zip -q -r -X "$out/$name.zip" "$name")
    rm -rf "$stage"
    ls -l "$out"
    ;;
  test)
    prepare_wine
    echo "== Windows (x86_64-pc-windows-gnu) under Wine: the core's tests"
    cargo test --target "$target" -p companion
    echo "== Windows (x86_64-pc-windows-gnu) under Wine: the shell's unit tests"
    cargo test --target "$target" -p companion-app --lib
    ;;
  *)
    echo "usage: scripts/build-windows.sh [build|test]" >&2
    exit 2
    ;;
esac

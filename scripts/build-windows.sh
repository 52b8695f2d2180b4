#!/usr/bin/env bash
# Cross-builds the Windows app and CLI on Debian/Ubuntu, offline, and tests the core under Wine.
#
#   scripts/build-windows.sh          release builds of the app and the CLI, the portable zip and the installer,
#                                     in target/windows/
#   scripts/build-windows.sh test     the core's tests and the shell's unit tests, cross-built and run under Wine;
#                                     then the build above, and the installer installed and uninstalled under Wine
#                                     (tests/windows/installer.sh)
#   scripts/build-windows.sh installer-test   only that last step, on the installer already built
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
packages=(rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 wine64 wine zip nsis
  xvfb xdotool binutils)
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

# A Wine prefix of its own ($WINEPREFIX), with the one DLL Wine 8 lacks: Rust's standard library imports
# ProcessPrng from bcryptprimitives.dll (real Windows has it). The stub is built here from source, never
# committed as a binary.
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

build() {
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
  # The installer, from the project's own script (packaging/windows/installer.nsi).
  makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$version" -DSRC="$out" -DPACKAGING="$root/packaging/windows" \
    -DICON="$root/src-tauri/icons/icon.ico" -DOUTFILE="$out/SecondVictimSupport-$version-windows-installer.exe" \
    packaging/windows/installer.nsi
  ls -l "$out"
}

# Installs and uninstalls the built installer in a fresh Wine prefix (tests/windows/installer.sh).
test_installer() {
  echo "== Windows under Wine: the installer, in a fresh prefix"
  local version
  version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
  export WINEPREFIX="$root/target/windows-wine-install"
  wineserver -k 2>/dev/null || true
  rm -rf "$WINEPREFIX"
  prepare_wine
  tests/windows/installer.sh "$root/target/windows/SecondVictimSupport-$version-windows-installer.exe" "$version"
}

case "$mode" in
  build)
    build
    ;;
  test)
    prepare_wine
    echo "== Windows (x86_64-pc-windows-gnu) under Wine: the core's tests"
    cargo test --target "$target" -p companion
    echo "== Windows (x86_64-pc-windows-gnu) under Wine: the shell's unit tests"
    # The WebView2 loader is found beside the app; the test binaries live in deps/, one folder down.
    WINEPATH=$(winepath -w "$CARGO_TARGET_DIR/$target/debug") cargo test --target "$target" -p companion-app --lib
    echo "== Windows: the release build, the portable zip and the installer"
    build
    test_installer
    ;;
  installer-test)
    test_installer
    ;;
  *)
    echo "usage: scripts/build-windows.sh [build|test|installer-test]" >&2
    exit 2
    ;;
esac

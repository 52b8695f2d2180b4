#!/usr/bin/env bash
# Installs and uninstalls the Windows installer silently under Wine, as a software deployment tool would, and
# starts the installed app where no WebView2 runtime exists (as on this machine): it must say so in a message box.
#
#   tests/windows/installer.sh <installer.exe> <version>
#
# Run by `scripts/build-windows.sh test`, with WINEPREFIX set to a fresh prefix prepared by that script. Needs
# Xvfb and xdotool (the script installs them).
set -euo pipefail
setup=$1
version=$2
[ -n "${WINEPREFIX:-}" ] || { echo "installer test: WINEPREFIX must be set" >&2; exit 2; }

failures=0
pass() { echo "  ok: $*"; }
fail() { echo "  FAILED: $*"; failures=$((failures + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }

# A Windows folder as a Linux path.
unix() { winepath -u "$1" 2>/dev/null; }
# A Windows environment variable, as Wine gives it to programs.
winenv() { wine cmd /c echo "%$1%" 2>/dev/null | tr -d '\r'; }
reg_has() { wine reg query "$1" /v "$2" >/dev/null 2>&1; }
reg_value() { wine reg query "$1" /v "$2" 2>/dev/null | tr -d '\r' | awk -v k="$2" '$1 == k { print $3 }'; }
# Runs a Windows program and waits until every process of the prefix has ended (an uninstaller copies itself
# to a temporary folder and runs from there).
run() { wine "$@" >/dev/null 2>&1; local rc=$?; wineserver -w; return $rc; }

local_app_data=$(unix "$(winenv LOCALAPPDATA)")
app_data=$(unix "$(winenv APPDATA)")
program_data=$(unix "$(winenv ProgramData)")
program_files=$(unix "$(winenv ProgramFiles)")
user_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\SecondVictimSupport'
machine_key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\SecondVictimSupport'
user_menu="$app_data/Microsoft/Windows/Start Menu/Programs/Second Victim Support.lnk"
machine_menu="$program_data/Microsoft/Windows/Start Menu/Programs/Second Victim Support.lnk"
user_data="$local_app_data/uk.secondvictim.companion"
files=(SecondVictimSupport.exe WebView2Loader.dll companion.exe HOW-TO-USE-ON-A-WARD-PC.txt
  organisation-example/organisation-contacts.toml uninstall.exe)

echo "== The installer's version resource"
check "ProductVersion $version in the installer" bash -c "strings -el '$setup' | grep -qx '$version'"
check "ProductName in the installer" bash -c "strings -el '$setup' | grep -qx 'Second Victim Support'"

echo "== Installed for this account, silently, with no administrator rights needed"
dir="$local_app_data/Programs/SecondVictimSupport"
check "the installer exits 0" run "$setup" /S
for f in "${files[@]}"; do check "installed $f" test -f "$dir/$f"; done
check "Start-menu shortcut" test -f "$user_menu"
check "Apps & features entry, version $version" test "$(reg_value "$user_key" DisplayVersion)" = "$version"
check "a quiet uninstall command for deployment tools" reg_has "$user_key" QuietUninstallString
check "no machine-wide entry" bash -c "! wine reg query '$machine_key' >/dev/null 2>&1"

echo "== The installed command-line tool checks the example organisation file, as IT would"
check "companion.exe check-contacts exits 0" run "$dir/companion.exe" check-contacts "$(winepath -w "$dir/organisation-example/organisation-contacts.toml")"

echo "== The installed app on a PC without the WebView2 runtime: a message box, not a silent exit"
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
sleep 1
(rc=0; DISPLAY=$display wine "$dir/SecondVictimSupport.exe" >/dev/null 2>&1 || rc=$?; echo "$rc" >"$WINEPREFIX/app-exit") &
if window=$(DISPLAY=$display timeout 60 xdotool search --sync --name '^Second Victim Support$' 2>/dev/null | head -1) && [ -n "$window" ]; then
  pass "the message box is shown"
  sleep 1
  DISPLAY=$display xdotool windowfocus --sync "$window" key Return 2>/dev/null || true
else
  fail "no message box within 60 s"
fi
for _ in $(seq 30); do [ -f "$WINEPREFIX/app-exit" ] && break; sleep 1; done
check "the app ends with status 1 once it is read" test "$(cat "$WINEPREFIX/app-exit" 2>/dev/null)" = 1
kill "$xvfb" 2>/dev/null || true
wineserver -w

echo "== Uninstalled silently: the program goes, the person's bookmarks stay"
mkdir -p "$user_data/user.sqlite3.backups"
echo "bookmarks" >"$user_data/user.sqlite3"
check "the uninstaller exits 0" run "$dir/uninstall.exe" /S
for f in "${files[@]}"; do check "removed $f" test ! -e "$dir/$f"; done
check "the program folder is gone" test ! -e "$dir"
check "the shortcut is gone" test ! -e "$user_menu"
check "the Apps & features entry is gone" bash -c "! wine reg query '$user_key' >/dev/null 2>&1"
check "the bookmarks are kept" test "$(cat "$user_data/user.sqlite3" 2>/dev/null)" = bookmarks

echo "== Installed for all users (/ALLUSERS), then uninstalled with /REMOVEDATA"
dir="$program_files/SecondVictimSupport"
check "the installer exits 0" run "$setup" /S /ALLUSERS
for f in "${files[@]}"; do check "installed $f in Program Files" test -f "$dir/$f"; done
check "Start-menu shortcut for all users" test -f "$machine_menu"
check "machine-wide Apps & features entry" test "$(reg_value "$machine_key" DisplayVersion)" = "$version"
check "the uninstaller exits 0" run "$dir/uninstall.exe" /S /REMOVEDATA
check "the program folder is gone" test ! -e "$dir"
check "the shortcut is gone" test ! -e "$machine_menu"
check "the machine-wide entry is gone" bash -c "! wine reg query '$machine_key' >/dev/null 2>&1"
check "this account's data is removed, as asked" test ! -e "$user_data"

if [ "$failures" -gt 0 ]; then
  echo "installer test: $failures check(s) failed"
  exit 1
fi
echo "installer test: all checks passed"

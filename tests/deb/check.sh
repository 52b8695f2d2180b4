#!/usr/bin/env bash
# Checks the Debian package as an IT team would meet it (docs/DEPLOYMENT.md, "Linux"): built by the README's
# command (scripts/build-deb.sh), then
#   1. its contents and control fields (dpkg-deb),
#   2. lintian: no errors; the desktop file and AppStream metainfo validate,
#   3. installed into an empty root with dpkg, then purged: nothing of it is left, and files an IT team
#      placed in /etc/second-victim-support are kept,
#   4. the program from inside the package, run under Xvfb to the home screen (an end-to-end journey).
#
#   tests/deb/check.sh             build the release program and the package, then check it
#   tests/deb/check.sh --no-build  check a package of the program already in target/release
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"

scripts/build-deb.sh "$@"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
deb="target/debian/second-victim-support_${version}_$(dpkg --print-architecture).deb"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "deb check FAILED: $*" >&2; failures=$((failures + 1)); }

echo "== 1. contents and fields"
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' > "$work/contents"
for path in /usr/bin/second-victim-support \
  /usr/share/applications/uk.secondvictim.companion.desktop \
  /usr/share/metainfo/uk.secondvictim.companion.metainfo.xml \
  /usr/share/icons/hicolor/128x128/apps/uk.secondvictim.companion.png \
  /usr/share/doc/second-victim-support/copyright \
  /usr/share/doc/second-victim-support/changelog.gz \
  /etc/second-victim-support/README \
  /etc/second-victim-support/trusted-keys/ \
  /etc/second-victim-support/packs/; do
  grep -qx "$path" "$work/contents" || fail "$path is not in the package"
done
if grep -q ' ' "$work/contents"; then fail "a file name has a space: $(grep ' ' "$work/contents")"; fi
if grep -q 'companion-app' "$work/contents"; then fail "the program is still called companion-app"; fi
depends=$(dpkg-deb -f "$deb" Depends)
for needed in libc6 libwebkit2gtk-4.1-0 libgtk-3-0; do
  [[ "$depends" == *"$needed"* ]] || fail "Depends lacks $needed: $depends"
done
[ "$(dpkg-deb -f "$deb" Package)" = second-victim-support ] || fail "wrong package name"
echo "size $(du -h "$deb" | cut -f1); Depends: $depends"

echo "== 2. lintian, desktop file, metainfo"
lintian --tag-display-limit 0 "$deb" > "$work/lintian" 2>&1 || true
cat "$work/lintian"
errors=$(grep -c '^E:' "$work/lintian" || true)
warnings=$(grep -c '^W:' "$work/lintian" || true)
echo "lintian: $errors error(s), $warnings warning(s)"
[ "$errors" = 0 ] || fail "lintian reports $errors error(s)"
desktop-file-validate packaging/linux/uk.secondvictim.companion.desktop || fail "the desktop file does not validate"
appstreamcli validate --no-net --explain packaging/linux/uk.secondvictim.companion.metainfo.xml \
  || fail "the metainfo does not validate"

echo "== 3. install into an empty root, then purge"
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
touch "$root/var/lib/dpkg/status"
dpkg_root() { dpkg --root="$root" --force-not-root --force-depends --force-script-chrootless --log=/dev/null "$@"; }
leftovers() { (cd "$root" && find . -mindepth 1 -not -path './var/lib/dpkg*' -not -path './var/lib' -not -path './var' | sort); }
# The empty root has none of the libraries the package depends on: dpkg says so (kept in a file) and goes on.
dpkg_root -i "$deb" > /dev/null 2> "$work/install.err"
[ -x "$root/usr/bin/second-victim-support" ] || fail "the program was not installed"
[ -f "$root/etc/second-victim-support/README" ] || fail "the organisation's folder has no README"
dpkg_root --purge second-victim-support > /dev/null
left=$(leftovers)
[ -z "$left" ] || fail "purge left files behind: $left"
# An IT team's own files stay after a purge.
dpkg_root -i "$deb" > /dev/null 2>> "$work/install.err"
cp packaging/windows/organisation-example/organisation-contacts.toml "$root/etc/second-victim-support/"
dpkg_root --purge second-victim-support > /dev/null 2> "$work/purge.err"
[ -f "$root/etc/second-victim-support/organisation-contacts.toml" ] || fail "purge removed the organisation's own file"
grep -q "kept /etc/second-victim-support" "$work/purge.err" || fail "purge did not say it kept the organisation's folder"
rm "$root/etc/second-victim-support/organisation-contacts.toml"
rmdir "$root/etc/second-victim-support" "$root/etc"
left=$(leftovers)
[ -z "$left" ] || fail "purge left files behind: $left"
[ "$failures" -gt 0 ] || echo "installed and purged twice: nothing of the package left behind"

echo "== 4. the packaged program, under Xvfb, to the home screen"
dpkg-deb -x "$deb" "$work/extracted"
COMPANION_E2E_APP="$PWD/$work/extracted/usr/bin/second-victim-support"
case "$work" in /*) COMPANION_E2E_APP="$work/extracted/usr/bin/second-victim-support" ;; esac
export COMPANION_E2E_APP
cargo test -q -p companion-app --features e2e-hooks --test e2e \
  the_home_page_shows_the_four_questions_and_the_pathways -- --exact \
  || fail "the packaged program did not reach the home screen"

if [ "$failures" -gt 0 ]; then
  echo "deb check: $failures failure(s)" >&2
  exit 1
fi
echo "deb check: all passed ($deb)"

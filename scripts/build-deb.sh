#!/usr/bin/env bash
# Builds the Debian package an IT team installs: target/debian/second-victim-support_<version>_<arch>.deb
# (docs/DEPLOYMENT.md, "Linux"). Offline; installs what the build needs first (scripts/setup.sh deb).
#
#   scripts/build-deb.sh            build the release program and the package
#   scripts/build-deb.sh --no-build package the program already in target/release (tests/deb/check.sh)
#
# The package is assembled here with dpkg-deb, not by the Tauri CLI, so that it follows Debian's and
# freedesktop's conventions: the command `second-victim-support`, a reverse-DNS desktop file and AppStream
# metainfo, a copyright file and changelog, dependencies computed by dpkg-shlibdeps, the organisation's folder
# /etc/second-victim-support with its README, and a purge that leaves nothing of the package behind.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

build=1
if [ "${1:-}" = --no-build ]; then build=0; fi

scripts/setup.sh deb
export PATH="$HOME/.cargo/bin:$PATH"

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
arch=$(dpkg --print-architecture)
name=second-victim-support
id=uk.secondvictim.companion
# Who answers for the package: the project's own commit identity, unless the builder names another.
maintainer=${DEB_MAINTAINER:-$(cat packaging/linux/maintainer)}

if [ "$build" = 1 ]; then
  # The UI is served from inside the program (custom-protocol), as in every release build.
  cargo build --release -p companion-app --features tauri/custom-protocol
fi
program=target/release/companion-app
[ -x "$program" ] || { echo "build-deb: $program is missing; run without --no-build" >&2; exit 1; }

out=target/debian
stage=$out/stage
rm -rf "$stage"
mkdir -p "$stage/DEBIAN"

install -D -m 0755 "$program" "$stage/usr/bin/$name"
install -D -m 0644 packaging/linux/$id.desktop "$stage/usr/share/applications/$id.desktop"
install -D -m 0644 packaging/linux/$id.metainfo.xml "$stage/usr/share/metainfo/$id.metainfo.xml"
for size in 32x32:32x32 128x128:128x128 256x256:128x128@2x 512x512:icon; do
  install -D -m 0644 "src-tauri/icons/${size#*:}.png" "$stage/usr/share/icons/hicolor/${size%%:*}/apps/$id.png"
done
install -d -m 0755 "$stage/usr/share/man/man1"
gzip -9n < packaging/linux/$name.1 > "$stage/usr/share/man/man1/$name.1.gz"
chmod 0644 "$stage/usr/share/man/man1/$name.1.gz"
install -D -m 0644 packaging/linux/copyright "$stage/usr/share/doc/$name/copyright"
sed "s/MAINTAINER/$maintainer/" packaging/linux/changelog | gzip -9n > "$stage/usr/share/doc/$name/changelog.gz"
chmod 0644 "$stage/usr/share/doc/$name/changelog.gz"
# The organisation's folder: where IT puts contacts, trusted keys and packs (the app reads it at start).
install -D -m 0644 packaging/linux/system-folder-README "$stage/etc/$name/README"
install -d -m 0755 "$stage/etc/$name/trusted-keys" "$stage/etc/$name/packs"

# Runtime dependencies from the libraries the program links, as Debian's own tools compute them.
shlibs=$(mktemp -d)
trap 'rm -rf "$shlibs"' EXIT
mkdir -p "$shlibs/debian"
printf 'Source: %s\n\nPackage: %s\nArchitecture: any\n' "$name" "$name" > "$shlibs/debian/control"
depends=$(cd "$shlibs" && dpkg-shlibdeps -O "$root/$stage/usr/bin/$name" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "build-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

installed_size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<EOF
Package: $name
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: $depends
Section: misc
Priority: optional
Description: offline support for healthcare staff after patient safety incidents
 A library of guidance, illustrative staff stories, resources and support
 contacts for healthcare staff involved in a patient safety incident, and for
 the colleagues, managers and trainers who support them, across all four UK
 nations and every profession. It works entirely offline.
 .
 Organisations can add their own contacts and update the library from signed
 library packs in /etc/second-victim-support, without reinstalling.
EOF
echo "/etc/$name/README" > "$stage/DEBIAN/conffiles"
install -m 0755 packaging/linux/postrm "$stage/DEBIAN/postrm"
(cd "$stage" && find usr -type f -print0 | sort -z | xargs -0 md5sum) > "$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/control" "$stage/DEBIAN/conffiles" "$stage/DEBIAN/md5sums"

deb="$out/${name}_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "build-deb: wrote $deb ($(du -h "$deb" | cut -f1))"

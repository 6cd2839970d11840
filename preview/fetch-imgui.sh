#!/usr/bin/env bash
# Fetches Dear ImGui 1.86 from Debian's imgui *source* package into
# .cache/imgui/imgui-1.86 (git-ignored), without touching the system's apt
# configuration: a private sources list and lists directory in a temp folder.
# Idempotent: does nothing when the sources are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=.cache/imgui
[ -f "$dest/imgui-1.86/imgui.cpp" ] && exit 0
mkdir -p "$dest"
tmp=$(mktemp -d)
chmod 755 "$tmp"  # apt downloads as the _apt user
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lists/partial" "$tmp/parts"
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$tmp/parts/src.sources"
else
  grep -h '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' > "$tmp/parts/src.list"
fi
O=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$tmp/parts" -o "Dir::State::Lists=$tmp/lists")
apt-get "${O[@]}" update -q >/dev/null
(cd "$tmp" && apt-get "${O[@]}" source --download-only imgui=1.86+ds-1 >/dev/null 2>&1 ||
              apt-get "${O[@]}" source --download-only imgui >/dev/null)
tarball=$(ls "$tmp"/imgui_1.86*.orig.tar.* | head -n1)
tar -xf "$tarball" -C "$dest"
[ -f "$dest/imgui-1.86/imgui.cpp" ] || { echo "fetch-imgui: imgui-1.86/imgui.cpp missing after unpacking $tarball" >&2; exit 1; }
echo "fetch-imgui: Dear ImGui 1.86 in $dest/imgui-1.86"

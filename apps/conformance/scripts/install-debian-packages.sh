#!/usr/bin/env bash
# Installs the exact Debian packages of apps/conformance/debian-packages.txt (apt-get update once,
# then one apt-get install; when the mirror no longer has a listed version, the mirror's version with
# a warning). As root, or with sudo. With --check, installs nothing: exits 1 and
# names every package that is missing or at another version.
set -euo pipefail
list="$(dirname "$0")/../debian-packages.txt"
mapfile -t wanted < <(grep -v '^[[:space:]]*\(#\|$\)' "$list" | awk '{ print $1 "=" $2 }')
[ "${#wanted[@]}" -gt 0 ] || { echo "no packages in $list"; exit 1; }

missing=()
for spec in "${wanted[@]}"; do
  name=${spec%%=*}
  version=${spec#*=}
  have=$(dpkg-query -W -f='${Version}' "$name" 2>/dev/null || true)
  [ "$have" = "$version" ] || missing+=("$spec (installed: ${have:-none})")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "Debian packages for the conformance matrix: all ${#wanted[@]} at the listed versions"
  exit 0
fi
if [ "${1:-}" = "--check" ]; then
  printf 'not at the version in %s: %s\n' "$list" "${missing[@]}"
  exit 1
fi

sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "not root and no sudo: cannot install ${missing[*]}"; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
if ! $sudo apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null; then
  # A Debian point release or security update replaces a version on the mirror. Install what the
  # mirror has then, loudly: the matrix re-measures every finding, so a changed behaviour shows as a
  # failed or unexpected-pass cell, not as a missing package. Update the list to the new versions.
  echo "WARNING: apt-get could not install the exact versions in $list; the mirror has:"
  for spec in "${wanted[@]}"; do
    apt-cache policy "${spec%%=*}" | sed -n '1,3p'
  done
  names=()
  for spec in "${wanted[@]}"; do names+=("${spec%%=*}"); done
  echo "WARNING: installing the mirror's versions of ${names[*]} instead; update $list"
  $sudo apt-get install -y -qq --no-install-recommends "${names[@]}" >/dev/null
fi
echo "installed ${#wanted[@]} Debian packages for the conformance matrix"

#!/usr/bin/env bash
# The release workflow's Linux job (.github/workflows/release.yml runs exactly this), and the same here:
#   scripts/release-linux.sh [--no-setup] [--out DIR]   set up, build, self-test, checksum
#   scripts/release-linux.sh checksums DIR              only the last step, over DIR's products
# Steps: system packages (scripts/system-deps.sh) and .venv with the packaging extra (scripts/venv.sh,
# which also compiles the translations); packaging/build.py (bundle, .tar.gz, .deb); the bundle's
# --self-test; DIR/SHA256SUMS of the .tar.gz and the .deb. --no-setup uses the Python in $RELEASE_PYTHON
# (default .venv/bin/python) as it is: tests/test_packaging.py runs the build that way.
# RELEASE_TAG=v0.1.0 (set by the workflow on a tag) must match ksefdesk.__version__.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' ksefdesk/__init__.py)
[ -n "$version" ] || { echo "release: no __version__ in ksefdesk/__init__.py" >&2; exit 1; }
products=("ksefdesk-$version-linux-x86_64.tar.gz" "ksefdesk_${version}_amd64.deb")

# SHA256SUMS in DIR for this version's products (both must be there), checked back once written.
write_checksums() {
  local dir=$1 name
  for name in "${products[@]}"; do
    [ -f "$dir/$name" ] || { echo "release: $dir/$name is missing" >&2; return 1; }
  done
  (cd "$dir" && sha256sum -- "${products[@]}" > SHA256SUMS.part && mv SHA256SUMS.part SHA256SUMS \
    && sha256sum --check --strict --quiet SHA256SUMS)
  echo "checksums $dir/SHA256SUMS"
}

if [ "${1:-}" = checksums ]; then
  write_checksums "${2:?usage: scripts/release-linux.sh checksums DIR}"
  exit 0
fi

setup=1
out=dist
while [ $# -gt 0 ]; do
  case $1 in
    --no-setup) setup=0 ;;
    --out) out=${2:?--out needs a folder}; shift ;;
    *) echo "usage: scripts/release-linux.sh [--no-setup] [--out DIR] | checksums DIR" >&2; exit 2 ;;
  esac
  shift
done

tag=${RELEASE_TAG:-}
if [ -n "$tag" ] && [ "${tag#v}" != "$version" ]; then
  echo "release: tag $tag does not match ksefdesk.__version__ $version" >&2
  exit 1
fi

py=${RELEASE_PYTHON:-.venv/bin/python}
if [ "$setup" = 1 ]; then
  bash scripts/system-deps.sh runtime
  bash scripts/venv.sh packaging
fi
command -v dpkg-deb >/dev/null || { echo "release: dpkg-deb is needed for the .deb (Debian/Ubuntu)" >&2; exit 1; }

"$py" packaging/build.py --out "$out"

# A throwaway home: the self-test must pass on a clean account and leaves nothing behind. Qt picks its
# platform itself (no display on a CI runner), as a user's start does.
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
HOME=$home timeout 180 env -u QT_QPA_PLATFORM "$out/ksefdesk/ksefdesk" --self-test

write_checksums "$out"

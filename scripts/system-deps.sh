#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages KSeF Desk needs, when missing and when we may (root or
# password-less sudo). Otherwise prints the command for the user and carries on.
#   usage: scripts/system-deps.sh [runtime|test]
set -euo pipefail
purpose=${1:-runtime}

command -v dpkg-query >/dev/null 2>&1 || exit 0   # not Debian/Ubuntu: nothing we can do here

# Qt (offscreen and X11), fonts with Polish glyphs, D-Bus for the keyring, venv for Python.
packages=(
  libegl1 libgl1 libopengl0 libxkbcommon0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3
  fonts-dejavu-core
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-randr0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libx11-xcb1
)
if [ "$purpose" = test ]; then
  packages+=(xmlsec1 openssl)   # independent XAdES and time-stamp checks the signature tests compare against
  packages+=(zbar-tools poppler-utils)   # QR decoder and PDF rasterizer: the tests read KOD I back from PDFs
  packages+=(softhsm2)   # a software PKCS#11 token: the tests sign with a "card" like users do
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# python3 -m venv needs Debian's python3-venv when python3 is the system interpreter.
py=${PYTHON:-python3}
if ! "$py" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  ver=$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  missing+=("python3-venv" "python${ver}-venv")
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "KSeF Desk: these system packages are missing: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 0
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq || true
# One by one, so that a name this release lacks (e.g. python3.11-venv) does not block the rest.
for p in "${missing[@]}"; do
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$p" >/dev/null 2>&1 \
    || echo "  (could not install $p; continuing)" >&2
done

#!/usr/bin/env bash
# Installs what Hookscope needs to build, test and benchmark on Debian 12.
# Idempotent and non-interactive: installs only what is missing; uses sudo when not root.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config git ccache
  qt6-base-dev qt6-base-dev-tools libgl-dev libvulkan-dev
  libsqlite3-dev nlohmann-json3-dev libhttp-parser-dev zlib1g-dev libbrotli-dev
  # run the window headless, look at it, and test against real peers
  xvfb xauth imagemagick fonts-dejavu-core curl sqlite3 python3
  # benchmarks
  wrk nginx-light
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

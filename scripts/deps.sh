#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# Install the Debian 12 packages lfkit needs, only those missing.
# Idempotent; with everything present it only asks dpkg (well under 1 s).
#
#   scripts/deps.sh            everything (userspace + kernel + QEMU)
#   scripts/deps.sh userspace  only what the userspace build and tests need
set -euo pipefail

userspace_pkgs=(gcc make pkg-config python3 liburcu-dev libck-dev clang
		libclang-rt-14-dev valgrind gnuplot-nox)
kernel_pkgs=(linux-source-6.1 linux-headers-amd64 linux-image-amd64
	     qemu-system-x86 busybox-static bc bison flex libelf-dev libssl-dev
	     cpio dwarves kmod xz-utils rsync sparse perl)

case "${1:-all}" in
userspace) want=("${userspace_pkgs[@]}") ;;
all) want=("${userspace_pkgs[@]}" "${kernel_pkgs[@]}") ;;
*) echo "usage: $0 [all|userspace]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done" >&2

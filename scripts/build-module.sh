#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# build-module.sh KDIR OUTDIR [make arguments...]
#
# Builds lfkit.ko and lfkit_test.ko against the kernel build tree KDIR,
# in OUTDIR rather than in the checkout: kbuild builds external modules in
# place (M=), so the kernel sources (Kbuild, lf/, rcu/, selftests/) are
# mirrored into OUTDIR first, keeping their timestamps so that rebuilds are
# incremental.  The build runs at W=1 and fails on any compiler warning
# (set LFKIT_ALLOW_WARNINGS=1 to only report them).
#
# Example: scripts/build-module.sh /lib/modules/$(uname -r)/build build/module
#          scripts/build-module.sh "$KDIR" build/module LFKIT_PAUSE_POINTS=n

set -euo pipefail

[ $# -ge 2 ] || { echo "usage: $0 KDIR OUTDIR [make args...]" >&2; exit 2; }
kdir=$1 out=$2
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)

if [ ! -e "$kdir/Makefile" ]; then
	echo "build-module: $kdir is not a kernel build tree (no Makefile)." >&2
	echo "build-module: install the headers (apt-get install linux-headers-\$(uname -r)) or pass KDIR=" >&2
	exit 1
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)

# Mirror the sources; tar keeps mtimes, so unchanged files are not rebuilt.
# Sources that disappeared from the checkout are removed from the mirror.
(cd "$top" && find Kbuild lf rcu selftests -type f \( -name '*.c' -o -name '*.h' -o -name Kbuild \) 2>/dev/null |
	LC_ALL=C sort) > "$out/.sources.new"
if [ -e "$out/.sources" ]; then
	LC_ALL=C comm -23 "$out/.sources" "$out/.sources.new" | while IFS= read -r f; do
		rm -f "$out/$f"
	done
fi
mv "$out/.sources.new" "$out/.sources"
(cd "$top" && tar -cf - -T "$out/.sources") | (cd "$out" && tar -xf -)

log=$out/build.log
status=0
make -C "$kdir" M="$out" W=1 "$@" modules > "$log" 2>&1 || status=$?
# Show the compiler's diagnostics with paths relative to the checkout.
grep -E 'warning:|error:|note:|^\s+\||^\s+[0-9]+ \|' "$log" | sed "s|$out/||g" >&2 || true
if [ $status != 0 ]; then
	echo "build-module: build against $kdir failed (log: $log)" >&2
	exit $status
fi
if grep -q 'warning:' "$log"; then
	echo "build-module: compiler warnings against $kdir at W=1 (log: $log)" >&2
	[ "${LFKIT_ALLOW_WARNINGS:-0}" = 1 ] || exit 1
fi
echo "build-module: $(cd "$out" && ls lfkit*.ko | tr '\n' ' ')in $out (against $kdir)" >&2

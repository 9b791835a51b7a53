#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# run.sh - lfkit's in-kernel selftests under every test kernel.
#
#   scripts/run.sh [--flavours "debug kcsan stock"] [--filter GLOB]
#                  [--threads N] [--stress-ms MS] [--seed S] [--loops N]
#                  [--timeout S] [--verbose]
#
# For each flavour: get the kernel (debug, kcsan: built from Debian's
# linux-source-6.1 by scripts/build-kernel.sh, cached; stock: Debian's
# unmodified linux-image-amd64 and its headers), build lfkit.ko and
# lfkit_test.ko against it (W=1, no warnings allowed), boot it in QEMU
# (scripts/qemu-run.sh), and judge the console (scripts/kernel-report.py).
# Ends with one summary: each suite's pass/fail/skip counts per kernel and
# the overall verdict.  Exit status 0 only when every flavour passed.
#
# Results: build/kernel/<flavour>/ (console.log, kunit.txt, summary.json),
# build/kernel/summary.json (totals, for make check).

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=${LFKIT_KERNEL_OUT:-$top/build/kernel}
flavours="debug kcsan stock"
filter='' threads='' stress_ms='' seed='' verbose=''
loops=20 timeout_s=${LFKIT_QEMU_TIMEOUT:-900}
while [ $# -gt 0 ]; do
	case $1 in
	--flavours) flavours=$2; shift ;;
	--filter) filter=$2; shift ;;
	--threads) threads=$2; shift ;;
	--stress-ms) stress_ms=$2; shift ;;
	--seed) seed=$2; shift ;;
	--loops) loops=$2; shift ;;
	--timeout) timeout_s=$2; shift ;;
	--verbose) verbose=--verbose ;;
	*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

say() { echo "run-kernel: $*" >&2; }
t0=$SECONDS
mkdir -p "$out"

srcdir=$("$top/scripts/build-kernel.sh" --source-dir) || exit 1
kunit=$srcdir/tools/testing/kunit/kunit.py

expect=0
if [ -z "$filter" ] && [ -r "$top/selftests/suites.h" ]; then
	expect=$(grep -c '^[[:space:]]*LF_SUITE(' "$top/selftests/suites.h")
fi

# Debian's stock kernel: the version linux-image-amd64 points at, with the
# matching headers installed.
stock_version() {
	local v
	v=$(dpkg-query -W -f '${Depends}' linux-image-amd64 2>/dev/null |
	    grep -o 'linux-image-[^ ,]*' | head -1 | sed 's/^linux-image-//')
	if [ -z "$v" ] || [ ! -e "/boot/vmlinuz-$v" ]; then
		v=$(cd /boot && ls vmlinuz-*-amd64 2>/dev/null | sed 's/^vmlinuz-//' | sort -V | tail -1)
	fi
	echo "$v"
}

declare -A result
failed=0
for f in $flavours; do
	ft=$SECONDS
	work=$out/$f
	rm -rf "$work/run"
	mkdir -p "$work/run"
	result[$f]=FAIL
	if [ "$f" = stock ]; then
		v=$(stock_version)
		image=/boot/vmlinuz-$v
		kdir=/usr/src/linux-headers-$v
		if [ -z "$v" ] || [ ! -r "$image" ] || [ ! -e "$kdir/Makefile" ]; then
			say "stock: no readable /boot/vmlinuz-*-amd64 with matching headers" \
			    "(apt-get install linux-image-amd64 linux-headers-amd64)"
			failed=1; continue
		fi
	else
		kdir=$("$top/scripts/build-kernel.sh" "$f" | tail -1) || { failed=1; continue; }
		image=$kdir/arch/x86/boot/bzImage
	fi
	echo "$(( SECONDS - ft ))" > "$work/run/kernel-seconds"

	say "$f: building modules against $kdir"
	if ! "$top/scripts/build-module.sh" "$kdir" "$work/modules" LFKIT_PAUSE_POINTS=y; then
		say "$f: module build failed"
		echo "[$f] FAIL: module build against $kdir failed (see $work/modules/build.log)" \
			> "$work/run/report.txt"
		failed=1; continue
	fi

	say "$f: booting $image in QEMU (4 CPUs)"
	qt=$SECONDS
	rc=0
	"$top/scripts/qemu-run.sh" --kernel "$image" --modules "$work/modules" \
		--log "$work/run/console.log" --loops "$loops" --timeout "$timeout_s" \
		${filter:+--filter "$filter"} ${threads:+--threads "$threads"} \
		${stress_ms:+--stress-ms "$stress_ms"} ${seed:+--seed "$seed"} || rc=$?
	echo "$(( SECONDS - qt ))" > "$work/run/qemu-seconds"

	if python3 "$top/scripts/kernel-report.py" --log "$work/run/console.log" \
		--kunit "$kunit" --flavour "$f" --expect-suites "$expect" \
		--qemu-rc "$rc" --json "$work/run/summary.json" $verbose \
		> "$work/run/report.txt"; then
		result[$f]=PASS
	else
		failed=1
	fi
	[ -n "$verbose" ] && cat "$work/run/report.txt"
	say "$f: ${result[$f]} in $((SECONDS - ft))s (console: $work/run/console.log)"
done

# --- one summary -------------------------------------------------------------
echo
echo "==== lfkit in-kernel selftests ===="
for f in $flavours; do
	if [ -s "$out/$f/run/report.txt" ]; then
		cat "$out/$f/run/report.txt"
	else
		echo "[$f] FAIL: no result (kernel or module build failed, see above)"
	fi
done
# shellcheck disable=SC2086 # one argument per flavour
python3 - "$out" $flavours <<'EOF'
import json, os, sys
out, flavours = sys.argv[1], sys.argv[2:]
tot = {'passed': 0, 'failed': 0, 'skipped': 0}
res = {}
for f in flavours:
    try:
        with open(os.path.join(out, f, 'run', 'summary.json')) as fp:
            s = json.load(fp)
    except (OSError, ValueError):
        s = {'result': 'FAIL', 'totals': {'passed': 0, 'failed': 1, 'skipped': 0}}
    res[f] = s['result']
    for k in tot:
        tot[k] += s['totals'][k]
    # A flavour can fail with every case passing (a kernel report, a leak):
    # count that as one failure so the total says so.
    if s['result'] != 'PASS' and s['totals']['failed'] == 0:
        tot['failed'] += 1
with open(os.path.join(out, 'summary.json'), 'w') as fp:
    json.dump({'flavours': res, 'totals': tot}, fp, indent=1)
print('kernel: %s -- %d passed, %d failed, %d skipped' % (
    ', '.join('%s %s' % (f, res[f]) for f in flavours),
    tot['passed'], tot['failed'], tot['skipped']))
EOF
say "total $((SECONDS - t0))s"
exit $failed

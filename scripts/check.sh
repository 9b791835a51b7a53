#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# make check: every test, one summary. Each step writes its log to
# build/check/<step>.log; KTAP steps count their leaf test cases, other
# steps count as one test each. The last line is "N passed, N failed,
# N skipped". Exit status non-zero if anything failed.
#
# LFKIT_CHECK_KERNEL=0 skips the kernel steps (they are then reported as
# skipped, not passed).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
logs=build/check
mkdir -p "$logs"
passed=0 failed=0 skipped=0
failures=()

tally() {	# name passed failed skipped
	passed=$((passed + $2)) failed=$((failed + $3)) skipped=$((skipped + $4))
	[ "$3" -gt 0 ] && failures+=("$1")
	printf '  %-34s %5d passed %3d failed %3d skipped\n' "$1" "$2" "$3" "$4"
}

# A KTAP-producing command: counts from the output; a non-zero exit with
# no failing case counted still fails (a crash, a sanitizer report).
ktap_step() {	# name command...
	local name=$1 rc
	shift
	"$@" > "$logs/$name.log" 2> "$logs/$name.err"
	rc=$?
	read -r p f s < <(python3 scripts/ktap-count.py "$logs/$name.log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		f=1	# ran nothing: a failure, not a pass
		echo "    $name: no test results (exit $rc)" >&2
	fi
	tally "$name" "$p" "$f" "$s"
	if [ "$f" -gt 0 ]; then
		grep -E '^\s*not ok|# .*(FAILED|Expected|watchdog)' "$logs/$name.log" | head -20 | sed 's/^/      /'
		tail -20 "$logs/$name.err" | sed 's/^/      stderr: /'
	fi
}

# A pass/fail command: one test.
plain_step() {	# name command...
	local name=$1
	shift
	if "$@" > "$logs/$name.log" 2>&1; then
		tally "$name" 1 0 0
	else
		tally "$name" 0 1 0
		tail -20 "$logs/$name.log" | sed 's/^/      /'
	fi
}

echo "lfkit: make check"
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
export ASAN_OPTIONS="detect_leaks=1 abort_on_error=0 ${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1 halt_on_error=1 ${UBSAN_OPTIONS:-}"

ktap_step userspace-plain build/plain/lfkit-test
ktap_step userspace-asan-ubsan build/asan/lfkit-test
ktap_step userspace-tsan build/tsan/lfkit-test
ktap_step model-checker build/lfkit-mc
plain_step lint bash scripts/lint.sh
for ex in build/examples/*; do
	[ -x "$ex" ] && plain_step "example-$(basename "$ex")" timeout 60 "$ex"
done
plain_step kunit-shim-selftest bash scripts/check-shim.sh
plain_step install-pkgconfig bash scripts/check-install.sh
plain_step atomic-bad-size-is-build-error bash scripts/check-atomic-size.sh

if [ "${LFKIT_CHECK_KERNEL:-1}" != 0 ] && [ -f scripts/kernel.mk ]; then
	# Every flavour (debug, kcsan, stock) in QEMU; run.sh leaves one
	# summary.json per flavour. A flavour that failed with every case
	# passing (a kernel report, a leak, a failed build) counts one failure.
	rm -rf build/kernel
	before=$failed
	make -s check-kernel > "$logs/kernel.log" 2>&1
	krc=$?
	sed -n '/==== lfkit in-kernel selftests ====/,$p' "$logs/kernel.log" | sed 's/^/    /'
	while read -r name p f s; do
		tally "$name" "$p" "$f" "$s"
	done < <(python3 - build/kernel ${KERNEL_FLAVOURS:-debug kcsan stock} <<'PY'
import json, os, sys
out, flavours = sys.argv[1], sys.argv[2:] or ['debug', 'kcsan', 'stock']
for f in flavours:
    try:
        with open(os.path.join(out, f, 'run', 'summary.json')) as fp:
            s = json.load(fp)
        t = s['totals']
        extra = 1 if s['result'] != 'PASS' and t['failed'] == 0 else 0
        print('kernel-' + f, t['passed'], t['failed'] + extra, t['skipped'])
    except (OSError, ValueError, KeyError):
        print('kernel-' + f, 0, 1, 0)
PY
	)
	if [ "$krc" -ne 0 ]; then
		[ "$failed" -eq "$before" ] && tally kernel-run 0 1 0
		tail -30 "$logs/kernel.log" | sed 's/^/      /'
	fi
else
	tally kernel-steps 0 0 1
fi

if [ ${#failures[@]} -gt 0 ]; then
	echo "failed steps: ${failures[*]} (logs in $logs/)"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# scripts/check-shim.sh - prove that the userspace KUnit shim and runner can
# fail: build selftests/shim_selftest.c (cases that fail on purpose) into a
# separate runner and check the exact KTAP result lines, the diagnostics,
# the exit statuses, and what kunit.py parse makes of the output.
#
#   scripts/check-shim.sh [VARIANT...]     VARIANT: plain asan tsan
#                                          (default: all three)
#
# Environment: CC (default cc), KUNIT_PY (path to the kernel tree's
# tools/testing/kunit/kunit.py; otherwise found in KDIR, in the lfkit cache
# or extracted there from /usr/src/linux-source-*.tar.xz; the kunit.py
# checks are skipped with a warning when none is found, unless
# CHECK_SHIM_REQUIRE_KUNIT_PY=1), CHECK_SHIM_SLOW=all (run the 10 s watchdog
# abort check in every variant, not only plain).
#
# Exits 0 when the shim behaves, 1 otherwise.

set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CC=${CC:-cc}
VARIANTS=${*:-plain asan tsan}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lfkit-check-shim.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

fails=0
checks=0

pass() { checks=$((checks + 1)); }
fail() {
	checks=$((checks + 1))
	fails=$((fails + 1))
	echo "check-shim: FAIL [$variant]: $*" >&2
}

# --- kunit.py ---------------------------------------------------------

find_kunit_py() {
	local cache tarball
	if [ -n "${KUNIT_PY:-}" ] && [ -f "$KUNIT_PY" ]; then
		echo "$KUNIT_PY"; return
	fi
	if [ -n "${KDIR:-}" ] && [ -f "$KDIR/tools/testing/kunit/kunit.py" ]; then
		echo "$KDIR/tools/testing/kunit/kunit.py"; return
	fi
	cache=${XDG_CACHE_HOME:-$HOME/.cache}/lfkit/kunit-tool
	if [ -f "$cache/tools/testing/kunit/kunit.py" ]; then
		echo "$cache/tools/testing/kunit/kunit.py"; return
	fi
	tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | tail -n 1)
	if [ -n "$tarball" ]; then
		local top
		top=$(basename "$tarball" .tar.xz)
		mkdir -p "$cache" &&
		tar -xJf "$tarball" -C "$cache" --strip-components=1 \
			"$top/tools/testing/kunit" 2>/dev/null &&
		[ -f "$cache/tools/testing/kunit/kunit.py" ] &&
		echo "$cache/tools/testing/kunit/kunit.py"
	fi
}

KUNIT=$(find_kunit_py)
if [ -z "$KUNIT" ]; then
	echo "check-shim: warning: kunit.py not found (set KUNIT_PY): kunit.py checks skipped" >&2
	if [ "${CHECK_SHIM_REQUIRE_KUNIT_PY:-0}" = 1 ]; then
		exit 1
	fi
fi

# --- build ------------------------------------------------------------

cat > "$WORK/shim_suites.h" <<'EOF'
LF_SUITE(lfkit_shim_suite)
LF_SUITE(lfkit_shim_skip_suite)
LF_SUITE(lfkit_shim_init_fail_suite)
LF_SUITE(slow_shim_timeout_suite)
LF_SUITE(slow_shim_wdabort_suite)
EOF

# The runner's sources and flags (the same as lfkit-test's, with another
# suite list). Built from $ROOT with relative paths, as make does.
CFLAGS_COMMON="-std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter -Werror -g -pthread -I. -Iselftests"
SRCS="userspace/test_main.c selftests/kunit_shim.c selftests/lf_test.c selftests/shim_selftest.c"

build() {
	local flags
	case $1 in
	plain) flags="-O2" ;;
	asan) flags="-O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" ;;
	tsan) flags="-O1 -fsanitize=thread" ;;
	*) echo "check-shim: unknown variant $1" >&2; return 1 ;;
	esac
	# shellcheck disable=SC2086
	(cd "$ROOT" && $CC $CFLAGS_COMMON $flags \
		"-DLFKIT_SUITES_H=\"$WORK/shim_suites.h\"" \
		$SRCS -o "$WORK/shim-test-$1")
}

# --- expectations -----------------------------------------------------

# Every result line of `shim-test 'lfkit_shim*'`, in order.
cat > "$WORK/expected" <<'EOF'
    ok 1 passing
    not ok 2 expect_fails
    not ok 3 assert_stops
    ok 4 skips # SKIP not today 42
    ok 5 mark_skipped_goes_on # SKIP partly
        ok 1 value=1
        not ok 2 value=2
        ok 3 value=3
    not ok 6 one_param_fails
        ok 1 param-0
        ok 2 param-1
    ok 7 param_all_pass
    not ok 8 segfaults
    not ok 9 exits_nonzero
    ok 10 leaks_allocation
    not ok 11 leaks_then_asserts
    not ok 12 messages
    ok 13 threads_and_helpers
    ok 14 watchdog_fires
not ok 1 lfkit_shim
    ok 1 skipped_too # SKIP whole suite skipped
ok 2 lfkit_shim_skip # SKIP
    not ok 1 never_runs
not ok 3 lfkit_shim_init_fail
EOF

# Diagnostic lines that must appear, verbatim.
cat > "$WORK/expected-diags" <<'EOF'
KTAP version 1
1..3
    KTAP version 1
    # Subtest: lfkit_shim
    1..14
        KTAP version 1
        # Subtest: one_param_fails
    # expect_fails: EXPECTATION FAILED at selftests/shim_selftest.c
    # Expected a == b, but
    #     a == 3
    #     b == 4
    # expect_fails: went on after the failed expectation
    # assert_stops: ASSERTION FAILED at selftests/shim_selftest.c
    # Expected a == 4, but
    #     a == 3
    # assert_stops: exit ran
    # mark_skipped_goes_on: went on after kunit_mark_skipped
    # Expected p->value != 2, but
    #     p->value == 2
    # one_param_fails: pass:2 fail:1 skip:0 total:3
    # exits_nonzero: test process exited with status 3
    # leaks_then_asserts: exit ran
    # Expected big == 1, but
    #     big == 18446744073709551615
    # Expected neg == 1 + 1, but
    #     neg == -5
    #     1 + 1 == 2
    # Expected s == "abd", but
    #     s == "abc"
    # Expected err is not error, but is: -22
    # Expected none == (void *)s, but
    #     none == (nil)
    # Expected none is not null, but is
    # ptr #2
    # Expected neg > 0 to be true, but is false
    # neg is -5
    # plain failure message
    # kunit_kfree: 
    # watchdog: no progress for 200 ms
# lfkit_shim: pass:5 fail:7 skip:2 total:14
# Totals: pass:8 fail:7 skip:2 total:17
    # lfkit_shim_init_fail: failed to initialize (-22)
EOF

KUNIT_SUMMARY="Ran 19 tests: passed: 8, failed: 8, skipped: 3"

result_lines() {
	grep -E '^ *(not )?ok [0-9]' "$1" | sed 's/ *$//'
}

# run NAME EXPECTED_STATUS ARGS...: output in $WORK/NAME.out/.err
run() {
	local name=$1 want=$2 status
	shift 2
	"$WORK/shim-test-$variant" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err"
	status=$?
	if [ "$status" -ne "$want" ]; then
		fail "$name: exit status $status, expected $want"
	else
		pass
	fi
}

check_kunit_py() {
	local out=$1 want_summary=$2 want_status=$3 status
	[ -n "$KUNIT" ] || return 0
	python3 "$KUNIT" parse < "$out" > "$out.parsed" 2>&1
	status=$?
	if [ "$status" -ne "$want_status" ]; then
		fail "kunit.py parse of $(basename "$out"): status $status, expected $want_status"
	fi
	if grep -qF "$want_summary" "$out.parsed"; then
		pass
	else
		fail "kunit.py parse of $(basename "$out"): expected '$want_summary', got: $(grep 'Testing complete' "$out.parsed")"
	fi
	if grep -qE '\[ERROR\]|could not find' "$out.parsed"; then
		fail "kunit.py parse of $(basename "$out") reports errors: $(grep -E '\[ERROR\]|could not find' "$out.parsed" | head -3)"
	fi
}

check_variant() {
	local start elapsed
	echo "check-shim: [$variant] building" >&2
	if ! build "$variant"; then
		fail "build failed"
		return
	fi

	# The main run: failures, skips, params, crash, exit, leaks, messages.
	run main 1 --threads 3 --stress-ms 50 --seed 99 'lfkit_shim*'
	if diff -u "$WORK/expected" <(result_lines "$WORK/main.out") > "$WORK/main.diff"; then
		pass
	else
		fail "result lines differ:"; cat "$WORK/main.diff" >&2
	fi
	while IFS= read -r line; do
		if grep -qF -- "$line" "$WORK/main.out"; then
			pass
		else
			fail "missing diagnostic: '$line'"
		fi
	done < "$WORK/expected-diags"
	if grep -q REACHED "$WORK/main.out" "$WORK/main.err"; then
		fail "code after an assertion, kunit_skip() or a crash ran: $(grep -h REACHED "$WORK/main.out" "$WORK/main.err")"
	else
		pass
	fi
	if grep -q LEAKED "$WORK/main.err"; then
		fail "a test-managed allocation was not freed"
	else
		pass
	fi
	# Only KTAP on stdout: every line is a KTAP line.
	if grep -vE '^ *(KTAP version 1|1\.\.[0-9]+|(not )?ok [0-9]+ .*|# .*|#)$' "$WORK/main.out" > "$WORK/stray"; then
		fail "non-KTAP lines on stdout: $(head -3 "$WORK/stray")"
	else
		pass
	fi
	# The crash is a signal in the plain build, a sanitizer report (on
	# stderr, passed through) otherwise.
	case $variant in
	plain) grep -qF "segfaults: test case crashed: killed by signal 11 (SIGSEGV)" "$WORK/main.out" ;;
	asan) grep -q "AddressSanitizer: SEGV" "$WORK/main.err" ;;
	tsan) grep -q "ThreadSanitizer: SEGV" "$WORK/main.err" ;;
	esac && pass || fail "the crash was not reported as expected"
	check_kunit_py "$WORK/main.out" "$KUNIT_SUMMARY" 1

	# A passing selection exits 0 and parses as passed.
	run pass 0 --threads 3 --stress-ms 50 --seed 99 'lfkit_shim.[ptw]*'
	if [ "$(result_lines "$WORK/pass.out" | tr -s ' ' | tr '\n' '|')" = \
	     " ok 1 passing| ok 1 param-0| ok 2 param-1| ok 2 param_all_pass| ok 3 threads_and_helpers| ok 4 watchdog_fires|ok 1 lfkit_shim|" ]; then
		pass
	else
		fail "filtered passing run: $(result_lines "$WORK/pass.out" | tr '\n' '|')"
	fi
	check_kunit_py "$WORK/pass.out" "Ran 5 tests: passed: 5" 0

	# Filters, --list, usage errors.
	run list 0 --list '*.*skip*'
	if [ "$(tr '\n' ' ' < "$WORK/list.out")" = "lfkit_shim.skips lfkit_shim.mark_skipped_goes_on lfkit_shim_skip.skipped_too " ]; then
		pass
	else
		fail "--list: $(tr '\n' ' ' < "$WORK/list.out")"
	fi
	run nomatch 1 'no_such_suite'
	grep -qx '1..0' "$WORK/nomatch.out" && pass || fail "no match: no '1..0' plan"
	run badthreads 2 --threads 0
	run badstress 2 --stress-ms x
	run badtimeout 2 --timeout=-1
	run badopt 2 --no-such-option
	run twofilters 2 a b
	run missing 2 --seed

	# The per-case timeout kills a case that never ends.
	start=$(date +%s)
	run timeout 1 --timeout 2 slow_shim_timeout
	elapsed=$(( $(date +%s) - start ))
	grep -qF "sleeps_forever: test case timed out after 2 s: killed" "$WORK/timeout.out" &&
		grep -qF "not ok 1 sleeps_forever" "$WORK/timeout.out" && [ "$elapsed" -lt 10 ] &&
		pass || fail "timeout not reported (after ${elapsed}s): $(cat "$WORK/timeout.out")"
	check_kunit_py "$WORK/timeout.out" "Ran 1 tests: failed: 1" 1

	# A fired watchdog whose workers never stop aborts the process.
	if [ "$variant" = plain ] || [ "${CHECK_SHIM_SLOW:-}" = all ]; then
		run wdabort 1 --timeout 60 slow_shim_wdabort
		grep -qF "# watchdog: no progress for 100 ms" "$WORK/wdabort.out" &&
			grep -qF "aborting" "$WORK/wdabort.out" &&
			grep -qF "not ok 1 watchdog_aborts" "$WORK/wdabort.out" &&
			! grep -q REACHED "$WORK/wdabort.out" &&
			pass || fail "watchdog abort: $(cat "$WORK/wdabort.out")"
	fi
}

for variant in $VARIANTS; do
	check_variant
done

variant=all
if [ "$fails" -ne 0 ]; then
	echo "check-shim: $fails of $checks checks FAILED (output kept in $WORK)" >&2
	trap - EXIT
	exit 1
fi
echo "check-shim: all $checks checks passed ($VARIANTS)"
exit 0

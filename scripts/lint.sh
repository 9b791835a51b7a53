#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# lint.sh - the lint gate of `make check` (issue 7): every step must be
# silent.
#
#   checkpatch  scripts/checkpatch.pl --strict on every tracked *.c / *.h
#   kernel-doc  scripts/kernel-doc -none on every public header
#   sparse      the kernel module build with C=2 (every file checked), no
#               sparse or compiler diagnostic in lfkit's files
#   barriers    scripts/check-barriers.py (partner comments)
#
# checkpatch and kernel-doc come from the kernel source the test kernels
# are built from (scripts/build-kernel.sh --source-dir extracts it once).
# KDIR selects the kernel build tree for sparse, as for `make module`.
#
# Prints each finding and a one-line verdict per step; exits 1 if any step
# found something.
set -uo pipefail

# Files exempt from the gate (space-separated paths). Keep it empty: a
# file listed here must say in its commit why it cannot be clean.
LINT_EXCLUDE=""

# checkpatch types that do not fit lfkit; everything else is fixed, not
# ignored.
CHECKPATCH_IGNORE=(
	# The arguments reused are only in sizeof/typeof (type-generic
	# atomics), lvalue cursors of iterators (as list_for_each_entry_safe),
	# or the test pointer of KUnit-compatible assertion macros, as KUnit's.
	MACRO_ARG_REUSE
	# Userspace half: there are no <linux/compiler_attributes.h> macros
	# (__aligned, __noreturn, __printf ...); the __attribute__ is spelled out.
	PREFER_DEFINED_ATTRIBUTE_MACRO
	# Userspace half: u8..s64 are defined from <stdint.h> types in
	# lf/compat.h, which is the one place those types appear.
	PREFER_KERNEL_TYPES
	# DESIGN.md mandates opaque counter/lock types (lf_atomic_t,
	# lf_seqcount_t, lf_spinlock_t ...) with kernel and userspace bodies.
	NEW_TYPEDEFS
	# Pause-point names ("lf_ring_enqueue:after_tail_faa") are a
	# documented "function:point" naming scheme that the tests match
	# literally; __func__ would hide them from grep.
	EMBEDDED_FUNCTION_NAME
	# The only mixed-case tokens are the C11 keyword _Pragma (GCC
	# diagnostic push/pop inside the KUnit shim's comparison macro);
	# lfkit has no CamelCase identifiers.
	CAMELCASE
	# Kernel style keeps user-visible strings unsplit and greppable.
	LONG_LINE_STRING
)

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
status=0
fail() { echo "lint: $1: FAILED"; status=1; }
ok() { echo "lint: $1: ok"; }

excluded() {
	case " $LINT_EXCLUDE " in *" $1 "*) return 0 ;; esac
	return 1
}

srcdir=$(scripts/build-kernel.sh --source-dir) || { echo "lint: no kernel source tree"; exit 1; }

# --- checkpatch ---------------------------------------------------------------
files=()
while IFS= read -r f; do
	excluded "$f" || files+=("$f")
done < <(git ls-files '*.c' '*.h')
ignore=$(IFS=,; echo "${CHECKPATCH_IGNORE[*]}")
out=$("$srcdir/scripts/checkpatch.pl" --strict --no-tree --terse --show-types \
	--no-summary --max-line-length=100 --ignore "$ignore" -f "${files[@]}" 2>&1)
if [ -n "$out" ]; then
	echo "$out"
	fail "checkpatch ($(echo "$out" | wc -l) findings in ${#files[@]} files)"
else
	ok "checkpatch (${#files[@]} files)"
fi

# --- kernel-doc ---------------------------------------------------------------
hdrs=()
for h in lf/*.h rcu/rcu.h; do
	excluded "$h" || hdrs+=("$h")
done
out=$("$srcdir/scripts/kernel-doc" -none "${hdrs[@]}" 2>&1)
if [ -n "$out" ]; then
	echo "$out"
	fail "kernel-doc"
else
	ok "kernel-doc (${#hdrs[@]} headers)"
fi

# --- sparse -------------------------------------------------------------------
if [ -z "${KDIR:-}" ]; then
	KDIR=/lib/modules/$(uname -r)/build
	[ -e "$KDIR/Makefile" ] ||
		KDIR=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -1)
fi
if ! command -v sparse >/dev/null; then
	echo "lint: sparse not installed (apt-get install sparse)"
	fail sparse
elif [ -z "$KDIR" ] || [ ! -e "$KDIR/Makefile" ]; then
	echo "lint: no kernel build tree for sparse (pass KDIR=)"
	fail sparse
else
	# -k: an excluded file that does not build must not hide the others.
	scripts/build-module.sh "$KDIR" build/lint/module -k C=2 >/dev/null 2>&1
	brc=$?
	log=build/lint/module/build.log
	out=$(grep -E '^[^ :]+:[0-9]+(:[0-9]+)?: (warning|error):' "$log" |
		sed "s|$top/build/lint/module/||" |
		while IFS= read -r l; do
			case $l in /*) continue ;; esac	# kernel headers
			excluded "${l%%:*}" || echo "$l"
		done)
	if [ -n "$out" ]; then
		echo "$out"
		fail "sparse"
	elif [ $brc -ne 0 ] && [ -z "$LINT_EXCLUDE" ]; then
		tail -20 "$log"
		fail "sparse (module build failed, log: $log)"
	else
		ok "sparse (C=2 against $KDIR)"
	fi
fi

# --- barrier comments ---------------------------------------------------------
if out=$(python3 scripts/check-barriers.py 2>&1); then
	ok "barrier comments"
else
	echo "$out"
	fail "barrier comments"
fi

exit $status

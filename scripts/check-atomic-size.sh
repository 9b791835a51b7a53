#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR MIT
# An lf/atomic.h operation on an operand of unsupported size must not
# compile; the same snippet with a supported size must.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for op in 'lf_xchg(&v, 1)' 'lf_read_once(v)' 'lf_cmpxchg(&v, 0, 1)' \
	  'lf_load_acquire(&v)' 'lf_try_cmpxchg_relaxed(&v, &o, 1)'; do
	for type in short char 'long long'; do
		printf '#include "lf/atomic.h"\nint f(void) { %s v = 0, o = 0; (void)o; return (int)%s; }\n' \
			"$type" "$op" > "$tmp/bad.c"
		if cc -std=gnu11 -I"$top" -c "$tmp/bad.c" -o "$tmp/bad.o" 2>/dev/null; then
			[ "$type" = 'long long' ] && [ "$(getconf LONG_BIT)" = 64 ] && continue
			echo "check-atomic-size: '$op' on $type compiled" >&2
			exit 1
		fi
	done
	printf '#include "lf/atomic.h"\nint f(void) { int v = 0, o = 0; (void)o; return (int)%s; }\n' \
		"$op" > "$tmp/good.c"
	cc -std=gnu11 -Wall -Wextra -I"$top" -c "$tmp/good.c" -o "$tmp/good.o"
done
echo "check-atomic-size: ok"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# check-install.sh: install into a temporary prefix, build a program from
# outside the tree with pkg-config against it (shared and static), run it;
# check that DESTDIR staging and uninstall work. Exit 0 on success.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$top"
make -s install PREFIX="$tmp/prefix" >/dev/null
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
cp examples/stack_threads.c "$tmp/"
cd "$tmp"
# shellcheck disable=SC2046
cc -std=gnu11 -O2 -Wall -Wextra -o prog_shared stack_threads.c \
	$(pkg-config --cflags --libs lfkit) -lpthread
LD_LIBRARY_PATH="$tmp/prefix/lib" ./prog_shared
# shellcheck disable=SC2046
cc -std=gnu11 -O2 -Wall -Wextra -o prog_static stack_threads.c \
	$(pkg-config --cflags lfkit) "$tmp/prefix/lib/liblfkit.a" \
	$(pkg-config --libs-only-l --static lfkit | sed 's/-llfkit//') -lpthread
./prog_static
readelf -d prog_shared | grep -q 'NEEDED.*liblfkit.so.0' ||
	{ echo "check-install: prog_shared does not need liblfkit.so.0" >&2; exit 1; }

# DESTDIR staging and uninstall
cd "$top"
make -s install PREFIX=/usr DESTDIR="$tmp/stage" >/dev/null
for f in usr/include/lfkit/lf/stack.h usr/include/lfkit/rcu/rcu.h \
	 usr/lib/liblfkit.a usr/lib/liblfkit.so.0 usr/lib/liblfkit.so \
	 usr/lib/pkgconfig/lfkit.pc; do
	[ -e "$tmp/stage/$f" ] || { echo "check-install: missing $f" >&2; exit 1; }
done
grep -q '^prefix=/usr$' "$tmp/stage/usr/lib/pkgconfig/lfkit.pc" ||
	{ echo "check-install: lfkit.pc has the wrong prefix" >&2; exit 1; }
make -s uninstall PREFIX=/usr DESTDIR="$tmp/stage" >/dev/null
left=$(find "$tmp/stage" -type f | wc -l)
[ "$left" -eq 0 ] || { echo "check-install: uninstall left $left files" >&2; exit 1; }
echo "check-install: ok"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# make run: the main job. Installs what is missing, builds the library,
# the runners and the modules, runs the selftests in userspace and inside
# the test kernels (QEMU: debug, kcsan, and Debian's stock kernel), and
# prints one summary. Exit status 0 only if everything passed.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
logs=build/run
mkdir -p "$logs"

bash scripts/deps.sh || exit 1
echo "make run: building (log: $logs/build.log)"
make -j2 all > "$logs/build.log" 2>&1 || { tail -30 "$logs/build.log"; exit 1; }

echo "make run: userspace selftests (build/lfkit-test)"
build/lfkit-test > "$logs/userspace.ktap" 2> "$logs/userspace.err"
urc=$?
echo "make run: in-kernel selftests (debug, kcsan, stock kernels in QEMU; a first run builds the test kernels)"
# The whole log goes to a file; progress lines (a first run builds two
# kernels: minutes) also go to the terminal.
make -s run-kernel 2>&1 | tee "$logs/kernel.log" |
	grep --line-buffered -E '^(run-kernel|build-kernel|build-module): ' | sed 's/^/  /'
krc=${PIPESTATUS[0]}

echo
echo "==== lfkit userspace selftests ===="
python3 scripts/ktap-count.py --suites "$logs/userspace.ktap" | sed '$d' |
while read -r suite p f s; do
	printf '[userspace] %-16s %4d passed %3d failed %3d skipped\n' "$suite" "$p" "$f" "$s"
done
read -r up uf us < <(python3 scripts/ktap-count.py "$logs/userspace.ktap")
[ "$urc" -ne 0 ] && [ "$uf" -eq 0 ] && uf=1
echo "userspace: $up passed, $uf failed, $us skipped"
echo
sed -n '/==== lfkit in-kernel selftests ====/,$p' "$logs/kernel.log"
if ! grep -q '==== lfkit in-kernel selftests ====' "$logs/kernel.log"; then
	tail -30 "$logs/kernel.log"
fi
echo
echo "==== benchmark ===="
echo "(the side-by-side benchmark is not part of lfkit yet; see the open issue)"
echo
if [ "$urc" -eq 0 ] && [ "$krc" -eq 0 ]; then
	echo "make run: all passed (logs in $logs/ and build/kernel/)"
	exit 0
fi
echo "make run: FAILED (logs in $logs/ and build/kernel/)"
exit 1

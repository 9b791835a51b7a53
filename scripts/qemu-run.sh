#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# qemu-run.sh - boot a kernel in QEMU with an initramfs that loads lfkit's
# modules and runs the in-kernel selftests (selftests/initramfs-init).
#
#   qemu-run.sh --kernel IMAGE --modules DIR --log FILE [options]
#
#   --kernel IMAGE    bzImage / vmlinuz to boot
#   --modules DIR     directory holding lfkit.ko and lfkit_test.ko
#   --log FILE        the serial console is captured here
#   --filter GLOB     lfkit_test.ko filter= (suite_glob[.case_glob])
#   --threads N  --stress-ms MS  --seed S     lfkit_test.ko parameters
#   --loops N         insmod/rmmod iterations after the run (default 20)
#   --cpus N          virtual CPUs (default 4); the init fails if fewer come up
#   --mem SIZE        guest memory (default 1G)
#   --timeout S       hard limit for the whole run (default 900)
#   --append ARGS     extra kernel command line
#
# The exit status is QEMU's: 0 when the guest rebooted at the end, 124 on
# timeout.  Whether the tests passed is for scripts/kernel-report.py to say
# from the log.
#
# Acceleration (LFKIT_ACCEL): auto (default) | kvm | tcg.  With auto, KVM is
# tried when /dev/kvm is usable; if the guest has not booted within
# LFKIT_KVM_PROBE_S seconds (30) the run falls back to TCG and the verdict is
# remembered until the host reboots (nested KVM can hang at boot).

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${LFKIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lfkit}

kernel='' modules='' log='' filter='' threads='' stress_ms='' seed=''
loops=20 cpus=4 mem=1G timeout_s=900 append=
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2 ;;
	--modules) modules=$2 ;;
	--log) log=$2 ;;
	--filter) filter=$2 ;;
	--threads) threads=$2 ;;
	--stress-ms) stress_ms=$2 ;;
	--seed) seed=$2 ;;
	--loops) loops=$2 ;;
	--cpus) cpus=$2 ;;
	--mem) mem=$2 ;;
	--timeout) timeout_s=$2 ;;
	--append) append=$2 ;;
	*) echo "qemu-run: unknown option $1" >&2; exit 2 ;;
	esac
	shift 2
done
if [ -z "$kernel" ] || [ -z "$modules" ] || [ -z "$log" ]; then
	echo "usage: $0 --kernel IMAGE --modules DIR --log FILE [options]" >&2
	exit 2
fi
for f in "$kernel" "$modules/lfkit.ko" "$modules/lfkit_test.ko"; do
	[ -r "$f" ] || { echo "qemu-run: cannot read $f" >&2; exit 1; }
done
busybox=${LFKIT_BUSYBOX:-/bin/busybox}
[ -x "$busybox" ] || { echo "qemu-run: $busybox missing (apt-get install busybox-static)" >&2; exit 1; }
if readelf -l "$busybox" 2>/dev/null | grep -q 'program interpreter'; then
	echo "qemu-run: $busybox is dynamically linked; busybox-static is needed" >&2
	exit 1
fi

# gen_init_cpio makes the archive (with /dev/console) without root.
gen=$cache/bin/gen_init_cpio
if [ ! -x "$gen" ]; then
	src=$("$top/scripts/build-kernel.sh" --source-dir)
	mkdir -p "$cache/bin"
	${HOSTCC:-gcc} -O2 -o "$gen.tmp" "$src/usr/gen_init_cpio.c"
	mv "$gen.tmp" "$gen"
fi

work=$(dirname "$log")
mkdir -p "$work"
initrd=$work/initramfs.cpio
cat > "$work/initramfs.list" <<EOF
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /bin 0755 0 0
file /bin/busybox $busybox 0755 0 0
dir /proc 0755 0 0
dir /sys 0755 0 0
dir /tmp 1777 0 0
dir /lfkit 0755 0 0
file /lfkit/lfkit.ko $(realpath "$modules/lfkit.ko") 0644 0 0
file /lfkit/lfkit_test.ko $(realpath "$modules/lfkit_test.ko") 0644 0 0
file /init $top/selftests/initramfs-init 0755 0 0
EOF
"$gen" "$work/initramfs.list" > "$initrd"

# Kernel command line: timestamps on (kernel-report.py strips them), no rate
# limit on the init's /dev/kmsg lines, reboot at once on panic.
# TCG on a loaded host is slow: give RCU's stall detector more room than
# the 21 s default, which a busy host can exceed without any bug.
cmdline="console=ttyS0 loglevel=7 printk.time=1 printk.devkmsg=on panic=-1"
cmdline+=" rcupdate.rcu_cpu_stall_timeout=60 lfkit_cpus=$cpus lfkit_loops=$loops"
[ -n "$filter" ] && cmdline+=" lfkit_filter=$filter"
[ -n "$threads" ] && cmdline+=" lfkit_threads=$threads"
[ -n "$stress_ms" ] && cmdline+=" lfkit_stress_ms=$stress_ms"
[ -n "$seed" ] && cmdline+=" lfkit_seed=$seed"
[ -n "$append" ] && cmdline+=" $append"

qemu_args=(-cpu max -smp "$cpus" -m "$mem" -nodefaults -nographic -no-reboot
	   -serial "file:$log" -monitor none
	   -kernel "$kernel" -initrd "$initrd" -append "$cmdline")

accel=${LFKIT_ACCEL:-auto}
kvm_bad=$cache/kvm-hangs-$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo unknown)
if [ "$accel" = auto ]; then
	accel=tcg
	if [ -r /dev/kvm ] && [ -w /dev/kvm ] && [ ! -e "$kvm_bad" ]; then
		accel=kvm
	fi
fi

start=$SECONDS
if [ "$accel" = kvm ]; then
	# Watch for the init's first line; a guest that has not booted by then
	# is taken as a KVM hang, and the run is repeated under TCG.
	probe=${LFKIT_KVM_PROBE_S:-30}
	: > "$log"
	timeout -k 10 "$timeout_s" qemu-system-x86_64 -accel kvm "${qemu_args[@]}" </dev/null &
	pid=$!		# timeout(1) relays our SIGTERM to QEMU
	while kill -0 $pid 2>/dev/null && ! grep -q 'lfkit-init: booted' "$log" &&
	      [ $((SECONDS - start)) -lt "$probe" ]; do
		sleep 1
	done
	if grep -q 'lfkit-init: booted' "$log"; then
		rc=0; wait $pid || rc=$?
		echo "qemu-run: $(basename "$kernel") under KVM: rc=$rc in $((SECONDS - start))s" >&2
		exit $rc
	fi
	kill $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	echo "qemu-run: KVM guest did not boot within ${probe}s; falling back to TCG" >&2
	mkdir -p "$cache" && touch "$kvm_bad"
	start=$SECONDS
fi

rc=0
timeout -k 10 "$timeout_s" qemu-system-x86_64 -accel tcg,thread=multi "${qemu_args[@]}" \
	</dev/null || rc=$?
echo "qemu-run: $(basename "$kernel") under TCG: rc=$rc in $((SECONDS - start))s" >&2
[ $rc = 124 ] || [ $rc = 137 ] && echo "qemu-run: TIMEOUT after ${timeout_s}s (log: $log)" >&2
exit $rc

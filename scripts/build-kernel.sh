#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# build-kernel.sh FLAVOUR... - build (or find in the cache) lfkit's test kernels.
#
# A flavour is a config fragment selftests/config.<flavour>, applied on top
# of `make tinyconfig` of Debian's linux-source-6.1.  The source tarball is
# extracted once into the cache; each flavour is built out of tree (O=) into
#
#   ${XDG_CACHE_HOME:-$HOME/.cache}/lfkit/kernels/<flavour>-<hash>/
#
# where <hash> covers the fragment, the source version and this recipe, so
# a changed fragment gets a fresh tree and an unchanged one is instant.
# Every option the fragment requests is checked in the final .config: if
# olddefconfig dropped one (an unmet dependency), the build fails loudly.
#
# Prints the build directory of each flavour on stdout (one per line);
# progress goes to stderr.
#
# Environment: LFKIT_LINUX_SOURCE (tarball, default
# /usr/src/linux-source-6.1.tar.xz), LFKIT_CACHE, JOBS (default nproc),
# LFKIT_KEEP_KERNELS (builds kept per flavour, default 3).

set -euo pipefail

# Bump when the way kernels are built changes (invalidates the cache).
RECIPE=1

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${LFKIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lfkit}
tarball=${LFKIT_LINUX_SOURCE:-/usr/src/linux-source-6.1.tar.xz}
jobs=${JOBS:-$(nproc)}
KEEP=${LFKIT_KEEP_KERNELS:-3}

die() { echo "build-kernel: error: $*" >&2; exit 1; }
say() { echo "build-kernel: $*" >&2; }

[ $# -gt 0 ] || die "usage: $0 FLAVOUR... (flavours: $(cd "$top/selftests" && ls config.* | sed 's/config\.//' | tr '\n' ' '))"
[ -r "$tarball" ] || die "$tarball not found (apt-get install linux-source-6.1)"

# The source version: the Debian package version when the tarball is
# packaged, otherwise the tarball's size and mtime.
srcpkg=$(dpkg-query -S "$tarball" 2>/dev/null | cut -d: -f1 || true)
srcver=
if [ -n "$srcpkg" ]; then
	srcver=$(dpkg-query -W -f '${Version}' "$srcpkg" 2>/dev/null || true)
fi
[ -n "$srcver" ] || srcver=$(stat -c '%s-%Y' "$tarball")
srcname=$(basename "$tarball" .tar.xz)
srcdir=$cache/src/$srcname-$srcver

mkdir -p "$cache/src" "$cache/kernels"

# --- extract the source once -----------------------------------------------
extract_source() {
	[ -e "$srcdir/.lfkit-extracted" ] && return 0
	exec 8>"$cache/src/.lock"
	flock 8
	if [ ! -e "$srcdir/.lfkit-extracted" ]; then
		say "extracting $tarball (once, ~1 min) ..."
		local tmp
		tmp=$(mktemp -d "$cache/src/.extract.XXXXXX")
		tar -xJf "$tarball" -C "$tmp"
		rm -rf "$srcdir"
		mv "$tmp/$srcname" "$srcdir"
		rmdir "$tmp"
		touch "$srcdir/.lfkit-extracted"
	fi
	flock -u 8
}

# --- check every requested option in the final .config ----------------------
verify_config() {
	local frag=$1 config=$2 bad=0 line sym val
	while IFS= read -r line; do
		if [[ $line =~ ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ ]]; then
			sym=${BASH_REMATCH[1]} val=${BASH_REMATCH[2]}
			if ! grep -qxF "$sym=$val" "$config"; then
				say "MISSING: $sym=$val (got: $(grep -E "^(# )?${sym}[= ]" "$config" || echo 'absent'))"
				bad=1
			fi
		elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set ]]; then
			sym=${BASH_REMATCH[1]}
			if grep -qE "^$sym=" "$config"; then
				say "UNWANTED: $(grep -E "^$sym=" "$config") (fragment says not set)"
				bad=1
			fi
		fi
	done < "$frag"
	[ $bad = 0 ] || die "olddefconfig dropped requested options from $frag (unmet dependencies?); see $config"
}

# --- run make with a progress line -------------------------------------------
progress_make() {
	local out=$1 log=$2 flavour=$3; shift 3
	local start=$SECONDS shown=$SECONDS pid n last
	make -C "$srcdir" O="$out" "$@" >"$log" 2>&1 &
	pid=$!
	trap 'kill $pid 2>/dev/null' EXIT
	while kill -0 $pid 2>/dev/null; do
		sleep 5
		n=$(grep -c '^  CC ' "$log" || true)
		last=$(grep -E '^  (CC|LD|AR|AS)' "$log" | tail -1 | awk '{print $2}' || true)
		if [ -t 2 ]; then
			printf '\rbuild-kernel: %s: %4ds, %5d files compiled, %-48.48s' \
				"$flavour" $((SECONDS - start)) "$n" "$last" >&2
		elif [ $((SECONDS - shown)) -ge 30 ]; then
			shown=$SECONDS
			say "$flavour: $((SECONDS - start))s, $n files compiled ($last)"
		fi
	done
	if [ -t 2 ]; then echo >&2; fi
	if ! wait $pid; then
		grep -E -B2 -A6 'error|Error' "$log" | tail -40 >&2 || tail -40 "$log" >&2
		die "$flavour: kernel build failed, full log: $log"
	fi
	trap - EXIT
}

# Keep the newest $KEEP builds of a flavour (older fragments), drop the rest.
prune() {
	local old
	ls -1dt "$cache/kernels/$1"-*/.lfkit-built 2>/dev/null | tail -n +$((KEEP + 1)) |
	while IFS= read -r old; do
		old=$(dirname "$old")
		say "$1: removing old build $old"
		rm -rf "$old"
	done
}

build_flavour() {
	local flavour=$1 frag hash out start
	frag=$top/selftests/config.$flavour
	[ -r "$frag" ] || die "no config fragment $frag"
	hash=$( { cat "$frag"; echo "$srcname $srcver recipe=$RECIPE"; } |
		sha256sum | cut -c1-12)
	out=$cache/kernels/$flavour-$hash
	if [ -e "$out/.lfkit-built" ] && [ -r "$out/arch/x86/boot/bzImage" ]; then
		say "$flavour: cached in $out"
		echo "$out"
		return 0
	fi
	mkdir -p "$out"
	exec 9>"$out/.lock"
	flock 9
	if [ ! -e "$out/.lfkit-built" ]; then
		start=$SECONDS
		say "$flavour: building $srcname ($srcver) into $out with -j$jobs (first build: a few minutes)"
		make -C "$srcdir" O="$out" tinyconfig >"$out/build.log" 2>&1 ||
			die "$flavour: tinyconfig failed, see $out/build.log"
		KCONFIG_CONFIG=$out/.config "$srcdir/scripts/kconfig/merge_config.sh" \
			-m -O "$out" "$out/.config" "$frag" >>"$out/build.log" 2>&1 ||
			die "$flavour: merge_config failed, see $out/build.log"
		make -C "$srcdir" O="$out" olddefconfig >>"$out/build.log" 2>&1 ||
			die "$flavour: olddefconfig failed, see $out/build.log"
		verify_config "$frag" "$out/.config"
		progress_make "$out" "$out/make.log" "$flavour" -j"$jobs" bzImage modules
		# gen_init_cpio is built with the kernel when BLK_DEV_INITRD=y.
		[ -x "$out/usr/gen_init_cpio" ] ||
			make -C "$srcdir" O="$out" usr/gen_init_cpio >>"$out/build.log" 2>&1
		touch "$out/.lfkit-built"
		say "$flavour: built in $((SECONDS - start))s: $out"
		prune "$flavour"
	fi
	flock -u 9
	echo "$out"
}

extract_source
for f in "$@"; do
	case $f in
	--source-dir) echo "$srcdir" ;;
	*) build_flavour "$f" ;;
	esac
done

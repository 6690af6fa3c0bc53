# Common definitions for the harness scripts. Sourced, not executed.
# shellcheck shell=bash
# The variables set here are used by the scripts that source it.
# shellcheck disable=SC2034

set -eEuo pipefail
# No silent deaths: name the command that failed.
trap 'echo "error: ${BASH_SOURCE[0]##*/}:$LINENO: \"$BASH_COMMAND\" failed" >&2' ERR

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
# Downloads, the pristine base repository and ccache survive fresh clones.
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kvm-s2mmu}
PATCHES=$TOP/patches
CONFIG=$TOP/config
JOBS=${JOBS:-$(nproc)}
# How QEMU runs under the s2count plugin (make bench and the bench stage of
# make check): one TCG thread, the guest's clock following its instruction
# count (1 ns each), so no other vCPU runs inside a window and interrupts
# land at the same instructions whatever the host's load.
BENCH_ACCEL=tcg,thread=single
BENCH_ICOUNT="-icount shift=0,sleep=off"

# shellcheck source=../config/base
. "$CONFIG/base"
# scripts/drift.sh builds another base: the version and hash it fetched.
if [ -n "${S2_BASE_VERSION:-}" ]; then
	BASE_VERSION=$S2_BASE_VERSION
	BASE_SHA256=${S2_BASE_SHA256:?S2_BASE_VERSION needs S2_BASE_SHA256}
fi

export ARCH=arm64
export CROSS_COMPILE=aarch64-linux-gnu-
export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
export CCACHE_BASEDIR=$TOP
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
export CCACHE_SLOPPINESS=time_macros
# Reproducible kernel builds: same inputs, same Image, ccache hits everywhere.
export KBUILD_BUILD_TIMESTAMP="Thu Jan  1 00:00:00 UTC 2026"
export KBUILD_BUILD_USER=kvm-s2mmu
export KBUILD_BUILD_HOST=harness

mkdir -p "$BUILD" "$CACHE"

step() { printf '==> %s\n' "$*" >&2; }
note() { printf '    %s\n' "$*" >&2; }
# A progress note with the seconds since the script started.
S2_T0=$(date +%s)
timing() { note "[$(($(date +%s) - S2_T0))s] $*"; }
die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# Print the last lines of a log, for a failure message.
tail_log() {
	local log=$1 n=${2:-40}
	[ -f "$log" ] || return 0
	printf -- '---- last %s lines of %s ----\n' "$n" "$log" >&2
	tail -n "$n" "$log" >&2
	printf -- '----\n' >&2
}

# Write stdin to a file atomically: readers see the old file or the new one.
atomic_write() {
	local dst=$1 tmp
	tmp=$(mktemp "$dst.tmp.XXXXXX")
	cat >"$tmp"
	mv -f "$tmp" "$dst"
}

# Stamps: a step records the hash of its inputs last, after its outputs.
stamp_ok() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }
stamp_set() { printf '%s\n' "$2" | atomic_write "$1"; }

# The base's tarball in the cache, by version (several can be kept).
base_tarball() { echo "$CACHE/$BASE_PACKAGE-$1.tar.xz"; }

# fetch_base_tarball VERSION: apt-get download of $BASE_PACKAGE=VERSION (apt
# checks the .deb against its signed index), the kernel tarball it ships
# moved into the cache; prints its path. Dies in one line, naming the
# command that moves the pin, when apt does not serve VERSION.
fetch_base_tarball() {
	local v=$1 deb_dir=$CACHE/deb deb x src
	mkdir -p "$deb_dir"
	step "base: fetching $BASE_PACKAGE=$v with apt-get"
	rm -f "$deb_dir"/*.deb
	(cd "$deb_dir" && apt-get download "$BASE_PACKAGE=$v") >"$deb_dir/download.log" 2>&1 || {
		tail_log "$deb_dir/download.log" 5
		die "$BASE_PACKAGE=$v is not served by the apt sources here ('apt-cache policy $BASE_PACKAGE' lists what is; 'apt-get update' refreshes it): 'make pin' moves the pin to the newest served version (docs/harness.md, Moving the pin)"
	}
	deb=$(find "$deb_dir" -maxdepth 1 -name "${BASE_PACKAGE}_*.deb" | head -n 1)
	[ -n "$deb" ] || die "apt-get download produced no .deb in $deb_dir"
	x=$(mktemp -d "$deb_dir/x.XXXXXX")
	dpkg -x "$deb" "$x"
	src=$(find "$x/usr/src" -maxdepth 1 -name 'linux-source-*.tar.xz' | head -n 1)
	[ -n "$src" ] || die "$deb holds no /usr/src/linux-source-*.tar.xz"
	mv -f "$src" "$(base_tarball "$v")"
	rm -rf "$x" "$deb"
	base_tarball "$v"
}

# served_versions: the versions of $BASE_PACKAGE apt's lists offer, newest
# first (nothing when apt has no lists or does not know the package).
served_versions() {
	apt-cache madison "$BASE_PACKAGE" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' |
		sort -u | sort -r -V
}

# The series, in order. Prints nothing for an empty series.
series_files() {
	find "$PATCHES" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' | sort
}
series_count() { series_files | wc -l; }

# write_series_file: patches/series (a quilt series file: the patches in
# order) from the patch files, keeping its comment lines, each before the
# patch it preceded (matched by subject, without the number): the
# "# Series N:" lines mark where each series starts.
write_series_file() {
	local f=$PATCHES/series
	local patch_names
	mapfile -t patch_names < <(series_files | xargs -n1 basename)
	python3 - "$f" "${patch_names[@]}" <<'PY'
import sys, os
path, names = sys.argv[1], sys.argv[2:]
head, before = [], {}
if os.path.exists(path):
    pending = []
    for line in open(path).read().splitlines():
        if line.startswith('#') or not line.strip():
            pending.append(line)
        elif not before:
            # The comments before the first patch head the file.
            head, pending = pending, []
            before[line[5:]] = []
        else:
            before[line[5:]] = pending
            pending = []
out = head[:]
for n in names:
    out += before.get(n[5:], [])
    out.append(n)
open(path, 'w').write('\n'.join(out) + '\n')
PY
}
series_hash() {
	# Content of the patches, in order; empty series hashes to a constant.
	series_files | while read -r p; do sha256sum <"$p"; done | sha256sum | cut -c1-16
}

# Hash of files and strings given as arguments (files by content).
inputs_hash() {
	local a
	for a in "$@"; do
		if [ -f "$a" ]; then sha256sum <"$a"; else printf '%s\n' "$a"; fi
	done | sha256sum | cut -c1-16
}

# Results in kselftest TAP. RESULTS names the file the current run appends to.
RESULTS=${RESULTS:-$BUILD/results/current.tap}
result() {
	# result pass|fail|skip NAME [REASON]
	local what=$1 name=$2 reason=${3:-} line
	case $what in
	pass) line="ok - $name" ;;
	fail) line="not ok - $name${reason:+ # $reason}" ;;
	skip) line="ok - $name # SKIP ${reason:-skipped}" ;;
	*) die "result: bad kind $what" ;;
	esac
	mkdir -p "$(dirname "$RESULTS")"
	printf '%s\n' "$line" >>"$RESULTS"
	printf '%s\n' "$line"
}
# result_none NAME LINES WHAT: NAME passes when LINES is empty; otherwise
# the first 20 lines go to stderr and NAME fails with "COUNT WHAT".
result_none() {
	if [ -z "$2" ]; then
		result pass "$1"
		return
	fi
	printf '%s\n' "$2" | head -n 20 | sed 's/^/    | /' >&2
	result fail "$1" "$(printf '%s\n' "$2" | wc -l) $3"
}
# The last line of make run, bench and softlockup: the counts of $RESULTS.
# Returns non-zero when a result failed: callers end with `tap_summary || exit 1`.
tap_summary() {
	local pass skip fail
	pass=$(grep -c '^ok ' "$RESULTS" || true)
	skip=$(grep -c '^ok .*# SKIP' "$RESULTS" || true)
	fail=$(grep -c '^not ok ' "$RESULTS" || true)
	echo "$((pass - skip)) passed, $fail failed, $skip skipped"
	[ "$fail" -eq 0 ]
}

# Machines: "name cpu smp mem kvm-mode fwb tlbirange pages ipa sets cmdline...",
# one per line, see config/machines.
machine_line() {
	awk -v m="$1" '!/^[[:space:]]*(#|$)/ && $1 == m { print; found = 1; exit } END { exit !found }' \
		"$CONFIG/machines"
}
machine_names() { awk '!/^[[:space:]]*(#|$)/ { print $1 }' "$CONFIG/machines"; }
machine_pages() { machine_line "$1" | awk '{ print $8 }'; }
# machine_sets MACHINE [all|full]: the sets make check boots there (the plain
# ones); with `all` every set written there; with `full` the sets make
# check-full boots (all of them, `full` in place of the first). Prints `-`
# for none.
machine_sets() {
	machine_line "$1" | awk -v mode="${2:-}" '{
		n = split($10, s, ","); out = ""
		for (i = 1; i <= n; i++) {
			set = s[i]
			if (set == "-") continue
			if (set ~ /^\+/) { if (mode == "") continue; sub(/^\+/, "", set) }
			if (mode == "full" && i == 1) set = "full"
			out = out (out == "" ? "" : ",") set
		}
		print (out == "" ? "-" : out)
	}'
}
# machine_variant SOURCE MACHINE: the kernel variant of SOURCE (patched, base)
# with MACHINE's page size: SOURCE for 4k, SOURCE-16k, SOURCE-64k otherwise.
machine_variant() {
	local pages
	pages=$(machine_pages "$2")
	[ -n "$pages" ] || die "no machine '$2' in config/machines"
	if [ "$pages" = 4k ]; then echo "$1"; else echo "$1-$pages"; fi
}
# The source (base or patched) config/kernels builds kernel VARIANT from.
variant_source() {
	awk -v v="$1" '!/^[[:space:]]*(#|$)/ && $1 == v { print $2; exit }' "$CONFIG/kernels"
}
# build_variants VARIANT...: each kernel and the initramfs of its source
# (scripts/boot.sh needs both).
build_variants() {
	local v
	for v in "$@"; do
		bash "$TOP/scripts/kernel.sh" "$v" >/dev/null
		bash "$TOP/scripts/initramfs.sh" "$(variant_source "$v")" >/dev/null
	done
}

# The series <-> git tree conversions, shared by make tree/export and check.
# Harness git commands ignore the user's global config so output is stable.
hgit() { GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 git "$@"; }

# apply_series DIR LOG: git am every patch onto DIR's HEAD, in order.
apply_series() {
	local dir=$1 log=$2 p
	: >"$log"
	while read -r p; do
		if ! git -C "$dir" am -q "$p" >>"$log" 2>&1; then
			git -C "$dir" am --abort >/dev/null 2>&1 || true
			printf 'does not apply: %s\n' "$(basename "$p")" >>"$log"
			return 1
		fi
	done < <(series_files)
}

# export_series DIR OUTDIR: write base..HEAD of DIR as patch files, the
# stable way (no commit hashes, no version signature, fixed abbreviation).
export_series() {
	local dir=$1 outdir=$2
	mkdir -p "$outdir"
	hgit -C "$dir" -c core.abbrev=12 format-patch -q --zero-commit --no-signature \
		--no-numbered --no-thread --subject-prefix=PATCH -o "$outdir" base..HEAD >/dev/null
}

# quilt_series OUTDIR: the series as a Debian debian/patches directory: each
# patch with the DEP-3 fields git's header lacks (Origin, Forwarded,
# Last-Update: the date of the commit that last changed the patch file)
# added to its header, and a quilt `series` file in order. git am reads
# the same files (it ignores header fields it does not know).
quilt_series() {
	local out=$1 p name date
	rm -rf "$out"
	mkdir -p "$out"
	while read -r p; do
		name=$(basename "$p")
		date=$(git -C "$TOP" log -1 --format=%cs -- "patches/$name" 2>/dev/null || true)
		awk -v date="${date:-$(date -u +%F)}" '
			!done && /^$/ {
				print "Origin: other, the kvm-s2mmu series (not yet submitted upstream)"
				print "Forwarded: no"
				print "Last-Update: " date
				done = 1
			}
			{ print }' "$p" >"$out/$name"
		echo "$name" >>"$out/series"
	done < <(series_files)
}

# series_equal DIR: DIR holds exactly the patch files of patches/, byte for byte.
series_equal() {
	local a b
	a=$(cd "$1" && find . -maxdepth 1 -name '*.patch' | LC_ALL=C sort | xargs -r sha256sum)
	b=$(cd "$PATCHES" && find . -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' | LC_ALL=C sort | xargs -r sha256sum)
	[ "$a" = "$b" ]
}

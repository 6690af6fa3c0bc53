#!/usr/bin/env bash
# bisect.sh [quick|full]: every prefix of the series builds (results
# bisect/NNNN). The full series is built by kernel.sh; this builds prefixes
# 1..N-1 incrementally in build/src/bisect with O=build/src/bisect/o-bisect,
# the config fragments of the patched kernel (config/kernels), ccache.
#
# quick (make check): each prefix builds what its last patch can break, in
# the same incremental output directory:
#   kernel sources or headers  `make arch/arm64/kvm/` (every KVM object,
#                              virt/kvm and the nVHE hyp objects and their
#                              link included; the series touches no kernel
#                              file outside arch/arm64/kvm/ that is compiled
#                              elsewhere, see below), plus the directory of
#                              any touched C file outside it
#   KVM selftests              the selftests of config/selftests that the
#                              prefix has, with its UAPI headers
#   the model checker          its 4K build
#   documentation, MAINTAINERS nothing is built: the result says so
# The vmlinux link of each prefix is not checked here (the full series' is,
# by the build stage): make check-full runs the full mode.
# full (make check-full): an Image per prefix, the configuration made again
# for every prefix (an option a patch adds is built from that patch on).
. "$(dirname "$0")/lib.sh"

mode=${1:-quick}
case $mode in quick | full) ;; *) die "bisect.sh: unknown mode '$mode' (quick or full)" ;; esac
src=$(bash "$TOP/scripts/src.sh" patched | tail -n 1)
n=$(git -C "$src" rev-list --count base..HEAD)
if [ "$n" -lt 2 ]; then
	note "bisect: $n patches, nothing to check beyond the full build"
	exit 0
fi
frags=()
# The fragment names are words of one line, not lines.
# shellcheck disable=SC2013
for f in $(awk '!/^[[:space:]]*(#|$)/ && $1 == "patched" { $1 = ""; $2 = ""; print; exit }' "$CONFIG/kernels"); do
	frags+=("$CONFIG/$f")
done
mapfile -t selftests < <(awk '!/^[[:space:]]*(#|$)/ { print $1 }' "$CONFIG/selftests" | sort -u)
wt=$BUILD/src/bisect
out=$wt/o-bisect
st=$BUILD/bisect-selftests
if [ ! -d "$wt/.git" ] && [ ! -f "$wt/.git" ]; then
	rm -rf "$wt"
	git -C "$src" worktree add -q --detach "$wt" base
fi
mkdir -p "$out" "$BUILD/logs/bisect"
kmake() { make -C "$wt" O="$out" CC="ccache ${CROSS_COMPILE}gcc" LOCALVERSION=-bisect "$@"; }
configure() {
	mkdir -p "$out"
	kmake -s allnoconfig >/dev/null
	"$wt/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "${frags[@]}" >/dev/null
	kmake -s olddefconfig >/dev/null
}
build_selftests() { # the selftests of config/selftests this prefix has
	local t targets=()
	for t in "${selftests[@]}"; do
		[ ! -f "$wt/tools/testing/selftests/kvm/$t.c" ] || targets+=("$st/kvm/$t")
	done
	make -s -C "$wt" O="$st/khdr" INSTALL_HDR_PATH="$st/khdr/usr" headers_install &&
		make -C "$wt/tools/testing/selftests/kvm" -j"$JOBS" OUTPUT="$st/kvm" \
			CC="ccache ${CROSS_COMPILE}gcc" KHDR_INCLUDES="-isystem $st/khdr/usr/include" \
			EXTRA_CFLAGS="-static" "${targets[@]}"
}

i=0
configured=0
for c in $(git -C "$src" rev-list --reverse base..HEAD~1); do
	i=$((i + 1))
	name=bisect/$(printf '%04d' "$i")
	log=$BUILD/logs/bisect/$(printf '%04d' "$i").log
	subject=$(git -C "$src" log -1 --format=%s "$c")
	git -C "$wt" checkout -q -f --detach "$c"
	: >"$log"
	if [ "$mode" = full ]; then
		configure
		step "bisect: building prefix $i/$n ($subject)"
		what=(Image)
		ok=1
		kmake -j"$JOBS" Image >>"$log" 2>&1 || ok=0
	else
		files=$(git -C "$src" diff --name-only "$c~1" "$c")
		kernel=$(grep -vE '^(tools/|Documentation/|MAINTAINERS$)' <<<"$files" || true)
		what=()
		ok=1
		if [ -n "$kernel" ]; then
			# A Kconfig change can add an option: make the configuration again.
			if [ $configured = 0 ] || grep -qE '(^|/)Kconfig' <<<"$kernel"; then
				configure
				configured=1
			fi
			dirs=(arch/arm64/kvm/)
			for f in $kernel; do
				case $f in
				arch/arm64/kvm/* | *.h | */Kconfig | */Makefile) ;;
				*.c) [[ " ${dirs[*]} " == *" $(dirname "$f")/ "* ]] || dirs+=("$(dirname "$f")/") ;;
				esac
			done
			what+=("${dirs[@]}")
			step "bisect: prefix $i/$n ($subject): make ${dirs[*]}"
			kmake -j"$JOBS" "${dirs[@]}" >>"$log" 2>&1 || ok=0
		fi
		if grep -q '^tools/testing/selftests/kvm/' <<<"$files"; then
			what+=("the KVM selftests")
			step "bisect: prefix $i/$n ($subject): the KVM selftests"
			build_selftests >>"$log" 2>&1 || ok=0
		fi
		if grep -q '^tools/testing/kvm-stage2/' <<<"$files"; then
			what+=("the model checker")
			step "bisect: prefix $i/$n ($subject): the model checker"
			# Its 4K build: the model alone in its first patch, the checker after.
			make -C "$wt/tools/testing/kvm-stage2" O="$BUILD/bisect-model" GRANULES=4 \
				all >>"$log" 2>&1 || ok=0
		fi
		if [ ${#what[@]} = 0 ]; then
			result pass "$name"
			note "bisect: prefix $i changes no build input (only: $(tr '\n' ' ' <<<"$files"))"
			continue
		fi
		whats="${what[*]}"
	fi
	if [ $ok = 1 ]; then
		result pass "$name"
	else
		grep -E 'error:|Error [0-9]' "$log" | head -n 10 >&2 || true
		result fail "$name" "prefix $i does not build (${whats:-}): $subject (log: ${log#"$TOP"/})"
	fi
done

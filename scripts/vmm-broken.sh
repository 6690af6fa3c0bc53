#!/usr/bin/env bash
# vmm-broken.sh NAME [MACHINE...]: show that the vmm stage can fail. Applies
# vmm/broken/NAME.patch, a deliberate bug in KVM's stage-2 code, to a
# scratch clone of the patched tree (VMM_BROKEN_DIR, default
# /tmp/vmm-broken/NAME; never build/src or ./linux), builds it with the
# patched kernel's .config, and runs the vmm stage (scripts/vmm.sh) on
# MACHINE (default max) with it as the host kernel; the guests keep the
# patched Image. Not part of make check (a kernel build and a boot per bug).
# Results, renamed broken-NAME/MACHINE/vmm/...: build/vmm/broken-NAME.tap;
# then one line per scenario that caught the bug, with the guest's own
# report of its first bad page (or why the scenario failed: a guest kernel
# that died of its corrupted memory), and a last line naming them. Exits 0
# when a scenario failed, 1 when every scenario passed.
. "$(dirname "$0")/lib.sh"

name=${1:?usage: vmm-broken.sh NAME [MACHINE...] (NAME: a file of vmm/broken/, without .patch)}
shift
patch=$TOP/vmm/broken/$name.patch
[ -f "$patch" ] || die "no $patch"
[ $# -gt 0 ] || set -- max
config=$BUILD/kernel/patched/config
[ -f "$config" ] || die "no $config (scripts/kernel.sh patched)"
src=$(bash "$TOP/scripts/src.sh" patched | tail -n 1)
dir=${VMM_BROKEN_DIR:-/tmp/vmm-broken}/$name
mkdir -p "$dir"

step "vmm-broken: $name: a scratch clone of the patched tree in $dir/src, with the bug"
[ -d "$dir/src/.git" ] || git clone -q --shared "$src" "$dir/src"
git -C "$dir/src" fetch -q "$src" HEAD
git -C "$dir/src" checkout -q -f --detach FETCH_HEAD
git -C "$dir/src" apply "$patch"
git -C "$dir/src" diff --stat | sed 's/^/    /' >&2

# Kbuild's output directory is a child of the source, as in kernel.sh, so
# that ccache hits for every file the bug does not touch.
obj=$dir/src/o-broken
mkdir -p "$obj"
cp "$config" "$obj/.config"
step "vmm-broken: $name: building Image (-j$JOBS, ccache)"
if ! make -C "$dir/src" O="$obj" CC="ccache ${CROSS_COMPILE}gcc" LOCALVERSION="-broken-$name" \
	olddefconfig Image -j"$JOBS" >"$dir/build.log" 2>&1; then
	tail_log "$dir/build.log" 20
	die "vmm-broken: $name does not build (log: $dir/build.log)"
fi

raw=$BUILD/vmm/broken-$name.raw.tap
tap=$BUILD/vmm/broken-$name.tap
mkdir -p "$BUILD/vmm"
: >"$raw"
RESULTS=$raw VMM_HOST_IMAGE=$obj/arch/arm64/boot/Image bash "$TOP/scripts/vmm.sh" "$@" >/dev/null
sed "s|^\(\(not \)\{0,1\}ok - \)patched/|\1broken-$name/|" "$raw" | atomic_write "$tap"
rm -f "$raw"
cat "$tap"

# Which scenarios caught it, and how: the guest's own report of its first
# bad page, or the scenario's reason (a guest kernel that died of it).
caught=()
for m in "$@"; do
	log=$BUILD/vmm/host/logs/patched/$m-vmm.log
	while read -r s; do
		case $s in kernel-log | guest-log) continue ;; esac
		caught+=("$m/$s")
		how=$(grep -m1 "^vmm $s: .*guest: MEMCHECK bad " "$log" | sed 's/.*guest: //' || true)
		[ -n "$how" ] || how=$(grep -m1 "^vmm $s: FAIL: " "$log" | sed "s/^vmm $s: FAIL: //" || true)
		echo "vmm-broken: $name: $m/$s: ${how:-see $log}"
	done < <(sed -n "s|^not ok - broken-$name/$m/vmm/\([^ ]*\) .*|\1|p" "$tap")
done
if [ ${#caught[@]} -gt 0 ]; then
	echo "vmm-broken: $name caught by ${caught[*]}"
	exit 0
fi
echo "vmm-broken: $name NOT caught: every scenario passed"
exit 1

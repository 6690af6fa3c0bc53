#!/usr/bin/env bash
# vmm.sh [MACHINE...]: the vmm stage (make check-vmm; make check-full's
# `vmm` stage): a real VMM on the patched kernel. Boots the patched kernel
# on each machine config/vmm names (or those given, or VMM_MACHINES) with
# Debian's arm64 QEMU (scripts/vmm-qemu.sh), a guest kernel (the same
# patched Image) and a guest initramfs (busybox, vmm/guest/init,
# vmm/guest/memcheck) added to the test initramfs, and runs the machine's
# scenarios of config/vmm in it, one run-list entry each
# (vmm/host/scenario). Results: VARIANT/MACHINE/vmm/NAME per scenario,
# plus boot.sh's boot and kernel-log (the host's kernel log), and
# VARIANT/MACHINE/vmm/guest-log, the guests' kernel logs scanned the same
# way (scripts/logscan.sh). Logs: build/logs/VARIANT/MACHINE-vmm.log (the
# guests' consoles in it, prefixed "L2 NAME/ID| "), build/vmm/.
# VMM_GUEST_IMAGE=FILE boots that kernel as the guest (default: the patched
# Image); VMM_ONLY="NAME..." runs only those scenarios; VMM_HOST_IMAGE=FILE that one as the host (scripts/vmm-broken.sh:
# the logs then go to build/vmm/host/logs/). Needs the patched kernel
# (scripts/kernel.sh patched).
. "$(dirname "$0")/lib.sh"

variant=patched
out=$BUILD/vmm
image=$BUILD/kernel/$variant/Image
guest_image=${VMM_GUEST_IMAGE:-$image}
[ -f "$image" ] || die "no kernel $image (scripts/kernel.sh $variant builds it)"
[ -f "$guest_image" ] || die "no guest kernel $guest_image"
mkdir -p "$out"
export RESULTS
# Another host kernel: boot.sh finds it in a build directory of its own.
host_build=$BUILD
if [ -n "${VMM_HOST_IMAGE:-}" ]; then
	[ -f "$VMM_HOST_IMAGE" ] || die "no host kernel $VMM_HOST_IMAGE"
	host_build=$out/host
	mkdir -p "$host_build/kernel/$variant" "$host_build/initramfs"
	ln -sf "$(realpath "$VMM_HOST_IMAGE")" "$host_build/kernel/$variant/Image"
	ln -sf "$BUILD/initramfs/patched.cpio.gz" "$host_build/initramfs/patched.cpio.gz"
fi

# The scenarios: "name machines timeout kind options...", comments dropped.
grep -Ev '^[[:space:]]*(#|$)' "$CONFIG/vmm" >"$out/scenarios" || die "no scenario in config/vmm"
if [ $# -gt 0 ]; then
	machines="$*"
else
	machines=${VMM_MACHINES:-$(awk '{ n = split($2, m, ","); for (i = 1; i <= n; i++) if (!seen[m[i]]++) print m[i] }' \
		"$out/scenarios" | tr '\n' ' ')}
fi
for m in $machines; do
	machine_line "$m" >/dev/null || die "config/vmm names machine '$m', not in config/machines"
done

# The L1 side: busybox (fetched by initramfs.sh) and the test initramfs.
bash "$TOP/scripts/initramfs.sh" patched >/dev/null
qemu=$(bash "$TOP/scripts/vmm-qemu.sh" | tail -n 1)

# The guest's workload, static.
memcheck=$out/memcheck
hash=$(inputs_hash "$TOP/vmm/guest/memcheck.c" "$(${CROSS_COMPILE}gcc --version | head -n 1)")
if ! { [ -x "$memcheck" ] && stamp_ok "$memcheck.stamp" "$hash"; }; then
	step "vmm: building memcheck"
	${CROSS_COMPILE}gcc -static -O2 -Wall -Wextra -Werror -o "$memcheck.tmp" "$TOP/vmm/guest/memcheck.c" ||
		die "memcheck does not build"
	mv -f "$memcheck.tmp" "$memcheck"
	stamp_set "$memcheck.stamp" "$hash"
fi

# The guest's initramfs: busybox, its /init, memcheck.
step "vmm: packing the guest initramfs and the host's additions"
rm -rf "$out/guest" "$out/root"
g=$out/guest
mkdir -p "$g"/{bin,proc,sys,dev,tmp}
cp "$CACHE/busybox-arm64" "$g/bin/busybox"
ln -s busybox "$g/bin/sh"
cp "$TOP/vmm/guest/init" "$g/init"
cp "$memcheck" "$g/bin/memcheck"
chmod 755 "$g/init"
mknod -m 600 "$g/dev/console" c 5 1
mknod -m 666 "$g/dev/null" c 1 3
# What boot.sh adds to the host's initramfs: QEMU, the guest, the scenarios.
r=$out/root/vmm
mkdir -p "$r/guest"
cp -a "$qemu/bin" "$qemu/lib" "$r/"
cp "$guest_image" "$r/guest/Image"
(cd "$g" && find . -print0 | LC_ALL=C sort -z | cpio -0 -o -H newc --quiet --reproducible) |
	gzip -n -1 >"$r/guest/initrd"
cp "$TOP/vmm/host/scenario" "$r/scenario"
chmod 755 "$r/scenario"
note "vmm: QEMU $(cat "$qemu/version") ($(du -sh "$qemu" | cut -f1)), guest kernel $(du -h "$guest_image" | cut -f1)," \
	"guest initramfs $(du -h "$r/guest/initrd" | cut -f1)"

for m in $machines; do
	# The run list: each scenario of this machine, with its own deadline a
	# little inside the run list's timeout (it cleans up and reports).
	list=$out/$m.list
	awk -v m="$m" -v only=" ${VMM_ONLY:-} " '{
		if (only != "  " && index(only, " " $1 " ") == 0) next
		n = split($2, ms, ","); ok = 0
		for (i = 1; i <= n; i++) if (ms[i] == m) ok = 1
		if (!ok) next
		name = $1; tmo = $3; kind = $4; $1 = $2 = $3 = $4 = ""; sub(/^ +/, "")
		printf "%s %s /vmm/scenario %s %s limit=%d %s\n", name, tmo, name, kind, tmo - 20, $0
	}' "$out/scenarios" >"$list"
	if [ ! -s "$list" ]; then
		note "vmm: no scenario for $m in config/vmm"
		continue
	fi
	step "vmm: $(wc -l <"$list") scenarios on $m"
	BUILD=$host_build RUNLIST=$list EXTRA_ROOT=$out/root bash "$TOP/scripts/boot.sh" "$variant" "$m" vmm
	# The guests' kernel logs, out of their consoles.
	log=$host_build/logs/$variant/$m-vmm.log
	sed -n 's/^L2 [^|]*| //p' "$log" >"$out/$m-guests.log"
	bash "$TOP/scripts/logscan.sh" "$out/$m-guests.log" "$variant/$m/vmm/guest-log"
done

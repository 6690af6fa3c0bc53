#!/usr/bin/env bash
# initramfs.sh [base|patched]: pack busybox (Debian's arm64 busybox-static),
# our /init and the selftests into build/initramfs/SOURCE.cpio.gz. The run
# list is not in it: boot.sh appends a second small archive per boot.
. "$(dirname "$0")/lib.sh"

source=${1:-patched}
tests=$(bash "$TOP/scripts/selftests.sh" "$source" | tail -n 1)
out=$BUILD/initramfs
img=$out/$source.cpio.gz
mkdir -p "$out" "$CACHE/deb"

bb=$CACHE/busybox-arm64
if [ ! -x "$bb" ]; then
	step "initramfs: fetching busybox-static:arm64"
	x=$(mktemp -d "$CACHE/deb/bb.XXXXXX")
	(cd "$x" && apt-get download busybox-static:arm64) >"$x/log" 2>&1 || {
		tail_log "$x/log" 5
		die "apt-get download busybox-static:arm64 failed (scripts/deps.sh enables the arm64 architecture)"
	}
	dpkg -x "$x"/busybox-static_*.deb "$x/root"
	cp "$x/root/bin/busybox" "$bb.tmp"
	mv -f "$bb.tmp" "$bb"
	rm -rf "$x"
fi

hash=$(inputs_hash "$tests/stamp" "$TOP/scripts/init" "$TOP/scripts/initramfs.sh" "$bb" \
	"$TOP/scripts/failalloc" "$CONFIG/selftests")
if [ -f "$img" ] && stamp_ok "$img.stamp" "$hash"; then
	step "initramfs ($source): up to date"
	echo "$img"
	exit 0
fi
rm -f "$img.stamp"

step "initramfs ($source): packing"
root=$(mktemp -d "$out/root.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,etc/s2,kvm}
cp "$bb" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp "$TOP/scripts/init" "$root/init"
chmod 755 "$root/init"
(cd "$tests/kvm" && find . -type f -perm -u+x ! -name '*.o' ! -name '*.d' -print0 |
	cpio -0 -pdm --quiet "$root/kvm")
rm -rf "$root/kvm/lib" "$root/kvm/include"
# failalloc/TEST of config/selftests: aarch64/TEST under fault injection
# (scripts/failalloc), one copy per wrapped test.
mkdir -p "$root/kvm/failalloc"
# Test names are words (no blanks in them).
# shellcheck disable=SC2013
for t in $(awk '$1 ~ /^failalloc\// { sub(/^failalloc\//, "", $1); print $1 }' "$CONFIG/selftests" | sort -u); do
	install -m 755 "$TOP/scripts/failalloc" "$root/kvm/failalloc/$t"
done
mknod -m 600 "$root/dev/console" c 5 1
mknod -m 666 "$root/dev/null" c 1 3
(cd "$root" && find . -print0 | LC_ALL=C sort -z |
	cpio -0 -o -H newc --quiet --reproducible) | gzip -n -1 >"$img.tmp"
mv -f "$img.tmp" "$img"
stamp_set "$img.stamp" "$hash"
note "initramfs ($source): $(du -h "$img" | cut -f1), $(find "$root/kvm" -type f | wc -l) tests"
echo "$img"

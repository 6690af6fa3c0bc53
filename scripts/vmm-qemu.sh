#!/usr/bin/env bash
# vmm-qemu.sh: Debian's arm64 QEMU, to run inside the emulated arm64 host as
# the real VMM of the vmm stage (scripts/vmm.sh). Downloads
# qemu-system-arm:arm64 and the arm64 packages of its shared-library
# closure (apt-get download, no install), extracts them with dpkg -x and
# keeps only qemu-system-aarch64 and the libraries it loads, the dynamic
# loader included: $CACHE/vmm-qemu-VERSION/{bin,lib}. The closure is
# followed from the ELF NEEDED entries (aarch64-linux-gnu-readelf -d): a
# soname no package fetched so far has is looked for in the Depends of the
# package whose file needs it, until nothing is missing. Run it in the
# arm64 host as
#   /vmm/lib/ld-linux-aarch64.so.1 --library-path /vmm/lib /vmm/bin/qemu-system-aarch64
# No firmware or ROM file: the vmm guests boot with -kernel and -nic none.
# Prints the directory last.
. "$(dirname "$0")/lib.sh"

pkg=qemu-system-arm
version=$(apt-cache show --no-all-versions "$pkg:arm64" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
[ -n "$version" ] || die "apt-cache knows no $pkg:arm64 (scripts/deps.sh enables the arm64 architecture; apt-get update?)"
out=$CACHE/vmm-qemu-${version#*:}
hash=$(inputs_hash "$version" "$TOP/scripts/vmm-qemu.sh")
if stamp_ok "$out/stamp" "$hash"; then
	step "vmm-qemu: $pkg:arm64 $version cached"
	echo "$out"
	exit 0
fi

step "vmm-qemu: fetching $pkg:arm64 $version and its library closure"
mkdir -p "$CACHE/deb"
work=$(mktemp -d "$CACHE/deb/vmm-qemu.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/debs" "$work/x" "$work/out/bin" "$work/out/lib"
log=$work/log

# fetch PKG...: download the arm64 packages and extract each into x/PKG.
fetch() {
	local p deb
	(cd "$work/debs" && apt-get download "${@/%/:arm64}") >>"$log" 2>&1 || {
		tail_log "$log" 10
		die "apt-get download $* (arm64) failed"
	}
	for p in "$@"; do
		deb=$(find "$work/debs" -maxdepth 1 -name "${p}_*_arm64.deb" | head -n 1)
		[ -n "$deb" ] || die "apt-get download $p:arm64 left no .deb"
		dpkg -x "$deb" "$work/x/$p"
		touch "$work/fetched.$p"
	done
}
# depends PKG: the real packages PKG (pre-)depends on (no virtual ones).
depends() {
	apt-cache depends "$1:arm64" | sed -n 's/^ *|\{0,1\}\(Pre\)\{0,1\}Depends: \([^<][^ ]*\)$/\2/p' |
		sed 's/:arm64$//' | sort -u
}
# find_so SONAME: the file an extracted package has under that name, its
# symbolic links followed inside that package's tree.
find_so() {
	local f t root n=0
	f=$(find "$work/x" -path '*/lib/*' -name "$1" \( -type f -o -type l \) -print -quit)
	[ -n "$f" ] || return 0
	root=$work/x/$(owner "$f")
	while [ -L "$f" ] && [ $n -lt 8 ]; do
		n=$((n + 1))
		t=$(readlink "$f")
		case $t in
		/*) f=$root$t ;;
		*) f=$(dirname "$f")/$t ;;
		esac
	done
	if [ -f "$f" ] && [ ! -L "$f" ]; then echo "$f"; fi
}
needed() { aarch64-linux-gnu-readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'; }
# The package an extracted file belongs to (x/PKG/...).
owner() {
	local rel=${1#"$work/x/"}
	echo "${rel%%/*}"
}

fetch "$pkg"
bin=$work/x/$pkg/usr/bin/qemu-system-aarch64
[ -x "$bin" ] || die "$pkg:arm64 has no usr/bin/qemu-system-aarch64"
cp "$bin" "$work/out/bin/"
# Files whose NEEDED entries are to be resolved, with the package they came from.
printf '%s %s\n' "$work/out/bin/qemu-system-aarch64" "$pkg" >"$work/queue"
: >"$work/manifest"
rounds=0
while [ -s "$work/queue" ]; do
	rounds=$((rounds + 1))
	[ "$rounds" -le 20 ] || die "vmm-qemu: the library closure does not close after 20 rounds"
	: >"$work/next"
	: >"$work/missing"
	while read -r elf from; do
		for so in $(needed "$elf"); do
			[ ! -e "$work/out/lib/$so" ] || continue
			f=$(find_so "$so")
			if [ -z "$f" ]; then
				printf '%s %s %s\n' "$elf" "$from" "$so" >>"$work/missing"
				continue
			fi
			cp "$f" "$work/out/lib/$so"
			printf '%s %s\n' "$so" "$(owner "$f")" >>"$work/manifest"
			printf '%s %s\n' "$work/out/lib/$so" "$(owner "$f")" >>"$work/next"
		done
	done <"$work/queue"
	if [ -s "$work/missing" ]; then
		# Fetch what the needing packages depend on and is not fetched yet.
		new=()
		while read -r from; do
			while read -r d; do
				[ -e "$work/fetched.$d" ] || [[ " ${new[*]} " == *" $d "* ]] || new+=("$d")
			done < <(depends "$from")
		done < <(awk '{ print $2 }' "$work/missing" | sort -u)
		[ ${#new[@]} -gt 0 ] ||
			die "vmm-qemu: no package provides $(awk '{ print $3 " (needed by " $2 ")" }' "$work/missing" | sort -u | tr '\n' ' ')"
		note "vmm-qemu: round $rounds: $(awk '{ print $3 }' "$work/missing" | sort -u | wc -l) sonames missing, fetching ${new[*]}"
		fetch "${new[@]}"
		# Retry the files with missing sonames along with the new ones.
		awk '{ print $1, $2 }' "$work/missing" | sort -u >>"$work/next"
	fi
	mv -f "$work/next" "$work/queue"
done
sort -u "$work/manifest" -o "$work/out/manifest"
printf '%s %s\n' "$pkg" "$version" >"$work/out/version"
[ -x "$work/out/lib/ld-linux-aarch64.so.1" ] || die "vmm-qemu: no dynamic loader ld-linux-aarch64.so.1 in the closure"

rm -rf "$out"
mv "$work/out" "$out"
stamp_set "$out/stamp" "$hash"
note "vmm-qemu: $(du -sh "$out" | cut -f1) in ${out#"$HOME"/} ($(wc -l <"$out/manifest") libraries from $(awk '{ print $2 }' "$out/manifest" | sort -u | wc -l) packages, $rounds rounds)"
echo "$out"

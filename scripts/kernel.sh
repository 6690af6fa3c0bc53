#!/usr/bin/env bash
# kernel.sh VARIANT: configure and build build/kernel/VARIANT/Image as
# config/kernels describes. Fails when an option of a fragment does not end
# up set as written (Kconfig drops options silently) or the build fails.
# Compiler warnings are kept in build/kernel/VARIANT/warnings.
# CONFIG_ONLY=1: configure (and verify) the variant's output directory, build
# nothing (scripts/sparse.sh builds only the directories it checks).
. "$(dirname "$0")/lib.sh"

variant=${1:?usage: kernel.sh VARIANT}
line=$(awk -v v="$variant" '!/^[[:space:]]*(#|$)/ && $1 == v { print; exit }' "$CONFIG/kernels")
[ -n "$line" ] || die "no kernel variant '$variant' in config/kernels"
read -r _ source fragments <<<"$line"

src=$(bash "$TOP/scripts/src.sh" "$source" | tail -n 1)
out=$BUILD/kernel/$variant
# Kbuild's output directory is a direct child of the source, so that kbuild
# uses srctree=".." and compiler command lines carry no absolute path: ccache
# then hits across variants (base and patched share every untouched file)
# and across clones of this repository at other paths.
obj=$src/o-$variant
mkdir -p "$out" "$obj"
frags=()
for f in $fragments; do frags+=("$CONFIG/$f"); done

cfg_hash=$(inputs_hash "${frags[@]}" "$src/.git/s2-stamp" "$TOP/scripts/kernel.sh")
img_hash=$(inputs_hash "$cfg_hash" "$(git -C "$src" rev-parse HEAD)")

if [ "${CONFIG_ONLY:-}" != 1 ] && [ -f "$out/Image" ] && stamp_ok "$out/stamp" "$img_hash"; then
	step "kernel $variant: up to date"
	echo "$out/Image"
	exit 0
fi
[ "${CONFIG_ONLY:-}" = 1 ] || rm -f "$out/stamp"

kmake() {
	make -C "$src" O="$obj" CC="ccache ${CROSS_COMPILE}gcc" LOCALVERSION="-$variant" "$@"
}

if ! stamp_ok "$out/config-stamp" "$cfg_hash"; then
	step "kernel $variant: configuring (allnoconfig + $fragments)"
	rm -f "$out/config-stamp"
	kmake -s allnoconfig >/dev/null
	"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "${frags[@]}" >"$out/merge.log" 2>&1 ||
		{ tail_log "$out/merge.log"; die "kernel $variant: merge_config failed"; }
	kmake -s olddefconfig >/dev/null
	bad=0
	while IFS= read -r want; do
		opt=${want%%=*}
		got=$(grep -E "^$opt=|^# $opt is not set" "$obj/.config" || true)
		[ "${want#*=}" != n ] || want="# $opt is not set"
		if [ "$got" != "$want" ]; then
			printf '    %s wanted, got "%s"\n' "$want" "${got:-(absent)}" >&2
			bad=1
		fi
	done < <(cat "${frags[@]}" | grep -E '^CONFIG_[A-Za-z0-9_]+=')
	[ $bad = 0 ] || die "kernel $variant: options above were dropped by Kconfig (missing dependency?)"
	stamp_set "$out/config-stamp" "$cfg_hash"
fi
if [ "${CONFIG_ONLY:-}" = 1 ]; then
	step "kernel $variant: configured in ${obj#"$TOP"/}"
	echo "$obj"
	exit 0
fi

step "kernel $variant: building Image (-j$JOBS, ccache)"
log=$out/build.log
if ! kmake -j"$JOBS" Image >"$log" 2>&1; then
	grep -E 'error:|Error [0-9]' "$log" | head -n 20 >&2 || true
	tail_log "$log" 30
	die "kernel $variant: build failed (log: $log)"
fi
{ grep -E '(warning|error):' "$log" || true; } | sed -e "s|$src/||" -e 's|^\.\./||' | sort -u | atomic_write "$out/warnings"
nw=$(wc -l <"$out/warnings")
[ "$nw" = 0 ] || note "kernel $variant: $nw compiler warnings (listed in $out/warnings)"
cp "$obj/.config" "$out/config"
cp "$obj/arch/arm64/boot/Image" "$out/Image.tmp"
mv -f "$out/Image.tmp" "$out/Image"
stamp_set "$out/stamp" "$img_hash"
step "kernel $variant: $(cat "$obj/include/config/kernel.release") built"
echo "$out/Image"

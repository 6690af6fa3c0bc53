#!/usr/bin/env bash
# defconfig.sh: the series under the arm64 defconfig of the base, KVM built in
# (config/defconfig.config), as distro kernels take it; base vs. patched,
# building only what the series can affect (make check's defconfig stage).
# Results:
#   defconfig/config           with the series, defconfig turns on no option
#                              it does not turn on without it (=y/=m lines of
#                              .config), bar config/defconfig-allow
#   defconfig/option/NAME      each Kconfig option the series adds is off in
#                              defconfig; it is then turned on (with what it
#                              selects) so that its code is compiled below
#   defconfig/build/DIR        `make DIR/` after `make prepare`, for
#                              arch/arm64/kvm/ and the directories of the
#                              kernel C files the series touches
#   defconfig/warnings/DIR     no compiler warning in DIR that the base does
#                              not have (compared without line numbers)
#   defconfig/W=1/DIR          the same with W=1, for warnings located in the
#                              files the series touches (C files and headers)
# DEFCONFIG_FLAVOUR=debian does the same under Debian's own arm64 kernel
# configuration (config.arm64_none_arm64 of the linux-config-6.12 package at
# the pinned version, cached), results debian-config/..., output directories
# o-debian, logs build/logs/debian-config/.
# DEFCONFIG_CONFIG_ONLY=1 stops after the defconfig/config and
# defconfig/option checks (make check: configuring only, seconds; make
# check-full compiles as well).
# Kbuild output: build/src/{base,patched}/o-defconfig (ccache); logs:
# build/logs/defconfig/.
. "$(dirname "$0")/lib.sh"

flavour=${DEFCONFIG_FLAVOUR:-defconfig}
case $flavour in
defconfig) pfx=defconfig odir=o-defconfig ;;
debian) pfx=debian-config odir=o-debian ;;
*) die "defconfig.sh: unknown DEFCONFIG_FLAVOUR '$flavour' (defconfig or debian)" ;;
esac
logs=$BUILD/logs/$pfx
rm -rf "$logs"
mkdir -p "$logs"
srcp=$(bash "$TOP/scripts/src.sh" patched | tail -n 1)
srcb=$(bash "$TOP/scripts/src.sh" base | tail -n 1)

# What the series touches: kernel C files and headers (not tools/, which is
# user space, nor scripts/ or Documentation/).
mapfile -t touched < <(git -C "$srcp" diff --name-only --diff-filter=AM base..HEAD -- '*.c' '*.h' |
	grep -vE '^(tools|scripts|Documentation|usr)/' || true)
dirs=$( {
	echo arch/arm64/kvm
	for f in "${touched[@]}"; do case $f in *.c) dirname "$f" ;; esac; done
} | sort -u | awk '{ for (i = 1; i <= n; i++) if (index($0 "/", d[i] "/") == 1) next; d[++n] = $0; print }')

# Kconfig options the series adds (new "config NAME" lines the base has nowhere).
mapfile -t newopts < <(git -C "$srcp" diff base..HEAD -- '*Kconfig*' |
	sed -nE 's/^\+[[:space:]]*(menu)?config[[:space:]]+([A-Za-z0-9_]+)[[:space:]]*$/\2/p' | sort -u |
	while read -r o; do
		git -C "$srcb" grep -qE "^[[:space:]]*(menu)?config[[:space:]]+${o}[[:space:]]*$" -- '*Kconfig*' || echo "$o"
	done)

kmake() { # tree -> make in its o-defconfig
	local src=$1
	shift
	make -C "$src" O="$src/$odir" CC="ccache ${CROSS_COMPILE}gcc" LOCALVERSION=-defconfig "$@"
}

configure() { # variant tree: defconfig + fragment, verified; saves the .config
	local v=$1 src=$2 obj=$2/$odir bad=0 want opt got
	mkdir -p "$obj"
	if [ "$flavour" = debian ]; then
		cp "$debian_config" "$obj/.config"
		kmake "$src" -s olddefconfig >"$logs/config-$v.log" 2>&1 || return 1
		cp "$obj/.config" "$logs/$v.config"
		return 0
	fi
	kmake "$src" -s defconfig >"$logs/config-$v.log" 2>&1 &&
		"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$CONFIG/defconfig.config" \
			>>"$logs/config-$v.log" 2>&1 &&
		kmake "$src" -s olddefconfig >>"$logs/config-$v.log" 2>&1 || return 1
	while IFS= read -r want; do
		opt=${want%%=*}
		got=$(grep -E "^$opt=" "$obj/.config" || true)
		[ "$got" = "$want" ] || { note "defconfig ($v): $want wanted, got '${got:-not set}'"; bad=1; }
	done < <(grep -E '^CONFIG_[A-Za-z0-9_]+=' "$CONFIG/defconfig.config")
	cp "$obj/.config" "$logs/$v.config"
	return $bad
}

# Debian's arm64 configuration at the pinned version, from the
# linux-config-6.12 package (arm64), once per version.
debian_config=$CACHE/linux-config-$BASE_VERSION/config.arm64_none_arm64
if [ "$flavour" = debian ] && [ ! -f "$debian_config" ]; then
	d=$(mktemp -d "$CACHE/linux-config.XXXXXX")
	pkg=linux-config-${BASE_PACKAGE#linux-source-}
	if ! (cd "$d" && apt-get download "$pkg:arm64=$BASE_VERSION") >"$logs/download.log" 2>&1; then
		tail_log "$logs/download.log" 5
		rm -rf "$d"
		result fail "$pfx/config" "apt-get download $pkg:arm64=$BASE_VERSION failed (Debian's arm64 configuration of the pin)"
		exit 0
	fi
	dpkg -x "$d"/*.deb "$d/x"
	mkdir -p "$(dirname "$debian_config")"
	xz -dc "$d/x/usr/src/$pkg/config.arm64_none_arm64.xz" >"$debian_config.tmp"
	mv "$debian_config.tmp" "$debian_config"
	rm -rf "$d"
fi

if [ "$flavour" = debian ]; then
	step "defconfig: configuring base and patched (Debian's config.arm64_none_arm64)"
else
	step "defconfig: configuring base and patched (arm64 defconfig + config/defconfig.config)"
fi
for v in base patched; do
	src=$srcb
	[ $v = patched ] && src=$srcp
	if ! configure $v "$src"; then
		tail_log "$logs/config-$v.log" 10
		result fail "$pfx/config" "configuring the $v tree failed (see $logs/config-$v.log)"
		exit 0
	fi
done

# The series turns nothing on by default (bar the allow-list).
on() { grep -E '^CONFIG_[A-Za-z0-9_]+=[ym]$' "$1" | sort; }
allowed=$(grep -oE '^CONFIG_[A-Za-z0-9_]+' "$CONFIG/defconfig-allow" 2>/dev/null || true)
extra=$(comm -13 <(on "$logs/base.config") <(on "$logs/patched.config") |
	grep -vF -x -f <(printf '%s\n' "$allowed" | sed -n 's/$/=y/p; s/=y$/=m/p') || true)
if [ -z "$extra" ]; then
	result pass "$pfx/config"
else
	printf '%s\n' "$extra" | sed 's/^/    | /' >&2
	result fail "$pfx/config" "the series turns on $(printf '%s\n' "$extra" | wc -l) options in $flavour: $(printf '%s\n' "$extra" | head -n 3 | tr '\n' ' ')"
fi

# Options the series adds: off by default, then on for the compile test.
pobj=$srcp/$odir
if [ ${#newopts[@]} = 0 ]; then
	note "defconfig: the series adds no Kconfig option"
fi
for o in "${newopts[@]}"; do
	if grep -qE "^CONFIG_$o=" "$logs/patched.config"; then
		result fail "$pfx/option/$o" "on in defconfig ($(grep -E "^CONFIG_$o=" "$logs/patched.config")): a new option must default to off"
	else
		result pass "$pfx/option/$o"
	fi
	"$srcp/scripts/config" --file "$pobj/.config" --enable "$o"
done
if [ ${#newopts[@]} -gt 0 ]; then
	kmake "$srcp" -s olddefconfig >>"$logs/config-patched.log" 2>&1
	for o in "${newopts[@]}"; do
		grep -qE "^CONFIG_$o=[ym]" "$pobj/.config" ||
			note "defconfig: CONFIG_$o cannot be turned on over defconfig (unmet dependencies): its code is not compiled here"
	done
	cp "$pobj/.config" "$logs/patched-newopts.config"
fi
[ "${DEFCONFIG_CONFIG_ONLY:-}" != 1 ] || exit 0

warnings() { # log, [files to keep] -> "file: warning: text" lines, no line numbers
	local log=$1 keep=${2:-}
	{ grep -E '^[^ :]+:[0-9]+:([0-9]+:)? warning:' "$log" || true; } |
		sed -E -e 's|^(\.\./)+||' -e 's|^([^:]+):[0-9]+:([0-9]+:)?|\1:|' |
		{ if [ -n "$keep" ]; then grep -F -f <(printf '%s\n' "$keep" | sed 's/$/:/') || true; else cat; fi; } |
		sort -u
}

for v in base patched; do
	src=$srcb
	[ $v = patched ] && src=$srcp
	step "defconfig: make prepare ($v)"
	if ! kmake "$src" -j"$JOBS" prepare >"$logs/prepare-$v.log" 2>&1; then
		tail_log "$logs/prepare-$v.log" 20
		for d in $dirs; do result fail "$pfx/build/$d" "make prepare failed on the $v tree (see $logs/prepare-$v.log)"; done
		exit 0
	fi
done

touched_list=$(printf '%s\n' "${touched[@]}")
for d in $dirs; do
	ok=1
	for w in 0 1; do
		for v in base patched; do
			src=$srcb
			[ $v = patched ] && src=$srcp
			log=$logs/${d//\//_}-$v-W$w.log
			step "defconfig: make W=$w $d/ ($v)"
			if ! kmake "$src" -j"$JOBS" W=$w "$d/" >"$log" 2>&1; then
				grep -E 'error:' "$log" | head -n 10 >&2 || true
				tail_log "$log" 15
				fname=$pfx/build/$d
				[ $w = 0 ] || fname=$pfx/W=1/$d
				result fail "$fname" "make W=$w $d/ failed on the $v tree (see ${log#"$TOP"/})"
				ok=0
				break 2
			fi
		done
		if [ $w = 0 ]; then
			result pass "$pfx/build/$d"
			new=$(comm -13 <(warnings "$logs/${d//\//_}-base-W0.log") <(warnings "$logs/${d//\//_}-patched-W0.log"))
			name=$pfx/warnings/$d
		else
			new=$(comm -13 <(warnings "$logs/${d//\//_}-base-W1.log" "$touched_list") \
				<(warnings "$logs/${d//\//_}-patched-W1.log" "$touched_list"))
			name=$pfx/W=1/$d
		fi
		result_none "$name" "$new" "new compiler warnings"
	done
	[ $ok = 1 ] || continue
	note "defconfig: $d/: base $(warnings "$logs/${d//\//_}-base-W0.log" | wc -l) W=0 warnings, $(warnings "$logs/${d//\//_}-base-W1.log" "$touched_list" | wc -l) W=1 in touched files; patched $(warnings "$logs/${d//\//_}-patched-W0.log" | wc -l), $(warnings "$logs/${d//\//_}-patched-W1.log" "$touched_list" | wc -l)"
done
exit 0

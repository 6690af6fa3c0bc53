#!/usr/bin/env bash
# boot.sh VARIANT MACHINE SET: boot kernel VARIANT on MACHINE (config/machines)
# under QEMU TCG with EL2, run the selftests of SET (config/selftests), and
# record one result per test, one for the machine's features and one for the
# kernel log scan. SET=shell boots to an interactive shell instead.
# Log: build/logs/VARIANT/MACHINE-SET.log (complete once the run is over).
# ONLY="test ..." runs only those tests of the set.
# For the benchmark (scripts/bench.sh) and its tests:
#   RUNLIST=FILE     run FILE ("name timeout command args...", one per line)
#                    instead of the set's tests from config/selftests
#   EXTRA_ROOT=DIR   add DIR's files to the initramfs (e.g. /bench/s2bench)
#   PLUGIN=SO,ARGS   load a QEMU TCG plugin: -plugin SO,ARGS
#   ACCEL=...        the -accel argument (default tcg,thread=multi)
#   CPU_OPTS=...     properties appended to the machine's -cpu (e.g. pauth-impdef=on)
#   QEMU_EXTRA=...   more QEMU arguments (split on blanks), e.g. -icount ...
# CMDLINE_EXTRA=...  appended to the kernel command line (experiments, e.g.
#                    watchdog_thresh=1; nothing in make check sets it)
#   BOOT_LIMIT=SECS  the host's wall-clock limit for the whole boot, instead of
#                    the run list's timeouts plus the slack (scripts/softlockup.sh:
#                    under -icount the guest's timeouts are in virtual time)
. "$(dirname "$0")/lib.sh"

variant=${1:?usage: boot.sh VARIANT MACHINE SET}
machine=${2:?usage: boot.sh VARIANT MACHINE SET}
set=${3:?usage: boot.sh VARIANT MACHINE SET}
# The initramfs (selftests) comes from the variant's source (config/kernels).
source=$(variant_source "$variant")
[ -n "$source" ] || die "no kernel variant '$variant' in config/kernels"

mline=$(machine_line "$machine") ||
	die "no machine '$machine' in config/machines (have: $(machine_names | tr '\n' ' '))"
read -r _ cpu smp mem want_mode want_fwb want_range want_pages want_ipa _ cmdline <<<"$mline"
[ "$cmdline" = - ] && cmdline=
# The unpatched base kernel with this machine's page size, for the reruns below.
base_variant=$(machine_variant base "$machine")

image=$BUILD/kernel/$variant/Image
initrd=$BUILD/initramfs/$source.cpio.gz
[ -f "$image" ] || die "no kernel $image (scripts/kernel.sh $variant builds it)"
[ -f "$initrd" ] || die "no initramfs $initrd (scripts/initramfs.sh $source builds it)"

logdir=$BUILD/logs/$variant
mkdir -p "$logdir"
log=$logdir/$machine-$set.log
run=$(mktemp -d "$logdir/run.XXXXXX")
trap 'rm -rf "$run"' EXIT

# The run list: a second cpio archive appended to the initramfs.
mkdir -p "$run/root/etc/s2"
total_tmo=0
if [ -n "${RUNLIST:-}" ]; then
	grep -Ev '^[[:space:]]*(#|$)' "$RUNLIST" >"$run/root/etc/s2/tests" || die "empty RUNLIST $RUNLIST"
	total_tmo=$(awk '{ s += $2 } END { print s + 0 }' "$run/root/etc/s2/tests")
elif [ "$set" != shell ]; then
	awk -v set="$set" -v only=" ${ONLY:-} " '!/^[[:space:]]*(#|$)/ {
		if (only != "  " && index(only, " " $1 " ") == 0) next
		n = split($2, s, ","); ok = 0
		for (i = 1; i <= n; i++) if (s[i] == set) ok = 1
		if (!ok) next
		name = $1; tmo = $3; $1 = ""; $2 = ""; $3 = ""
		sub(/^ +/, "")
		printf "%s %s ./%s %s\n", name, tmo, name, $0
	}' "$CONFIG/selftests" >"$run/root/etc/s2/tests"
	total_tmo=$(awk '{ s += $2 } END { print s + 0 }' "$run/root/etc/s2/tests")
fi
# Tests config/page-size-skips says do not support this machine's page size:
# out of the run list, reported as skips (below) with the reason.
declare -A pages_skip=()
if [ -z "${RUNLIST:-}" ] && [ "$set" != shell ] && [ -f "$CONFIG/page-size-skips" ]; then
	while read -r t reason; do
		[ -n "$t" ] || continue
		pages_skip[$t]=$reason
	done < <(awk -v p="$want_pages" '!/^[[:space:]]*(#|$)/ {
		n = split($2, s, ","); ok = 0
		for (i = 1; i <= n; i++) if (s[i] == p) ok = 1
		if (ok) next
		t = $1; $1 = ""; $2 = ""; sub(/^ +/, ""); print t, $0
	}' "$CONFIG/page-size-skips")
	if [ ${#pages_skip[@]} -gt 0 ]; then
		awk 'NR == FNR { skip[$1] = 1; next } !($1 in skip)' \
			<(printf '%s\n' "${!pages_skip[@]}") "$run/root/etc/s2/tests" >"$run/tests.kept"
		grep -hoE '^[^ ]+' "$run/root/etc/s2/tests" | grep -xF -f <(printf '%s\n' "${!pages_skip[@]}") \
			>"$run/tests.skipped" || true
		mv -f "$run/tests.kept" "$run/root/etc/s2/tests"
		total_tmo=$(awk '{ s += $2 } END { print s + 0 }' "$run/root/etc/s2/tests")
	fi
fi
printf 'base %s, series %s patches (%s)\n' "$BASE_VERSION" "$(series_count)" "$(series_hash)" \
	>"$run/root/etc/s2/series"
[ -z "${EXTRA_ROOT:-}" ] || cp -a "$EXTRA_ROOT/." "$run/root/"
(cd "$run/root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet --reproducible) |
	gzip -n -1 >"$run/list.cpio.gz"
cat "$initrd" "$run/list.cpio.gz" >"$run/initrd"

append="console=ttyAMA0 panic=-1 $cmdline${CMDLINE_EXTRA:+ $CMDLINE_EXTRA}"
[ "$set" = shell ] && append="$append s2.shell"
# The commas are inside QEMU options (-M virt,...), not array separators.
# shellcheck disable=SC2054
qemu=(qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu "$cpu${CPU_OPTS:+,$CPU_OPTS}"
	-accel "${ACCEL:-tcg,thread=multi}" -smp "$smp" -m "$mem" -nographic -no-reboot -nic none
	-kernel "$image" -initrd "$run/initrd" -append "$append")
[ -z "${PLUGIN:-}" ] || qemu+=(-plugin "$PLUGIN")
# shellcheck disable=SC2206
[ -z "${QEMU_EXTRA:-}" ] || qemu+=($QEMU_EXTRA)

if [ "$set" = shell ]; then
	step "shell: $variant kernel on $machine ($cpu${cmdline:+, $cmdline}); 'poweroff -f' leaves"
	exec "${qemu[@]}"
fi

# Boot allowance on top of the tests' own timeouts; the debug kernel boots slowly.
slack=${BOOT_SLACK:-180}
[ "$variant" = debug ] && slack=$((slack * 3))
limit=${BOOT_LIMIT:-$((total_tmo + slack))}
step "boot: $variant kernel on $machine ($cpu${cmdline:+, $cmdline}), set '$set', limit ${limit}s"
start=$(date +%s)
qrc=0
timeout -k 10 "$limit" "${qemu[@]}" </dev/null >"$run/console" 2>&1 || qrc=$?
secs=$(($(date +%s) - start))
tr -d '\r' <"$run/console" >"$log.tmp"
mv -f "$log.tmp" "$log"
note "boot: qemu exited $qrc after ${secs}s (log: ${log#"$TOP"/})"

# Results: VARIANT/MACHINE/TEST; make run's set, the 52-bit IPA sets, the
# regions and the vmm stage's boots add their name (VARIANT/MACHINE/ipa52/TEST),
# so that a test a machine runs in two sets of make check has two distinct names.
prefix="$variant/$machine"
case $set in run | ipa52* | region-* | vmm) prefix="$prefix/$set" ;; esac

# Not run: not written for this page size (config/page-size-skips).
if [ -s "$run/tests.skipped" ]; then
	while read -r name; do
		result skip "$prefix/$name" "not run on $want_pages pages: ${pages_skip[$name]}"
	done <"$run/tests.skipped"
fi

# Tests config/base-failures says fail on the unpatched base too: when one
# fails here, it is run on the base kernel to show that (below).
base_failure() { # test -> reason, if listed for this machine
	awk -v m="$machine" -v t="$1" '!/^[[:space:]]*(#|$)/ {
		pat = $1; gsub(/\*/, ".*", pat)
		if (m ~ ("^" pat "$") && $2 == t) { $1 = ""; $2 = ""; sub(/^ +/, ""); print; exit }
	}' "$CONFIG/base-failures"
}
# Machine features: what the kernel detected against config/machines.
boot_failed=
info() { sed -n "s/^@@@ INFO $1=//p" "$log" | head -n 1; }
got="mode=$(info kvm-mode) fwb=$(info fwb) tlbirange=$(info tlbirange) pages=$(info pagesize) ipa=$(info ipa)"
want="mode=$want_mode fwb=$want_fwb tlbirange=$want_range pages=$want_pages ipa=$want_ipa"
if [ -z "$(info kvm-mode)" ]; then
	tail_log "$log" 30
	panic=$(grep -m1 -oE '(Kernel panic|nVHE hyp panic|Unable to handle|Internal error).*' "$log" | cut -c1-120 || true)
	if [ $qrc = 124 ] || [ $qrc = 137 ]; then why="no boot within ${limit}s"; else why="qemu exited $qrc before init ran"; fi
	boot_failed="$why${panic:+: $panic}"
elif [ "$got" != "$want" ]; then
	result fail "$prefix/boot" "kernel detected '$got', config/machines says '$want'"
else
	result pass "$prefix/boot"
fi
if [ -n "$boot_failed" ]; then
	# A machine config/base-failures says cannot boot the unpatched base
	# either: prove that on the base kernel, then its tests are skips.
	known=$(base_failure boot)
	if [[ $variant != base* ]] && [ -n "$known" ]; then
		step "boot: $machine did not boot, as config/base-failures expects; booting the base kernel"
		base_results=$(mktemp "$logdir/base-results.XXXXXX")
		bash "$TOP/scripts/kernel.sh" "$base_variant" >/dev/null
		bash "$TOP/scripts/initramfs.sh" base >/dev/null
		ONLY=- RESULTS=$base_results bash "$TOP/scripts/boot.sh" "$base_variant" "$machine" "$set" >/dev/null
		if grep -q "^not ok - $base_variant/$machine/[^ ]*boot " "$base_results"; then
			rm -f "$base_results"
			why="does not boot on the unpatched base either ($known)"
			result skip "$prefix/boot" "$why"
			while read -r name _; do
				[ -z "$name" ] || result skip "$prefix/$name" "not run: $machine $why"
			done <"$run/root/etc/s2/tests"
			result skip "$prefix/kernel-log" "$machine $why: $boot_failed"
			exit 0
		fi
		rm -f "$base_results"
		boot_failed="$boot_failed; the unpatched base boots: a regression"
	fi
	result fail "$prefix/boot" "$boot_failed"
fi
[ -z "$(info kernel)" ] ||
	note "$(info kernel): KVM $(info kvm-mode), FWB $(info fwb), TLBIRANGE $(info tlbirange), $(info pagesize) pages, IPA $(info ipa) bits, $(info cpus) CPUs; $(info series)"

deferred=()
declare -A why_failed


# One result per test in the run list.
while read -r name tmo _; do
	[ -n "$name" ] || continue
	end=$(grep -m1 "^@@@ END $name " "$log" || true)
	if ! grep -q "^@@@ BEGIN $name\$" "$log"; then
		result fail "$prefix/$name" "not run: the machine stopped before it"
		continue
	fi
	if [ -z "$end" ]; then
		result fail "$prefix/$name" "did not finish: the machine hung or died in it (qemu exit $qrc after ${secs}s, limit ${limit}s)"
		awk -v n="$name" '$0 == "@@@ BEGIN " n { p = 1 } p' "$log" | tail -n 15 >&2
		continue
	fi
	read -r _ _ _ rc t <<<"$end"
	out=$(awk -v n="$name" '$0 == "@@@ BEGIN " n { p = 1; next } /^@@@ END / { p = 0 } p' "$log")
	case $rc in
	0) result pass "$prefix/$name" ;;
	4) result skip "$prefix/$name" "$(printf '%s\n' "$out" | grep -iE 'skip|not supported|requires' | tail -n 1 | cut -c1-160)" ;;
	*)
		printf '%s\n' "$out" | tail -n 15 | sed 's/^/    | /' >&2
		why="exit $rc after ${t}s"
		[ "$rc" != 137 ] || why="killed after its ${tmo}s timeout"
		if [[ $variant != base* ]] && [ -n "$(base_failure "$name")" ]; then
			deferred+=("$name")
			why_failed[$name]=$why
		else
			result fail "$prefix/$name" "$why"
		fi
		;;
	esac
done <"$run/root/etc/s2/tests"

if [ ${#deferred[@]} -gt 0 ]; then
	step "boot: ${deferred[*]} failed as config/base-failures expects; running on the base kernel"
	base_results=$(mktemp "$logdir/base-results.XXXXXX")
	bash "$TOP/scripts/kernel.sh" "$base_variant" >/dev/null
	bash "$TOP/scripts/initramfs.sh" base >/dev/null
	ONLY="${deferred[*]}" RESULTS=$base_results bash "$TOP/scripts/boot.sh" "$base_variant" "$machine" "$set" >/dev/null
	for name in "${deferred[@]}"; do
		if grep -qE "^not ok - $base_variant/$machine/[^ ]*$name # (exit|killed)" "$base_results"; then
			result skip "$prefix/$name" "fails on the unpatched base too ($(base_failure "$name"))"
		else
			result fail "$prefix/$name" "${why_failed[$name]}; passes on the unpatched base: a regression"
		fi
	done
	rm -f "$base_results"
fi

# The kernel log: any splat fails the run, with an excerpt.
bash "$TOP/scripts/logscan.sh" "$log" "$prefix/kernel-log"
grep -q '^@@@ DONE' "$log" || note "boot: the run did not reach its end marker"
exit 0

#!/usr/bin/env bash
# check.sh: the whole test suite (make check). Prints kselftest-style TAP
# lines as results come in and ends with one line "N passed, N failed,
# N skipped"; exits non-zero when anything failed.
#
# CHECK_FULL=1 (make check-full) adds what make check leaves out to keep a
# cold run within CI's budget: the defconfig stage's compiles, an Image per bisect
# prefix (instead of the quick per-prefix build, scripts/bisect.sh), every
# set of every machine of config/machines with `full` in place of each
# machine's first set (make check: the plain sets only), the 4K debug
# kernel (the debug and debug-full sets on max) beside make check's 16K one,
# and the vmm stage (scripts/vmm.sh: a real VMM under the patched kernel).
#
# Side by side: a QEMU boot keeps about one of the two cores busy (the max
# core set: 114% CPU), so once the patched kernel is built, the kernels the
# matrix and the debug stage boot later and the bisect stage run in the
# background at nice 19, taking only what the foreground leaves. The
# foreground waits for a kernel when it needs it, and for the bisect's
# results at the end (build/results/bg/ has their logs).
# CHECK_STAGES (default: all of the mode, in this order) picks stages:
#   drift hygiene docs model plugin cpus build defconfig bench sparse bisect matrix regions vmm debug
# (drift: is the pin what apt serves, scripts/drift.sh query; reads apt's lists only)
# (vmm: make check-full only, or when named, as make check-vmm does)
# CHECK_MACHINES (default: every machine of config/machines) narrows the matrix;
# CHECK_SETS=all boots every set config/machines names (make check-granules).
# Each stage prints its start and end ("# stage NAME: ..." with its time and
# counts); the table of all stages comes before the summary line.
. "$(dirname "$0")/lib.sh"

full=${CHECK_FULL:-}
[ "$full" = 1 ] || full=
if [ -n "$full" ]; then
	stages=${CHECK_STAGES:-drift hygiene docs model plugin cpus build defconfig bench sparse bisect matrix regions vmm debug}
else
	stages=${CHECK_STAGES:-drift hygiene docs model plugin cpus build defconfig bench sparse bisect matrix regions debug}
fi
machines=${CHECK_MACHINES:-$(machine_names | tr '\n' ' ')}
RESULTS=$BUILD/results/check.tap
export RESULTS
mkdir -p "$BUILD/results"
: >"$RESULTS"
has() { [[ " $stages " == *" $1 "* ]]; }
# Stage bookkeeping: stage_begin NAME ... stage_end; the table at the end.
stage_table=$BUILD/results/check-stages.txt
: >"$stage_table"
stage_name='' stage_t='' stage_n='' stage_secs=''
stage_begin() {
	stage_name=$1 stage_t=$(date +%s) stage_n=$(wc -l <"$RESULTS")
	timing "stage $stage_name: start"
}
stage_end() {
	local secs lines p s f
	secs=${stage_secs:-$(($(date +%s) - stage_t))}
	stage_secs=
	lines=$(tail -n +"$((stage_n + 1))" "$RESULTS")
	p=$(grep -c '^ok ' <<<"$lines" || true)
	s=$(grep -c '^ok .*# SKIP' <<<"$lines" || true)
	f=$(grep -c '^not ok ' <<<"$lines" || true)
	printf '%-14s %6ss  %4s passed, %s failed, %s skipped\n' "$stage_name" "$secs" "$((p - s))" "$f" "$s" >>"$stage_table"
	echo "# stage $stage_name: ${secs}s, $((p - s)) passed, $f failed, $s skipped"
	timing "stage $stage_name: end"
}

echo "TAP version 13"
bash "$TOP/scripts/deps.sh"
# Before the base is fetched: a pin that apt no longer serves is named here.
if has drift; then
	stage_begin drift
	bash "$TOP/scripts/drift.sh" query
	stage_end
fi
bash "$TOP/scripts/base.sh" >/dev/null
note "base $BASE_VERSION, series: $(series_count) patches ($(series_hash))"
if [ -d "$TOP/linux/.git" ] && [ "$(cat "$TOP/linux/.git/s2-synced" 2>/dev/null)" != "$(series_hash)" ]; then
	note "NOTE: ./linux differs from patches/; this checks patches/ (make export first?)"
fi

applied=1
if has hygiene; then
	stage_begin hygiene
	bash "$TOP/scripts/hygiene.sh" || applied=0
	stage_end
fi

if [ $applied = 1 ] && has docs; then
	stage_begin docs
	bash "$TOP/scripts/docs.sh"
	stage_end
fi

if [ $applied = 1 ] && has model; then
	stage_begin model
	bash "$TOP/scripts/model.sh" "$(bash "$TOP/scripts/src.sh" patched | tail -n 1)"
	stage_end
fi

if has plugin; then
	stage_begin plugin
	bash "$TOP/scripts/plugin-test.sh"
	stage_end
fi

if has cpus; then
	stage_begin cpus
	# shellcheck disable=SC2086 # a list of machine names
	bash "$TOP/scripts/cpus.sh" $machines
	stage_end
fi

built=0
if [ $applied = 1 ] && { has build || has bench || has matrix || has debug; }; then
	built=1
	stage_begin build
	if bash "$TOP/scripts/kernel.sh" patched >/dev/null; then
		result pass build/kernel
		bash "$TOP/scripts/warnings.sh" "$BUILD/kernel/patched/warnings" build/kernel-warnings
	else
		result fail build/kernel "see the build error above"
		built=0
	fi
	if bash "$TOP/scripts/initramfs.sh" patched >/dev/null; then
		result pass build/selftests
		bash "$TOP/scripts/warnings.sh" "$BUILD/selftests/patched/warnings" build/selftests-warnings
	else
		result fail build/selftests "see the build error above"
		built=0
	fi
	stage_end
fi

bisect_mode=$([ -n "$full" ] && echo full || echo quick)
# The background job (see the top): the later kernels, then the bisect.
bg=$BUILD/results/bg
bg_pid=
rm -rf "$bg"
if [ $built = 1 ] && { has matrix || has debug; }; then
	later=()
	add_later() { [[ " ${later[*]} " == *" $1 "* ]] || later+=("$1"); }
	if has matrix; then
		for m in $machines; do
			[ "$(machine_sets "$m" "${CHECK_SETS:-${full:+full}}")" != - ] || continue
			v=$(machine_variant patched "$m")
			[ "$v" = patched ] || add_later "$v"
		done
	fi
	if has debug; then
		add_later debug-16k
		[ -z "$full" ] || add_later debug
	fi
	bg_bisect=0
	[ $applied = 0 ] || ! has bisect || bg_bisect=1
	mkdir -p "$bg"
	(
		# Each step in its own process group, so that an interrupted check
		# stops the compiler too.
		cpid=
		trap '[ -z "$cpid" ] || kill -- -"$cpid" 2>/dev/null; exit 1' TERM
		bg_step() { # bg_step NAME CMD...: CMD at nice 19; NAME.log, NAME.rc, NAME.secs
			local name=$1 t rc=0
			shift
			t=$(date +%s)
			setsid nice -n 19 "$@" >"$bg/$name.log" 2>&1 &
			cpid=$!
			wait "$cpid" || rc=$?
			cpid=
			echo $(($(date +%s) - t)) >"$bg/$name.secs"
			echo "$rc" >"$bg/$name.rc"
		}
		for v in "${later[@]}"; do
			bg_step "kernel-$v" bash "$TOP/scripts/kernel.sh" "$v"
		done
		[ $bg_bisect = 0 ] ||
			RESULTS=$bg/bisect.tap bg_step bisect bash "$TOP/scripts/bisect.sh" "$bisect_mode"
	) &
	bg_pid=$!
	trap '[ -z "$bg_pid" ] || kill "$bg_pid" 2>/dev/null || true' EXIT
	note "background (nice 19): ${later[*]:-no kernels}$([ $bg_bisect = 0 ] || echo ', then the bisect')"
fi
# bg_wait NAME: wait until the background step NAME is over; its log to stderr.
bg_wait() {
	while [ ! -f "$bg/$1.rc" ] && kill -0 "$bg_pid" 2>/dev/null; do sleep 2; done
	[ ! -f "$bg/$1.log" ] || grep -vE '^(not )?ok ' "$bg/$1.log" | sed 's/^/  [bg] /' >&2 || true
	if [ -f "$bg/$1.secs" ]; then note "background $1: $(cat "$bg/$1.secs")s"; fi
}

if [ $applied = 1 ] && has bisect && [ -z "$bg_pid" ]; then
	stage_begin bisect
	bash "$TOP/scripts/bisect.sh" "$bisect_mode"
	stage_end
fi

if [ $applied = 1 ] && has defconfig; then
	# make check configures only (defconfig/config, defconfig/option);
	# make check-full compiles what the series touches too.
	stage_begin defconfig
	only=1
	[ -z "$full" ] || only=0
	DEFCONFIG_CONFIG_ONLY=$only bash "$TOP/scripts/defconfig.sh"
	# The same under Debian's own arm64 configuration of the pin.
	DEFCONFIG_CONFIG_ONLY=$only DEFCONFIG_FLAVOUR=debian bash "$TOP/scripts/defconfig.sh"
	stage_end
fi

if [ $built = 1 ] && has bench; then
	stage_begin bench
	bash "$TOP/scripts/bench-test.sh"
	stage_end
fi

if [ $applied = 1 ] && has sparse; then
	stage_begin sparse
	bash "$TOP/scripts/sparse.sh"
	stage_end
fi

if [ $built = 1 ] && has matrix; then
	declare -A kernel_ok=([patched]=1)
	for m in $machines; do
		sets=$(machine_sets "$m" "${CHECK_SETS:-${full:+full}}")
		if [ "$sets" = - ]; then
			note "matrix: $m boots in make check-full only (config/machines)"
			continue
		fi
		stage_begin "$m"
		# 16k/64k machines boot patched-16k/-64k, built when first needed.
		v=$(machine_variant patched "$m")
		if [ -z "${kernel_ok[$v]-}" ]; then
			[ -z "$bg_pid" ] || bg_wait "kernel-$v"
			if bash "$TOP/scripts/kernel.sh" "$v" >/dev/null; then
				kernel_ok[$v]=1
				result pass "build/kernel-${v#patched-}"
				bash "$TOP/scripts/warnings.sh" "$BUILD/kernel/$v/warnings" "build/kernel-${v#patched-}-warnings"
			else
				kernel_ok[$v]=0
				result fail "build/kernel-${v#patched-}" "see the build error above"
			fi
			timing "kernel $v done"
		fi
		for set in ${sets//,/ }; do
			if [ "${kernel_ok[$v]}" = 1 ]; then
				bash "$TOP/scripts/boot.sh" "$v" "$m" "$set"
			else
				result skip "$v/$m/$set" "not booted: kernel $v did not build (build/kernel-${v#patched-} failed)"
			fi
		done
		stage_end
	done
fi

# The test device refuses every bad region (config/pfnmap-regions).
if [ $built = 1 ] && has regions; then
	stage_begin regions
	bash "$TOP/scripts/regions.sh"
	stage_end
fi

# A real VMM on the patched kernel (config/vmm): make check-full only.
if [ $built = 1 ] && has vmm; then
	stage_begin vmm
	bash "$TOP/scripts/vmm.sh" || result fail vmm "scripts/vmm.sh failed before its results (see above)"
	stage_end
fi

# The debug kernel: 16K pages on max-16k (make check's 16K boot, whose
# granule set the debug set nearly is), and on neoverse-n1-16k (no FWB)
# for the failalloc set; make check-full adds the 4K one.
if [ $built = 1 ] && has debug; then
	stage_begin debug
	for dv in debug-16k ${full:+debug}; do
		[ -z "$bg_pid" ] || bg_wait "kernel-$dv"
		if bash "$TOP/scripts/kernel.sh" "$dv" >/dev/null; then
			result pass "build/kernel-$dv"
			bash "$TOP/scripts/warnings.sh" "$BUILD/kernel/$dv/warnings" "build/kernel-$dv-warnings"
			if [ "$dv" = debug-16k ]; then
				bash "$TOP/scripts/boot.sh" debug-16k max-16k debug
				bash "$TOP/scripts/boot.sh" debug-16k neoverse-n1-16k failalloc
			else
				bash "$TOP/scripts/boot.sh" debug max debug
				bash "$TOP/scripts/boot.sh" debug max debug-full
			fi
		else
			result fail "build/kernel-$dv" "see the build error above"
		fi
	done
	stage_end
fi

# The bisect's results, once the background job is over.
if [ -n "$bg_pid" ]; then
	if [ "$bg_bisect" = 1 ]; then
		stage_begin bisect
		bg_wait bisect
		# The table shows the bisect's own time, not the wait for it.
		[ ! -f "$bg/bisect.secs" ] || stage_secs=$(cat "$bg/bisect.secs")
		stage_name="bisect(bg)"
		if [ -f "$bg/bisect.rc" ]; then
			[ ! -f "$bg/bisect.tap" ] || { cat "$bg/bisect.tap" >>"$RESULTS"; cat "$bg/bisect.tap"; }
			[ "$(cat "$bg/bisect.rc")" = 0 ] ||
				result fail bisect "scripts/bisect.sh exited $(cat "$bg/bisect.rc") (build/results/bg/bisect.log)"
		else
			result fail bisect "the background job died before the bisect ended (build/results/bg/)"
		fi
		stage_end
	fi
	wait "$bg_pid" || true
	bg_pid=
fi

pass=$(grep -c '^ok ' "$RESULTS" | tr -d ' ' || true)
skip=$(grep -c '^ok .*# SKIP' "$RESULTS" || true)
fail=$(grep -c '^not ok ' "$RESULTS" || true)
pass=$((pass - skip))
echo "1..$((pass + skip + fail))"
if [ "$fail" != 0 ]; then
	echo "# failed:"
	grep '^not ok ' "$RESULTS" | sed 's/^not ok - /#   /'
fi
echo "# stages (seconds, results):"
sed 's/^/#   /' "$stage_table"
timing "check finished"
echo "$pass passed, $fail failed, $skip skipped"
exit $((fail > 0))

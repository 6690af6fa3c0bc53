#!/usr/bin/env bash
# check.sh: the whole test suite (make check). Prints kselftest-style TAP
# lines as results come in and ends with one line "N passed, N failed,
# N skipped"; exits non-zero when anything failed.
#
# CHECK_STAGES (default: all, in this order) picks stages:
#   hygiene docs model plugin cpus build defconfig bench sparse bisect matrix debug
# CHECK_MACHINES (default: every machine of config/machines) narrows the matrix.
# Each machine runs the selftest sets config/machines gives it (one boot per
# set, on the kernel with its page size); machines in CHECK_FULL_ON run the
# `full` set instead of their first one. make check-full: CHECK_FULL_ON=all.
. "$(dirname "$0")/lib.sh"

stages=${CHECK_STAGES:-hygiene docs model plugin cpus build defconfig bench sparse bisect matrix debug}
machines=${CHECK_MACHINES:-$(machine_names | tr '\n' ' ')}
[ "${CHECK_FULL_ON-}" != all ] || CHECK_FULL_ON=$machines
RESULTS=$BUILD/results/check.tap
export RESULTS
mkdir -p "$BUILD/results"
mkdir -p "$(dirname "$RESULTS")"
: >"$RESULTS"
t0=$(date +%s)
has() { [[ " $stages " == *" $1 "* ]]; }
timing() { note "[$(($(date +%s) - t0))s] $*"; }

echo "TAP version 13"
bash "$TOP/scripts/deps.sh"
bash "$TOP/scripts/base.sh" >/dev/null
note "base $BASE_VERSION, series: $(series_count) patches ($(series_hash))"
if [ -d "$TOP/linux/.git" ] && [ "$(cat "$TOP/linux/.git/s2-synced" 2>/dev/null)" != "$(series_hash)" ]; then
	note "NOTE: ./linux differs from patches/; this checks patches/ (make export first?)"
fi

applied=1
if has hygiene; then
	bash "$TOP/scripts/hygiene.sh" || applied=0
	timing "hygiene done"
fi

if [ $applied = 1 ] && has docs; then
	bash "$TOP/scripts/docs.sh"
	timing "docs done"
fi

if [ $applied = 1 ] && has model; then
	bash "$TOP/scripts/model.sh" "$(bash "$TOP/scripts/src.sh" patched | tail -n 1)"
	timing "model checker done"
fi

if has plugin; then
	bash "$TOP/scripts/plugin-test.sh"
	timing "plugin done"
fi

if has cpus; then
	bash "$TOP/scripts/cpus.sh" $machines
	timing "cpus done"
fi

built=0
if [ $applied = 1 ] && { has build || has bench || has matrix || has debug; }; then
	built=1
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
	timing "build done"
fi

if [ $applied = 1 ] && has defconfig; then
	bash "$TOP/scripts/defconfig.sh"
	timing "defconfig done"
fi

if [ $built = 1 ] && has bench; then
	bash "$TOP/scripts/bench-test.sh"
	timing "bench workloads done"
fi

if [ $applied = 1 ] && has sparse; then
	bash "$TOP/scripts/sparse.sh"
	timing "sparse done"
fi

if [ $applied = 1 ] && has bisect; then
	bash "$TOP/scripts/bisect.sh"
	timing "bisect done"
fi

if [ $built = 1 ] && has matrix; then
	declare -A kernel_ok=([patched]=1)
	for m in $machines; do
		sets=$(machine_sets "$m")
		if [ "$sets" = - ]; then
			note "matrix: $m runs in no make check set (config/machines)"
			continue
		fi
		[[ " ${CHECK_FULL_ON-} " != *" $m "* ]] || sets="full${sets#"${sets%%,*}"}"
		# 16k/64k machines boot patched-16k/-64k, built when first needed.
		v=$(machine_variant patched "$m")
		if [ -z "${kernel_ok[$v]-}" ]; then
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
		timing "machine $m done"
	done
fi

if [ $built = 1 ] && has debug; then
	if bash "$TOP/scripts/kernel.sh" debug >/dev/null; then
		result pass build/kernel-debug
		bash "$TOP/scripts/boot.sh" debug max debug
	else
		result fail build/kernel-debug "see the build error above"
	fi
	timing "debug kernel done"
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
timing "check finished"
echo "$pass passed, $fail failed, $skip skipped"
exit $((fail > 0))

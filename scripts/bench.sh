#!/usr/bin/env bash
# bench.sh: make bench. Builds every kernel config/bench compares (base =
# empty series, patched = patches/), the workloads (bench/workloads, against
# the base tree's selftests library, so both kernels run the same binary)
# and the s2count plugin; boots each kernel on each machine with the plugin
# loaded and runs every workload; then writes build/bench/results.{md,csv},
# summary.md, raw.csv and results.png (bench/report.py, bench/chart.gp).
#
# QEMU runs single-threaded TCG with -icount shift=0,sleep=off: the guest's
# clock follows its instruction count (1 ns each), so timer interrupts land
# at the same instructions in every repetition and the counts do not depend
# on the host's load; the plugin (time=on) measures the host's wall time of
# each window. -cpu max has pauth-impdef=on (config/machines): the same
# instructions, but QEMU emulates pointer authentication with a cheap IMPDEF algorithm instead
# of QARMA, which otherwise dominates the wall time (a 256 MiB madvise window:
# 2.0 s with QARMA, 0.22 s without).
#
# One TAP line per boot and workload; the last line counts them. Exits
# non-zero when a workload failed or a report could not be used.
# Logs: build/logs/VARIANT/MACHINE-bench.log (console), build/bench/raw/.
. "$(dirname "$0")/lib.sh"

conf=$CONFIG/bench
out=$BUILD/bench
raw=$out/raw

# config/bench, with the BENCH_* overrides.
pairs=$(awk '$1 == "pair" { $1 = ""; sub(/^ /, ""); print }' "$conf")
sizes=${BENCH_SIZES:-$(awk '$1 == "sizes" { $1 = ""; print }' "$conf")}
reps=${BENCH_REPS:-$(awk '$1 == "reps" { print $2 }' "$conf")}
workloads=$(awk '$1 == "workload" { $1 = ""; sub(/^ /, ""); print }' "$conf")
jobs=${BENCH_JOBS:-2}
accel=$BENCH_ACCEL
icount=$BENCH_ICOUNT
{ [ -n "$pairs" ] && [ -n "$sizes" ] && [ -n "$reps" ] && [ -n "$workloads" ]; } ||
	die "config/bench needs pair, sizes, reps and workload lines"
if [ -n "${BENCH_SCENARIOS:-}" ]; then
	workloads=$(awk -v want=" $BENCH_SCENARIOS " 'index(want, " " $1 " ")' <<<"$workloads")
	[ -n "$workloads" ] || die "BENCH_SCENARIOS matches no workload of config/bench"
fi

rm -rf "$raw" "$out/root" "$out"/runlist*
rm -f "$out/series" "$out"/results.* "$out"/sweep.* "$out"/chart.dat "$out"/summary.md "$out"/raw.csv
mkdir -p "$raw" "$out/root/bench"
RESULTS=$out/bench.tap
export RESULTS
: >"$RESULTS"

bash "$TOP/scripts/deps.sh"
bash "$TOP/scripts/base.sh" >/dev/null
note "base $BASE_VERSION, series: $(series_count) patches ($(series_hash))"


# The run lists: one entry per workload and size, all repetitions in it;
# one list per pair (a pair may name the scenarios it runs: scenarios=a,b).
runlist() { # [scenarios] -> run list on stdout
	local only=${1:-} scn opts mib
	while read -r scn opts; do
		[ -z "$only" ] || [[ ",$only," == *",$scn,"* ]] || continue
		# sizes=A,B,... (the size sweep) replaces the sizes line for this
		# workload; BENCH_SIZES replaces both.
		local wsizes=$sizes
		if [[ " $opts " == *" sizes="* ]]; then
			wsizes=${opts##*sizes=}
			wsizes=${wsizes%% *}
			opts=${opts/sizes=$wsizes/}
			wsizes=${wsizes//,/ }
			[ -z "${BENCH_SIZES:-}" ] || wsizes=$sizes
		fi
		for mib in $wsizes; do
			# Generous: ~15 s per 256 MiB repetition without load; TCG under load is 3x+ slower.
			printf '%s-%s %s /bench/s2bench -r %s %s %s %s\n' "$scn" "$mib" \
				$((120 + mib * reps / 2)) "$reps" "$opts" "$scn" "$mib"
		done
	done <<<"$workloads" | tr -s ' '
}

# One boot per (pair, machine, kernel), BENCH_JOBS at a time.
: >"$out/manifest"
boots=()
declare -A boot_list
npair=0
while read -r base patched machines; do
	npair=$((npair + 1))
	only=
	if [[ " $machines " == *" scenarios="* ]]; then
		only=${machines##*scenarios=}
		only=${only%% *}
		machines=${machines/scenarios=$only/}
	fi
	runlist "$only" >"$out/runlist-$npair"
	if [ ! -s "$out/runlist-$npair" ]; then
		note "bench: pair $base/$patched: no workload left (scenarios=$only, BENCH_SCENARIOS=${BENCH_SCENARIOS:-})"
		continue
	fi
	for m in ${BENCH_MACHINES:-$machines}; do
		[[ " $machines " == *" $m "* ]] || continue
		for v in "$base" "$patched"; do
			role=patched
			[ "$v" = "$base" ] && role=base
			boots+=("$v $m")
			boot_list["$v $m"]=$out/runlist-$npair
			printf '%s %s %s %s %s %s %s %s %s\n' pair "$base" "$patched" "$m" "$v" "$role" \
				"$BUILD/logs/$v/$m-bench.log" "$raw/$v-$m.report" "$raw/$v-$m.tap" \
				>>"$out/manifest"
		done
	done
done <<<"$pairs"
[ ${#boots[@]} -gt 0 ] || die "no machine to run on (BENCH_MACHINES=${BENCH_MACHINES:-})"

# Kernels and their initramfs (boot.sh needs one per source).
# Only those of the boots that run (BENCH_MACHINES may leave a pair out).
# shellcheck disable=SC2046
build_variants $(printf '%s\n' "${boots[@]}" | awk '!seen[$1]++ { print $1 }')
wl=$(bash "$TOP/scripts/workloads.sh" base | tail -n 1)
cp "$wl/kvm/s2bench" "$out/root/bench/s2bench"
make -s -C "$TOP/bench/plugin" O="$BUILD/plugin" all >"$raw/plugin-build.log" 2>&1 ||
	{ tail_log "$raw/plugin-build.log"; die "the s2count plugin does not build"; }
timing "built"

boot_one() {
	local v=$1 m=$2
	rm -f "$raw/$v-$m.report"
	RESULTS=$raw/$v-$m.tap RUNLIST=${boot_list["$v $m"]} EXTRA_ROOT=$out/root \
		PLUGIN="$BUILD/plugin/libs2count.so,out=$raw/$v-$m.report,time=on${BENCH_SITES:+,sites=on}" \
		ACCEL=$accel QEMU_EXTRA=$icount bash "$TOP/scripts/boot.sh" "$v" "$m" bench >"$raw/$v-$m.out" 2>&1
}
step "bench: ${#boots[@]} boots, $jobs at a time; $(cat "$out"/runlist-* | wc -l) workload runs (over all pairs) x $reps repetitions each"
running=0
for b in "${boots[@]}"; do
	if [ "$running" -ge "$jobs" ]; then
		wait -n || true
		running=$((running - 1))
	fi
	# shellcheck disable=SC2086
	boot_one $b &
	running=$((running + 1))
done
wait || true
for b in "${boots[@]}"; do
	read -r v m <<<"$b"
	cat "$raw/$v-$m.tap" 2>/dev/null >>"$RESULTS" || result fail "$v/$m/boot" "no results (see $raw/$v-$m.out)"
	grep -h '^    boot:' "$raw/$v-$m.out" 2>/dev/null | sed "s|^|    $v/$m |" >&2 || true
done
cat "$RESULTS"
timing "boots done"

# BENCH_SITES=1: where each boot's counted instructions came from.
if [ -n "${BENCH_SITES:-}" ]; then
	for b in "${boots[@]}"; do
		read -r v m <<<"$b"
		map=
		for f in "$BUILD"/src/*/o-"$v"/System.map; do [ -f "$f" ] && map=$f; done
		{ [ -n "$map" ] && [ -s "$raw/$v-$m.report" ]; } || continue
		python3 "$TOP/bench/sites.py" "$map" "$raw/$v-$m.report" >"$raw/$v-$m.sites"
		note "sites: $raw/$v-$m.sites"
	done
fi

# The tables and the chart.
step "bench: report"
info="Base: Linux $BASE_VERSION. Series: $(series_count) patches ($(series_hash)). QEMU"
info="$info $(qemu-system-aarch64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p') TCG"
info="$info ($accel, ${icount#-}; -cpu max with pauth-impdef=on), $reps repetitions;"
info="$info measured $(date -u +%Y-%m-%d)."
if BENCH_INFO=$info python3 "$TOP/bench/report.py" "$out/manifest" "$out"; then
	result pass bench/report
else
	result fail bench/report "incomplete: see the problems above and in $out/results.md"
fi
# A log-scale panel needs a count above zero (a destroy-only run has no TLBI).
chart_empty=$(awk '!/^#/ { t += $(NF - 3) + $(NF - 2); d += $(NF - 1) + $NF }
	END { if (t == 0) print "TLBI"; else if (d == 0) print "DSB" }' "$out/chart.dat" 2>/dev/null || true)
if [ -s "$out/chart.dat" ] && [ -n "$chart_empty" ]; then
	result skip bench/chart "no $chart_empty in any window of this run: nothing to draw on a log scale"
elif [ -s "$out/chart.dat" ] && gnuplot -e "data='$out/chart.dat'; out='$out/results.png.tmp'; \
	mib=$(awk 'NR == 1 { print $2 + 0 }' "$out/chart.dat")" "$TOP/bench/chart.gp" 2>"$raw/gnuplot.log"; then
	mv -f "$out/results.png.tmp" "$out/results.png"
	result pass bench/chart
else
	tail_log "$raw/gnuplot.log" 10
	result fail bench/chart "gnuplot failed or no data (see $raw/gnuplot.log)"
fi
if [ -s "$out/sweep.dat" ]; then
	if gnuplot -e "data='$out/sweep.dat'; titles='$(cat "$out/sweep.titles")'; out='$out/sweep.png.tmp'" \
		"$TOP/bench/sweep.gp" 2>"$raw/gnuplot-sweep.log"; then
		mv -f "$out/sweep.png.tmp" "$out/sweep.png"
		result pass bench/sweep-chart
	else
		tail_log "$raw/gnuplot-sweep.log" 10
		result fail bench/sweep-chart "gnuplot failed (see $raw/gnuplot-sweep.log)"
	fi
fi
series_hash >"$out/series"
step "bench: $out/results.md, results.csv, results.png, sweep.png (raw: raw.csv, $raw)"
cat "$out/summary.md" 2>/dev/null || true
timing "bench finished"

tap_summary || exit 1

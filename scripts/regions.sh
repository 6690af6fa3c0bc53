#!/usr/bin/env bash
# regions.sh: the series' test device refuses every bad region
# (config/pfnmap-regions; make check's `regions` stage). One boot of the
# patched kernel per line, with kvm_pfnmap_test.region=REGION appended to
# the machine's command line and scripts/region-refused REASON as the only
# test; two boots at a time (REGIONS_JOBS). Results:
# patched/MACHINE/region-NAME/{boot,refused,kernel-log}; logs:
# build/logs/patched/MACHINE-region-NAME.log.
. "$(dirname "$0")/lib.sh"

jobs=${REGIONS_JOBS:-2}
out=$BUILD/regions
rm -rf "$out"
mkdir -p "$out/root/bin"
cp "$TOP/scripts/region-refused" "$out/root/bin/region-refused"
[ -f "$BUILD/kernel/patched/Image" ] || die "no patched kernel (scripts/kernel.sh patched)"
bash "$TOP/scripts/initramfs.sh" patched >/dev/null

names=()
while read -r name machine region reason; do
	names+=("$name")
	echo "refused 60 /bin/region-refused $reason" >"$out/$name.list"
	printf '%s %s\n' "$machine" "$region" >"$out/$name.args"
done < <(grep -Ev '^[[:space:]]*(#|$)' "$CONFIG/pfnmap-regions")
[ ${#names[@]} -gt 0 ] || die "no region in config/pfnmap-regions"

boot_one() { # name
	local machine region
	read -r machine region <"$out/$1.args"
	RESULTS=$out/$1.tap RUNLIST=$out/$1.list EXTRA_ROOT=$out/root BOOT_LIMIT=240 \
		CMDLINE_EXTRA="kvm_pfnmap_test.region=$region" \
		bash "$TOP/scripts/boot.sh" patched "$machine" "region-$1" >"$out/$1.out" 2>&1
}
step "regions: ${#names[@]} bad regions for the test device, one boot each, $jobs at a time"
running=0
for n in "${names[@]}"; do
	if [ "$running" -ge "$jobs" ]; then
		wait -n || true
		running=$((running - 1))
	fi
	boot_one "$n" &
	running=$((running + 1))
done
wait
# Results in the table's order; the boot's own lines for a failure.
for n in "${names[@]}"; do
	if [ ! -s "$out/$n.tap" ]; then
		tail_log "$out/$n.out" 20
		result fail "patched/region-$n" "boot.sh wrote no result (see ${out#"$TOP"/}/$n.out)"
		continue
	fi
	grep -q '^not ok ' "$out/$n.tap" && tail_log "$out/$n.out" 20
	cat "$out/$n.tap" >>"$RESULTS"
	cat "$out/$n.tap"
done
exit 0

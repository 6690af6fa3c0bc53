#!/usr/bin/env bash
# cpus.sh [MACHINE...]: what QEMU's CPUs advertise, against config/machines.
# Boots scripts/idregs.S (bare metal, a second each) on each machine's -cpu,
# decodes ID_AA64MMFR0_EL1 and checks, per machine (result cpus/MACHINE):
#   - the machine's page size is a granule the CPU implements at stage 1
#     (TGran4/16/64) and at stage 2 (TGran*_2), so a 16k/64k machine cannot
#     silently be a CPU that would not boot that kernel;
#   - the machine's ipa column is the IPA limit 6.12's KVM derives from it:
#     the PA range (PARange), capped at 48 bits on 4K/16K unless the CPU has
#     FEAT_LPA2 for that granule (TGran4 = 1, TGran16 = 2; our kernels have
#     52-bit PA, config/kernel*.config).
# The decoded table: build/results/cpus.txt.
. "$(dirname "$0")/lib.sh"

out=$BUILD/cpus
mkdir -p "$out" "$BUILD/results"
mapfile -t machines < <(if [ $# -gt 0 ]; then printf '%s\n' "$@"; else machine_names; fi)
elf=$out/idregs.elf
if ! "${CROSS_COMPILE}gcc" -nostdlib -static -Wl,-Ttext=0x40080000 -Wl,-e,_start -Wl,--build-id=none \
	-o "$elf.tmp" "$TOP/scripts/idregs.S" 2>"$out/build.log"; then
	tail_log "$out/build.log" 10
	for m in "${machines[@]}"; do result fail "cpus/$m" "scripts/idregs.S does not build"; done
	exit 0
fi
mv -f "$elf.tmp" "$elf"

declare -A line
probe() { # cpu -> "IDREGS el=... mmfr0=..." line (cached per cpu)
	if [ -z "${line[$1]-}" ]; then
		line[$1]=$(timeout 30 qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu "$1" \
			-m 128 -nographic -nic none -no-reboot -kernel "$elf" </dev/null 2>&1 |
			tr -d '\r' | grep -m1 '^IDREGS ' || true)
	fi
	printf '%s\n' "${line[$1]}"
}
field() { echo $(((0x$1 >> $2) & 0xf)); } # hex value, shift -> 4-bit field
pa_bits() { case $1 in 0) echo 32 ;; 1) echo 36 ;; 2) echo 40 ;; 3) echo 42 ;; 4) echo 44 ;; 5) echo 48 ;; 6) echo 52 ;; *) echo "?" ;; esac; }

table=$out/cpus.txt.tmp
printf '%-16s %-12s %-5s %-18s %-6s %-18s %-18s %-18s %s\n' machine cpu pages mmfr0 PA 4K 16K 64K verdict >"$table"
for m in "${machines[@]}"; do
	read -r _ cpu _ _ _ _ _ pages ipa _ <<<"$(machine_line "$m")"
	l=$(probe "$cpu")
	mmfr0=$(sed -n 's/.* mmfr0=\([0-9a-f]*\).*/\1/p' <<<"$l")
	el=$(sed -n 's/.*el=0*\([0-9]*\) .*/\1/p' <<<"$l")
	if [ -z "$mmfr0" ]; then
		result fail "cpus/$m" "idregs printed nothing on -cpu $cpu"
		continue
	fi
	parange=$(field "$mmfr0" 0)
	t16=$(field "$mmfr0" 20) t64=$(field "$mmfr0" 24) t4=$(field "$mmfr0" 28)
	t16_2=$(field "$mmfr0" 32) t64_2=$(field "$mmfr0" 36) t4_2=$(field "$mmfr0" 40)
	# Stage 1: TGran4/64 0 = implemented, 0xf = not; TGran16 0 = not, 1 = yes,
	# 2 = with 52-bit (LPA2); TGran4 1 = with 52-bit. Stage 2 (TGran*_2):
	# 0 = as stage 1, 1 = not, 2 = yes, 3 = with 52-bit.
	s1_4=$([ "$t4" != 15 ] && echo y || echo n) s1_64=$([ "$t64" != 15 ] && echo y || echo n)
	s1_16=$([ "$t16" != 0 ] && echo y || echo n)
	lpa2_4=$([ "$t4" = 1 ] && echo y || echo n) lpa2_16=$([ "$t16" = 2 ] && echo y || echo n)
	s2() { case $2 in 0) echo "$1" ;; 1) echo n ;; *) echo y ;; esac; }
	s2_4=$(s2 "$s1_4" "$t4_2") s2_16=$(s2 "$s1_16" "$t16_2") s2_64=$(s2 "$s1_64" "$t64_2")
	desc() { echo "s1=$1,s2=$2${3:+,lpa2=$3}"; }
	pa=$(pa_bits "$parange")
	case $pages in
	4k) ok1=$s1_4 ok2=$s2_4 lpa2=$lpa2_4 ;;
	16k) ok1=$s1_16 ok2=$s2_16 lpa2=$lpa2_16 ;;
	64k) ok1=$s1_64 ok2=$s2_64 lpa2=y ;; # 52-bit PA with 64K needs only FEAT_LPA (PARange)
	*) ok1=n ok2=n lpa2=n ;;
	esac
	want_ipa=$pa
	[ "$pa" != 52 ] || [ "$lpa2" = y ] || want_ipa=48
	why=
	[ "$el" = 2 ] || why="entered at EL$el, not EL2"
	[ "$ok1" = y ] && [ "$ok2" = y ] || why="${why:+$why; }-cpu $cpu does not implement the $pages granule (stage 1: $ok1, stage 2: $ok2)"
	[ "$want_ipa" = "$ipa" ] || why="${why:+$why; }IPA limit would be $want_ipa bits (PA $pa, LPA2 for $pages: $lpa2), config/machines says $ipa"
	printf '%-16s %-12s %-5s %-18s %-6s %-18s %-18s %-18s %s\n' "$m" "$cpu" "$pages" "$mmfr0" "$pa" \
		"$(desc "$s1_4" "$s2_4" "$lpa2_4")" "$(desc "$s1_16" "$s2_16" "$lpa2_16")" \
		"$(desc "$s1_64" "$s2_64")" "${why:-ok}" >>"$table"
	if [ -z "$why" ]; then
		result pass "cpus/$m"
	else
		result fail "cpus/$m" "$why"
	fi
done
mv -f "$table" "$BUILD/results/cpus.txt"
sed 's/^/    /' "$BUILD/results/cpus.txt" >&2
exit 0

# chart.gp: TLBIs and DSBs per MiB unmapped, base vs. patched (make bench).
#   gnuplot -e "data='chart.dat'; out='results.png'; mib=256" bench/chart.gp
# chart.dat (bench/report.py): "label" base_tlbi patched_tlbi base_dsb patched_dsb
set terminal pngcairo size 1200,820 font "sans,10"
set output out
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y
# Zero cannot be drawn on a log scale: bars start at 0.001 (no bar: zero).
set yrange [0.001:*]
set format y "10^{%L}"
set grid ytics
set key top right
set xtics rotate by -35 nomirror font ",9"
set multiplot layout 2,1 title sprintf("Stage-2 maintenance per MiB unmapped (%d MiB region, QEMU TCG, s2count; no bar = 0)", mib)
set ylabel "TLBIs per MiB"
plot data using 2:xtic(1) title "base" lc rgb "#c0504d", \
     '' using 3 title "patched" lc rgb "#4f81bd"
set ylabel "DSBs per MiB"
plot data using 4:xtic(1) title "base" lc rgb "#c0504d", \
     '' using 5 title "patched" lc rgb "#4f81bd"
unset multiplot

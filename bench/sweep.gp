# sweep.gp: how the stage-2 maintenance of one unmap grows with the guest
# (make bench's size sweep), base vs. patched, one panel per CPU and scenario.
#   gnuplot -e "data='sweep.dat'; titles='max/madvise ...'; out='sweep.png'" bench/sweep.gp
# sweep.dat (bench/report.py): blocks of "mib base_tlbi patched_tlbi
# base_dsb patched_dsb base_dc patched_dc", in the order of titles.
n = words(titles)
cols = n < 3 ? n : 3
rows = (n + cols - 1) / cols
set terminal pngcairo size 420 * cols, 360 * rows + 40 font "sans,9"
set output out
set logscale xy 2
set format y "2^{%L}"
set xlabel "region (MiB)"
set grid
set key below horizontal maxcols 3 font ",8" spacing 0.9
set bmargin 7
# Zero cannot be drawn on a log scale: a count of zero has no point.
nz(v) = v > 0 ? v : NaN
set multiplot layout rows, cols title "Stage-2 maintenance per unmap against the region size (QEMU TCG, s2count counts; no point = 0)"
do for [i = 1:n] {
	set title word(titles, i)
	plot data index (i - 1) using 1:(nz($2)) with linespoints lc rgb "#c0504d" pt 7 title "TLBI base", \
	     '' index (i - 1) using 1:(nz($3)) with linespoints lc rgb "#4f81bd" pt 7 title "TLBI patched", \
	     '' index (i - 1) using 1:(nz($4)) with linespoints lc rgb "#c0504d" dt 2 pt 5 title "DSB base", \
	     '' index (i - 1) using 1:(nz($5)) with linespoints lc rgb "#4f81bd" dt 2 pt 5 title "DSB patched", \
	     '' index (i - 1) using 1:(nz($7)) with lines lc rgb "#9bbb59" dt 3 title "DC CMO patched"
}
unset multiplot

#!/usr/bin/env bash
# Turns results.tsv (written by run-bench.sh) into table.txt (printed),
# table.md (markdown, to paste into a note) and ratios.svg (bar charts of
# mimic/qemu and mimic/native, through gnuplot) in the same directory.
#
# usage: report.sh RESULTS_DIR
set -u

dir=${1:?usage: report.sh RESULTS_DIR}
tsv="$dir/results.tsv"
[ -s "$tsv" ] || { echo "report.sh: no $tsv" >&2; exit 1; }

# One awk program writes both tables: format "text" or "md".
tables() {
    awk -F'\t' -v format="$1" '
    # Short-lived programs take milliseconds: four significant digits.
    function cell(med, lo, hi) {
        return med < 0.1 ? sprintf("%.5f (%.5f-%.5f)", med, lo, hi) \
                         : sprintf("%.3f (%.3f-%.3f)", med, lo, hi)
    }
    function mb(kb) { return sprintf("%.1f", kb / 1024) }
    function row(a, b, c, d, e, f, g, h, i) {
        if (format == "md")
            printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", a, b, c, d, e, f, g, h, i
        else
            printf "%-7s %-17s %-25s %-25s %-25s %10s %12s %9s %9s\n", a, b, c, d, e, f, g, h, i
    }
    NR == 1 {
        row("guest", "benchmark", "native s", "qemu s", "mimic s", "mimic/qemu",
            "mimic/native", "qemu MB", "mimic MB")
        if (format == "md") print "|---|---|---:|---:|---:|---:|---:|---:|---:|"
        next
    }
    $15 != "ok" {
        if (format == "md") row($1, $2, $15, "", "", "", "", "", "")
        else printf "%-7s %-17s %s\n", $1, $2, $15
        failed++
        next
    }
    {
        rq = $10 / $7; rn = $10 / $4
        row($1, $2, cell($4, $5, $6), cell($7, $8, $9), cell($10, $11, $12),
            sprintf("%.2f", rq), sprintf("%.2f", rn), mb($13), mb($14))
        if ($3 == "cpu") {
            if (!($1 in n)) order[++guests] = $1
            n[$1]++; lq[$1] += log(rq); ln[$1] += log(rn)
            if (rq > worst[$1]) { worst[$1] = rq; worst_name[$1] = $2 }
            if ($14 > $13) over_rss[$1]++
        }
    }
    END {
        print ""
        if (format == "md") {
            print "| guest | CPU benchmarks | geomean mimic/qemu | geomean mimic/native | worst mimic/qemu | peak RSS above qemu |"
            print "|---|---:|---:|---:|---|---:|"
        }
        for (i = 1; i <= guests; i++) {
            g = order[i]
            if (format == "md")
                printf "| %s | %d | %.2f | %.2f | %.2f (%s) | %d |\n", g, n[g],
                       exp(lq[g] / n[g]), exp(ln[g] / n[g]), worst[g], worst_name[g], over_rss[g]
            else
                printf "%-7s geometric mean over %d CPU benchmarks: mimic/qemu %.2f, mimic/native %.2f; worst mimic/qemu %.2f (%s); peak RSS above qemu in %d\n",
                       g, n[g], exp(lq[g] / n[g]), exp(ln[g] / n[g]), worst[g], worst_name[g], over_rss[g] + 0
        }
        if (failed) printf "\n%d benchmark(s) FAILED\n", failed
    }' "$tsv"
}

{
    tables text
    echo
    sed 's/^/# /' "$dir/meta.txt" 2>/dev/null
    echo "# times: median (min-max) in seconds; short-lived programs per run; MB: peak RSS"
} >"$dir/table.txt"
{
    tables md
    echo
    sed 's/^/    /' "$dir/meta.txt" 2>/dev/null
    echo
    echo "Times: median (min-max) in seconds; short-lived programs per run. MB: peak RSS."
} >"$dir/table.md"
cat "$dir/table.txt"

awk -F'\t' 'NR > 1 && $15 == "ok" {
    printf "%s/%s %.4f %.4f\n", $1, $2, $10 / $7, $10 / $4 }' "$tsv" >"$dir/ratios.dat"
if ! [ -s "$dir/ratios.dat" ]; then
    echo "report.sh: no successful benchmark, no chart" >&2
elif ! command -v gnuplot >/dev/null 2>&1; then
    echo "report.sh: gnuplot not found (scripts/install-deps.sh bench installs it): no chart" >&2
else
    bars=$(wc -l <"$dir/ratios.dat")
    gnuplot <<EOF || { echo "report.sh: gnuplot failed" >&2; exit 1; }
set terminal svg size $((300 + bars * 28)),760 font "sans,11" background "white"
set output "$dir/ratios.svg"
set multiplot layout 2,1
set termoption noenhanced
set style fill solid 0.8 border -1
set boxwidth 0.7
set xrange [-0.6:$bars - 0.4]
set grid ytics
set xtics rotate by -50 scale 0 font "sans,9"
unset key
set title "mimic time / qemu-user time (below 1: mimic faster; issue 5 target: geomean <= 0.5)"
set yrange [0:*]
set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead lc rgb "black" dt 2
plot "$dir/ratios.dat" using 0:2:xtic(1) with boxes lc rgb "#3070b0"
unset arrow 1
set title "mimic time / native time (log scale)"
set logscale y
set yrange [0.5:*]
plot "$dir/ratios.dat" using 0:3:xtic(1) with boxes lc rgb "#c05020"
unset multiplot
EOF
    echo "chart: $dir/ratios.svg; markdown: $dir/table.md"
fi

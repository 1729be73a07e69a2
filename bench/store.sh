#!/usr/bin/env bash
# Store scaling: N synthetic results (default 1,000,000, derived from the corpus) committed
# through the collector's store, then the same through a real collector over ZeroMQ.
# Prints throughput, checkpoint time, distinct entities, peak RSS and store size at 10k/100k/1M.
#   GLEANER_BIN=DIR   use the gleaner binary in DIR instead of building one
#   BASELINE_BIN=DIR  instead, run the store part for the gleaner in DIR (e.g. an older build)
#                     and the current one alternately, PASSES times (default 2), and print
#                     their figures at N side by side with the ratios (same run, same noise)
#   COLLECTOR=1       with BASELINE_BIN: the same alternation through a real collector
#                     (--through-collector): records/s acked and CPU µs per record of the
#                     collector's threads (store writer, journal, socket thread, ZeroMQ I/O), peak RSS
#                     (the benchmark's sender and the collector: one process), and ratios
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/bbc}
n=${2:-1000000}
[ -d "$corpus" ] || { echo "no corpus at $corpus (needs ../shared)"; exit 1; }
. bench/lib/roles.sh
bench_setup store
if [ -n "${BASELINE_BIN:-}" ] && [ -n "${COLLECTOR:-}" ]; then
  # "collector: N results acked: R records/s, peak RSS M MB …" and the thread line after it
  # ("CPU µs per record by thread: NAME V, NAME V, …", busiest first) → "R W J C Z M": store writer,
  # journal thread (0 for a build without one), socket thread ("collector"), ZeroMQ I/O.
  figures() { rm -rf "$work/s"; "$1/gleaner" bench store "$corpus" --articles "$n" --store "$work/s" \
    --through-collector 2>/dev/null | grep -A1 "^collector: $n results" | tr '\n' ' ' | awk '
      { rate = 0; mb = 0
        for (i = 1; i < NF; i++) { if ($(i + 1) == "records/s,") rate = $i; if ($i == "RSS") mb = $(i + 1) }
        split($0, t, "by thread: "); n = split(t[2], parts, ", ")
        for (k = 1; k <= n; k++) { m = split(parts[k], f, " "); cpu[f[1]] = f[m] + 0 }
        printf "%s %s %s %s %s %s\n", rate, cpu["store-writer"] + 0, cpu["store-journal"] + 0, cpu["collector"] + 0,
          cpu["ZMQbg/IO/0"] + 0, mb }'; }
  sums="0 0 0 0 0 0 0 0 0 0 0 0"
  for pass in $(seq "${PASSES:-2}"); do
    read -r br bw bj bc bz bm <<<"$(figures "$BASELINE_BIN")"
    read -r cr cw cj cc cz cm <<<"$(figures "$bin")"
    echo "pass $pass at $n: baseline $br records/s, CPU µs/record writer $bw, journal $bj, socket $bc," \
      "ZeroMQ I/O $bz, $bm MB | current $cr records/s, writer $cw, journal $cj, socket $cc, ZeroMQ I/O $cz, $cm MB" \
      "| load $(cut -d' ' -f1 /proc/loadavg)"
    sums=$(awk -v s="$sums" -v v="$br $bw $bj $bc $bz $bm $cr $cw $cj $cc $cz $cm" \
      'BEGIN { split(s, a); split(v, b); for (i = 1; i <= 12; i++) printf "%s ", a[i] + b[i] }')
  done
  awk -v s="$sums" 'BEGIN { split(s, a)
    printf "ratios current/baseline: records/s %.2f, CPU per record: writer %.2f,", a[7]/a[1], a[8]/a[2]
    printf " writer and journal %.2f,", (a[8]+a[9])/(a[2]+a[3])
    printf " socket %.2f, ZeroMQ I/O %.2f, all collector threads %.2f, peak RSS %.2f\n", a[10]/a[4], a[11]/a[5],
      (a[8]+a[9]+a[10]+a[11])/(a[2]+a[3]+a[4]+a[5]), a[12]/a[6] }'
  exit 0
fi
if [ -n "${BASELINE_BIN:-}" ]; then
  # "store: N articles: R records/s, checkpoint C s, E distinct entities, peak RSS M MB, …" → "R C M"
  figures() { rm -rf "$work/s"; "$1/gleaner" bench store "$corpus" --articles "$n" --store "$work/s" \
    | sed -n "s/^store: $n articles: \([0-9]*\) records\/s, checkpoint \([0-9.]*\) s, [0-9]* distinct entities, peak RSS \([0-9]*\) MB.*/\1 \2 \3/p"; }
  sums="0 0 0 0 0 0"
  for pass in $(seq "${PASSES:-2}"); do
    read -r br bc bm <<<"$(figures "$BASELINE_BIN")"
    read -r cr cc cm <<<"$(figures "$bin")"
    echo "pass $pass at $n: baseline $br records/s, checkpoint $bc s, $bm MB | current $cr records/s, checkpoint $cc s, $cm MB"
    sums=$(awk -v s="$sums" -v v="$br $bc $bm $cr $cc $cm" 'BEGIN { split(s, a); split(v, b); for (i = 1; i <= 6; i++) printf "%s ", a[i] + b[i] }')
  done
  awk -v s="$sums" 'BEGIN { split(s, a); printf "ratios current/baseline: records/s %.2f, checkpoint %.2f, peak RSS %.2f\n", a[4]/a[1], a[5]/a[2], a[6]/a[3] }'
  exit 0
fi
$bin/gleaner bench store "$corpus" --articles "$n" --store "$work/store"
$bin/gleaner bench store "$corpus" --articles "$n" --store "$work/through-collector" --through-collector 2>/dev/null

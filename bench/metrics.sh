#!/usr/bin/env bash
# What metrics cost: the pipeline's own overhead (collector, producer and 2 workers in no-op
# mode, which answer each task at once, so the producer and collector are the bottleneck) over
# N small generated articles, alternately without and with --metrics on every role (and a
# scrape of each endpoint every second while it runs). Prints each round, the medians and
# the ratio with/without. No corpus needed.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-30000}
rounds=${2:-3}
if [ -z "${GLEANER_BIN:-}" ]; then swift build -c release >/dev/null; fi
bin=${GLEANER_BIN:-$PWD/.build/release}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
python3 - "$work/in" "$n" <<'PY'
import os, sys
dst, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    folder = os.path.join(dst, "%03d" % (i // 1000))
    if i % 1000 == 0: os.makedirs(folder, exist_ok=True)
    open(os.path.join(folder, "%d.txt" % i), "w").write(
        "Harbour report %d\n\nThe port of Lisbon handled more cargo, Ana Silva said on Tuesday (%d).\n" % (i, i))
PY

# Prints the producer's articles/s for one run; $1 = on|off.
one_run() {
  local mode=$1 store="$work/store-$RANDOM$RANDOM" metrics=() urls=()
  [ "$mode" = on ] && metrics=(--metrics 127.0.0.1:0)
  $bin/gleaner-collector --store "$store" --bind tcp://127.0.0.1:0 "${metrics[@]}" --log-level warning \
    > "$work/c.out" 2>/dev/null & local collector=$!; pids+=("$collector")
  until grep -q "listening on" "$work/c.out" 2>/dev/null; do sleep 0.05; done
  local c; c=$(sed -n 's/.*listening on //p' "$work/c.out")
  $bin/gleaner-producer "$work/in" --bind tcp://127.0.0.1:0 --collector "$c" --quiet "${metrics[@]}" \
    --log-level warning > "$work/p.out" 2>/dev/null & local producer=$!; pids+=("$producer")
  until grep -q "listening on" "$work/p.out" 2>/dev/null; do sleep 0.05; done
  local p; p=$(sed -n 's/.*listening on //p' "$work/p.out")
  local workers=()
  for w in 1 2; do
    $bin/gleaner-worker --producer "$p" --collector "$c" --noop "${metrics[@]}" --log-level warning \
      > "$work/w$w.out" 2>/dev/null & workers+=($!); pids+=($!)
  done
  local scraper=""
  if [ "$mode" = on ]; then
    sleep 0.2
    urls=($(sed -n 's/.*metrics on //p' "$work/c.out" "$work/p.out" "$work/w1.out" "$work/w2.out"))
    ( while true; do for u in "${urls[@]}"; do curl -s "$u" > /dev/null || true; done; sleep 1; done ) &
    scraper=$!; pids+=("$scraper")
  fi
  wait "$producer" || true
  [ -n "$scraper" ] && kill "$scraper" 2>/dev/null
  kill "${workers[@]}" "$collector" 2>/dev/null; wait "${workers[@]}" "$collector" 2>/dev/null || true
  sed -n 's/.*(\([0-9.]*\) articles\/s).*/\1/p' "$work/p.out" | tail -1
  rm -rf "$store"
}

off=(); on=()
for r in $(seq 1 "$rounds"); do
  a=$(one_run off); b=$(one_run on)
  off+=("$a"); on+=("$b")
  echo "round $r: without --metrics $a tasks/s, with --metrics $b tasks/s"
done
python3 - "${off[*]}" "${on[*]}" "$n" <<'PY'
import statistics, sys
off = [float(x) for x in sys.argv[1].split()]; on = [float(x) for x in sys.argv[2].split()]
mo, mn = statistics.median(off), statistics.median(on)
print(f"{sys.argv[3]} tasks, no-op workers: median without --metrics {mo:.0f} tasks/s, with {mn:.0f} tasks/s, "
      f"ratio with/without {mn / mo:.3f}")
PY

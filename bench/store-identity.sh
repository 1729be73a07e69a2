#!/usr/bin/env bash
# Store identity: the same synthetic results committed by two builds give the same store, byte
# for byte. For changes to the collector's hot path that must not change what it writes.
#   bench/store-identity.sh BASE_DIR [CORPUS] [N] [M]
# BASE_DIR holds the other build's `gleaner` (e.g. main's release binary); GLEANER_BIN=DIR the
# build under test (default: build it). Each build writes two stores: N results through the
# store (`gleaner bench store`, default 100,000) and M through a real collector over ZeroMQ
# (`--through-collector`, default 12,000: under one journal segment, whose boundaries follow
# group-commit timing). The wall clock is frozen for both (a preloaded `clock_gettime`, built
# here with `cc`), since commit times are stored. Then every file is compared, except:
#   store.lock             the writer's pid
#   index/state-G.bin      the state snapshot, whose hash tables are in seeded slot order
#                          (two runs of one build differ too)
#   index/checkpoint.json  compared as JSON (JSONEncoder's key order varies between runs),
#                          without "generation"
#   corpus.json            "generation" blanked: it counts checkpoints, which the clock paces
# Exit status 0 when the stores are the same.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: bench/store-identity.sh BASE_DIR [CORPUS] [N] [M]}
corpus=${2:-../shared/corpus/bbc}
n=${3:-100000}
m=${4:-12000}
[ -d "$corpus" ] || { echo "no corpus at $corpus (needs ../shared)"; exit 1; }
. bench/lib/roles.sh
bench_setup store-identity

cat >"$work/clock.c" <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sys/time.h>
#include <time.h>
/* The wall clock stopped at 2026-01-01T00:00:00Z; monotonic clocks run. */
static int (*next_clock_gettime)(clockid_t, struct timespec *);
int clock_gettime(clockid_t id, struct timespec *ts) {
    if (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE) { ts->tv_sec = 1767225600; ts->tv_nsec = 0; return 0; }
    if (!next_clock_gettime) next_clock_gettime = dlsym(RTLD_NEXT, "clock_gettime");
    return next_clock_gettime(id, ts);
}
int gettimeofday(struct timeval *tv, void *tz) {
    (void)tz;
    if (tv) { tv->tv_sec = 1767225600; tv->tv_usec = 0; }
    return 0;
}
EOF
cc -shared -fPIC -O2 -o "$work/clock.so" "$work/clock.c" -ldl

for who in base current; do
  dir=$bin; [ $who = base ] && dir=$base
  LD_PRELOAD="$work/clock.so" "$dir/gleaner" bench store "$corpus" --articles "$n" --store "$work/$who-store" \
    | tail -1 | sed "s/^/$who: /"
  LD_PRELOAD="$work/clock.so" "$dir/gleaner" bench store "$corpus" --articles "$m" --store "$work/$who-collector" \
    --through-collector 2>/dev/null | grep "results acked" | tail -1 | sed "s/^/$who: /"
done

status=0
for kind in store collector; do
  a="$work/base-$kind"; b="$work/current-$kind"
  if ! diff <(cd "$a" && find . -type f ! -name store.lock ! -name 'state-*.bin' | sort) \
    <(cd "$b" && find . -type f ! -name store.lock ! -name 'state-*.bin' | sort); then
    echo "$kind: not the same files"; status=1; continue
  fi
  files=0 differing=0
  while read -r f; do
    files=$((files + 1))
    case "$f" in
      ./index/checkpoint.json)
        python3 -c 'import json, sys
x, y = (json.load(open(p)) for p in sys.argv[1:])
x.pop("generation"); y.pop("generation")
sys.exit(x != y)' "$a/$f" "$b/$f" || { echo "$kind: differs: $f"; differing=$((differing + 1)); } ;;
      ./corpus.json)
        cmp -s <(sed 's/"generation":[0-9]*/"generation":0/' "$a/$f") \
          <(sed 's/"generation":[0-9]*/"generation":0/' "$b/$f") || { echo "$kind: differs: $f"; differing=$((differing + 1)); } ;;
      *) cmp -s "$a/$f" "$b/$f" || { echo "$kind: differs: $f"; differing=$((differing + 1)); } ;;
    esac
  done < <(cd "$a" && find . -type f ! -name store.lock ! -name 'state-*.bin' | sort)
  bytes=$(du -sb "$a" | cut -f1)
  echo "$kind: $files files ($((bytes / 1048576)) MB) compared: $([ $differing = 0 ] && echo identical || echo "$differing differ")"
  [ $differing = 0 ] || status=1
done
exit $status

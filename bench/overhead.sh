#!/usr/bin/env bash
# The system's own overhead: N unique 5 KB files (default 200,000, generated in a temp
# folder and removed after) through a collector (fsynced store), a producer and W workers
# that answer at once with a minimal record (`gleaner-worker --noop`), for W = 1 and 2, over
# ipc:// and over TCP on loopback. Prints tasks/s (the producer's figure: from its start,
# listing and hashing included, to the last commit) and each process's CPU seconds.
#   bash bench/overhead.sh [N]
#   GLEANER_BIN=DIR   use the binaries in DIR instead of building them
#   WORKERS="1 2"     worker counts; TRANSPORTS="ipc tcp"
#   CSV=FILE          also write the figures there, for scripts/plot-throughput
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}
target=33000  # tasks/s: docs/performance.md, "System overhead"
. bench/lib/roles.sh
bench_setup overhead

python3 bench/lib/synthetic-corpus.py "$work/in" "$n"
echo "input: $n synthetic articles of 5,000 bytes; workers --noop, 1 thread each; target $target tasks/s"
csv=${CSV:-/dev/null}
echo "transport,workers,tasks,seconds,tasks_per_s,target_tasks_per_s,cpu_producer_s,cpu_collector_s,cpu_workers_s" >"$csv"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

for transport in ${TRANSPORTS:-ipc tcp}; do
  for w in ${WORKERS:-1 2}; do
    run=$work/$transport-$w; mkdir -p "$run"
    if [ "$transport" = ipc ]; then
      collector=ipc://$run/collector; producer=ipc://$run/producer
    else
      collector=tcp://127.0.0.1:$(free_port); producer=tcp://127.0.0.1:$(free_port)
    fi
    COLLECTOR_ARGS=(--store "$run/store" --bind "$collector" --log-level warning)
    PRODUCER_ARGS=("$work/in" --bind "$producer" --collector "$collector" --quiet --log-level warning)
    WORKER_ARGS=(--noop --producer "$producer" --collector "$collector" --log-level warning)
    run_pipeline "$run" "$bin" "$w" 1800 || PIPELINE_STATUS=failed
    if [ "$PIPELINE_STATUS" != ok ]; then echo "$transport, $w worker(s): $PIPELINE_STATUS (logs were in $run)"; continue; fi
    rate=$(summary_field "$PIPELINE_SUMMARY" rate); seconds=$(summary_field "$PIPELINE_SUMMARY" seconds)
    awk -v t="$transport" -v w="$w" -v s="$PIPELINE_SUMMARY" -v r="$rate" -v sec="$seconds" -v target="$target" \
        -v p="$PIPELINE_CPU_PRODUCER" -v c="$PIPELINE_CPU_COLLECTOR" -v ws="$PIPELINE_CPU_WORKERS" -v each="$PIPELINE_CPU_EACH_WORKER" \
      'BEGIN { printf "%s, %d worker(s): %s\n  %.0f tasks/s (%.2f of the %d target); CPU s: producer %.1f, collector %.1f, workers %.1f (%s); %.2f cores busy\n",
               t, w, s, r, r / target, target, p, c, ws, each, (p + c + ws) / sec }'
    echo "$transport,$w,$(summary_field "$PIPELINE_SUMMARY" articles),$seconds,$rate,$target,$PIPELINE_CPU_PRODUCER,$PIPELINE_CPU_COLLECTOR,$PIPELINE_CPU_WORKERS" >>"$csv"
  done
done

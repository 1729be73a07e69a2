# Shared by the scripts in bench/ and scripts/simulate-cluster (source it): set up a benchmark's
# binaries and temp folder (`bench_setup`), start Gleaner's roles as background processes, wait
# for their readiness lines, read their CPU time from /proc, stop them in order. Each process's
# stdout and stderr go to LOGDIR/NAME.out and LOGDIR/NAME.err.

# Clock ticks per second, for /proc/PID/stat CPU times.
ROLES_TICKS=$(getconf CLK_TCK)

# start_role LOGDIR NAME COMMAND… — runs COMMAND in the background; sets ROLE_PID.
# (A global, not $(…): the process must stay a child of this shell so `wait` can reap it.
# `ip netns exec` execs in place, so its PID is the role's.)
start_role() {
  local dir=$1 name=$2; shift 2
  "$@" >"$dir/$name.out" 2>"$dir/$name.err" &
  ROLE_PID=$!
}

# await_line LOGDIR NAME PID PREFIX SECONDS — waits until NAME's stdout has a line starting
# with PREFIX; fails (with NAME's stderr shown) if PID exits first or SECONDS pass.
await_line() {
  local dir=$1 name=$2 pid=$3 prefix=$4 seconds=$5 waited=0
  until grep -q "^$prefix" "$dir/$name.out" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$waited" -ge $((seconds * 10)) ]; then
      echo "error: $name did not print \"$prefix\" (exited or timed out); its stderr:" >&2
      tail -n 20 "$dir/$name.err" >&2
      return 1
    fi
    sleep 0.1; waited=$((waited + 1))
  done
}

# is_running PID — whether a process exists and is not a zombie (which still answers kill -0).
# Bash builtins only: the wait loops below call it ten times a second while the roles run, and
# a forked awk each time cost the pipeline about 15 µs of CPU per article in bench/efficiency.sh
# (the in-process runs it compares with pay nothing while `wait` blocks).
is_running() {
  local stat
  kill -0 "$1" 2>/dev/null && read -r stat <"/proc/$1/stat" 2>/dev/null || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}

# pause SECONDS — sleeps without starting a process (`read -t` on a pipe nobody writes to).
pause() {
  if [ -z "${ROLES_PAUSE_FD:-}" ]; then exec {ROLES_PAUSE_FD}<> <(:); fi
  read -rt "$1" -u "$ROLES_PAUSE_FD" _ || true
}

# wait_pid PID SECONDS [NEEDED…] — waits for a child to exit; returns its status, 124 after
# SECONDS, or 125 as soon as one of the NEEDED processes is gone (a crashed collector would
# otherwise leave the producer waiting for it until SECONDS).
wait_pid() {
  local pid=$1 seconds=$2 waited=0 needed
  shift 2
  while is_running "$pid"; do
    if [ "$waited" -ge $((seconds * 10)) ]; then return 124; fi
    for needed in "$@"; do is_running "$needed" || return 125; done
    pause 0.1; waited=$((waited + 1))
  done
  wait "$pid"
}

# cpu_seconds PID — user + system CPU seconds of a running process (all its threads), "0" if gone.
cpu_seconds() {
  local fields
  fields=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  # after the command name: field 12 is utime, 13 stime (fields 14 and 15 of the whole line)
  awk -v t="$ROLES_TICKS" '{ printf "%.2f", ($12 + $13) / t }' <<<"$fields"
}

# stop_roles SECONDS PID… — SIGTERM each, then waits; SIGKILL for any still running after SECONDS.
stop_roles() {
  local seconds=$1 pid; shift
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    wait_pid "$pid" "$seconds" >/dev/null 2>&1 || true
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
}

# machine_ticks — the machine's busy and idle CPU time so far, in clock ticks (/proc/stat), as
# "BUSY IDLE" (a builtin read: no process started).
machine_ticks() {
  local cpu user nice system idle iowait irq softirq steal rest
  read -r cpu user nice system idle iowait irq softirq steal rest </proc/stat
  echo "$((user + nice + system + irq + softirq + steal)) $((idle + iowait))"
}

# time_file_cpu FILE — CPU seconds from a `/usr/bin/time -f "%U %S" -o FILE` run ("0" if absent).
time_file_cpu() {
  awk 'NF == 2 && $1 ~ /^[0-9.]+$/ { printf "%.2f", $1 + $2; found = 1 } END { if (!found) printf "0" }' "$1" 2>/dev/null || echo 0
}

# summary_field LINE FIELD — from a producer summary ("N articles, F failures, S skipped … in
# X s (R articles/s)"): articles, failures, seconds or rate.
summary_field() {
  case $2 in
    articles) sed -E 's/^[^0-9]*([0-9]+) articles,.*/\1/' <<<"$1" ;;
    failures) sed -E 's/.* ([0-9]+) failures,.*/\1/' <<<"$1" ;;
    seconds) sed -E 's/.* in ([0-9.]+) s \(.*/\1/' <<<"$1" ;;
    rate) sed -E 's/.*\(([0-9.]+) articles\/s\).*/\1/' <<<"$1" ;;
  esac
}

# role_prefix ROLE N — words put before a role's command (none here). scripts/simulate-cluster
# redefines it to run each role in its own network namespace (`ip netns exec NS`).
role_prefix() { :; }

# on_timeout LOGDIR — called by run_pipeline when the producer overruns, before anything is
# stopped (nothing here; scripts/simulate-cluster saves each namespace's sockets).
on_timeout() { :; }

# run_pipeline LOGDIR BIN WORKERS TIMEOUT — one run: a collector (COLLECTOR_ARGS), a producer
# (PRODUCER_ARGS, timed with /usr/bin/time) and WORKERS workers (WORKER_ARGS, each with
# --name-free defaults), every command behind `role_prefix ROLE N`. Waits up to TIMEOUT s for
# the producer, samples the others' CPU, then stops workers and collector in that order.
# Sets PIPELINE_STATUS (ok, timeout or failed), PIPELINE_SUMMARY (the producer's summary line),
# PIPELINE_CPU_PRODUCER, PIPELINE_CPU_COLLECTOR, PIPELINE_CPU_WORKERS (their sum) and
# PIPELINE_CPU_EACH_WORKER (space-separated). Running PIDs are in PIPELINE_PIDS for a trap.
# PIPELINE_TICKS_START and PIPELINE_TICKS_END are `machine_ticks` when the producer starts and
# when it exits, and PIPELINE_CPU_BEFORE the collector's and workers' CPU seconds at its start,
# so that a caller can tell how idle the cores were while the producer ran, and how much of
# their time went to other processes.
# WORKERS_FIRST=1 starts the workers before the producer and waits until each has loaded its
# extraction models (its lane threads exist), so that loading is not part of the producer's
# timed run (`gleaner bench extract` loads them before its clock starts too).
run_pipeline() {
  local dir=$1 bin=$2 workers=$3 timeout=$4 i collector producer status=0
  local -a worker_pids=()
  PIPELINE_PIDS=(); PIPELINE_STATUS=failed; PIPELINE_SUMMARY=""
  PIPELINE_CPU_PRODUCER=0; PIPELINE_CPU_COLLECTOR=0; PIPELINE_CPU_WORKERS=0; PIPELINE_CPU_EACH_WORKER=""
  start_role "$dir" collector $(role_prefix collector 0) "$bin/gleaner-collector" "${COLLECTOR_ARGS[@]}"
  collector=$ROLE_PID; PIPELINE_PIDS+=("$collector")
  await_line "$dir" collector "$collector" "gleaner-collector: listening" 30 || return 1
  if [ "${WORKERS_FIRST:-0}" = 1 ]; then
    start_workers "$dir" "$bin" "$workers"
    for i in "${worker_pids[@]}"; do
      await_lanes "$dir" "$i" 60 || { stop_roles 30 "${PIPELINE_PIDS[@]}"; return 1; }
    done
  fi
  PIPELINE_CPU_BEFORE=$(roles_cpu "$collector" "${worker_pids[@]}")
  PIPELINE_TICKS_START=$(machine_ticks)
  start_role "$dir" producer $(role_prefix producer 0) /usr/bin/time -f "%U %S" -o "$dir/producer.time" \
    "$bin/gleaner-producer" "${PRODUCER_ARGS[@]}"
  producer=$ROLE_PID; PIPELINE_PIDS+=("$producer")
  await_line "$dir" producer "$producer" "gleaner-producer: listening" 60 || { stop_roles 30 "${PIPELINE_PIDS[@]}"; return 1; }
  [ "${WORKERS_FIRST:-0}" = 1 ] || start_workers "$dir" "$bin" "$workers"
  wait_pid "$producer" "$timeout" "$collector" || status=$?
  PIPELINE_TICKS_END=$(machine_ticks)
  PIPELINE_CPU_COLLECTOR=$(cpu_seconds "$collector")
  for i in "${worker_pids[@]}"; do PIPELINE_CPU_EACH_WORKER+="$(cpu_seconds "$i") "; done
  PIPELINE_CPU_EACH_WORKER=${PIPELINE_CPU_EACH_WORKER% }
  PIPELINE_CPU_WORKERS=$(awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i; printf "%.2f", s }' <<<"$PIPELINE_CPU_EACH_WORKER")
  if [ "$status" -eq 125 ]; then
    echo "the collector exited before the producer finished; its log ($dir/collector.err) ends:" >&2
    tail -n 20 "$dir/collector.err" >&2
    stop_roles 30 "$producer"
  elif [ "$status" -eq 124 ]; then
    PIPELINE_STATUS=timeout
    ps -o pid,stat,etime,time,wchan:24,args -p "$(IFS=,; echo "${PIPELINE_PIDS[*]}")" >"$dir/processes-at-timeout.txt" 2>&1 || true
    on_timeout "$dir"
    stop_roles 30 "$producer"
  fi
  stop_roles 60 "${worker_pids[@]}"
  stop_roles 120 "$collector"
  PIPELINE_PIDS=()
  PIPELINE_CPU_PRODUCER=$(time_file_cpu "$dir/producer.time")
  PIPELINE_SUMMARY=$(sed -n 's/^gleaner-producer: \([0-9].*\)/\1/p' "$dir/producer.out" | tail -n 1)
  if [ "$status" -eq 0 ] && [ -n "$PIPELINE_SUMMARY" ]; then PIPELINE_STATUS=ok; fi
  [ "$PIPELINE_STATUS" != failed ] || tail -n 20 "$dir/producer.err" >&2
}

# roles_cpu PID… — the CPU seconds of the running processes PID…, summed.
roles_cpu() {
  local pid total=0
  for pid in "$@"; do total=$(awk -v a="$total" -v b="$(cpu_seconds "$pid")" 'BEGIN { print a + b }'); done
  echo "$total"
}

# start_workers LOGDIR BIN WORKERS — (inside run_pipeline) starts the workers, adding their PIDs
# to worker_pids and PIPELINE_PIDS.
start_workers() {
  local i
  for i in $(seq 1 "$3"); do
    start_role "$1" "worker$i" $(role_prefix worker "$i") "$2/gleaner-worker" "${WORKER_ARGS[@]}"
    worker_pids+=("$ROLE_PID"); PIPELINE_PIDS+=("$ROLE_PID")
  done
}

# await_lanes LOGDIR PID SECONDS — waits until worker PID has started its extraction threads
# (named NAME-lane-N), which it does once its models are loaded; fails if it exits first.
await_lanes() {
  local waited=0
  until grep -qs -- "-lane-" /proc/"$2"/task/*/comm; do
    if ! is_running "$2" || [ "$waited" -ge $(($3 * 10)) ]; then
      echo "error: a worker did not start its lanes (exited or timed out); its stderr:" >&2
      tail -n 20 "$1"/worker*.err >&2
      return 1
    fi
    sleep 0.1; waited=$((waited + 1))
  done
}

# bench_setup NAME — sets `bin` to the release binaries (built first unless GLEANER_BIN names
# a folder of them) and `work` to a new temporary folder, and traps EXIT to stop any role still
# running and remove the folder.
bench_setup() {
  if [ -z "${GLEANER_BIN:-}" ]; then swift build -c release >/dev/null; fi
  bin=$(realpath "${GLEANER_BIN:-.build/release}")
  work=$(mktemp -d "/tmp/gleaner-$1-XXXXXX")
  PIPELINE_PIDS=()
  trap 'stop_roles 10 "${PIPELINE_PIDS[@]}"; rm -rf "$work"' EXIT
}

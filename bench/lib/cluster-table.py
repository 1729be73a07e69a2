"""Prints the table of a scripts/simulate-cluster CSV: throughput against workers and delay,
the ratio to the same worker count at 0 ms, CPU seconds per process and cores busy; then the
CPU each role spends per record and what that says about how many workers one collector
can feed.

usage: python3 bench/lib/cluster-table.py simulate-cluster.csv
"""
import csv
import sys


def main():
    rows = list(csv.DictReader(open(sys.argv[1])))
    zero = {(r["workers"], r["threads"]): float(r["tasks_per_s"])
            for r in rows if r["status"] == "ok" and r["link"] == "proxy" and float(r["delay_ms"]) == 0}
    print()
    print(f"{'workers':>7} {'link':>6} {'delay':>7} {'tasks':>7} {'seconds':>8} {'tasks/s':>8} "
          f"{'vs 0 ms':>7}   {'CPU s: producer':>15} {'collector':>9} {'workers':>8} {'proxy':>6}   "
          f"{'cores busy':>10}")
    for r in rows:
        delay = "-" if r["link"] == "direct" else f"{float(r['delay_ms']):.0f} ms"
        if r["status"] != "ok":
            print(f"{r['workers']:>7} {r['link']:>6} {delay:>7}   {r['status']}")
            continue
        rate = float(r["tasks_per_s"])
        base = zero.get((r["workers"], r["threads"]))
        ratio = f"{rate / base:.2f}" if base else "-"
        tasks = int(r["articles"]) + int(r["failures"])
        cpu = [float(r[k]) for k in ("cpu_producer_s", "cpu_collector_s", "cpu_workers_s", "cpu_proxy_s")]
        print(f"{r['workers']:>7} {r['link']:>6} {delay:>7} {tasks:>7} {float(r['seconds']):>8.1f} {rate:>8.0f} "
              f"{ratio:>7}   {cpu[0]:>15.1f} {cpu[1]:>9.1f} {cpu[2]:>8.1f} {cpu[3]:>6.1f}   "
              f"{float(r['cores_busy']):>10.2f}")
    # Per-record costs from the runs without added delay: with a delay the roles idle between
    # small batches, and their heartbeats and timers weigh more per record than under load.
    costs = []
    for r in rows:
        tasks = int(r["articles"]) + int(r["failures"])
        if r["status"] == "ok" and tasks > 0 and float(r["delay_ms"]) == 0:
            roles = ("cpu_producer_s", "cpu_collector_s", "cpu_workers_s")
            costs.append(tuple(float(r[k]) / tasks * 1e6 for k in roles))
    if not costs:
        return
    producer, collector, worker = (sorted(c[i] for c in costs)[len(costs) // 2] for i in range(3))
    print(f"\nCPU per record (median of the {len(costs)} runs without added delay; each includes the roles' "
          f"start-up, so a long input gives the truer figure): producer {producer:.0f} µs, collector {collector:.0f} µs, "
          f"workers {worker:.0f} µs.")
    if collector > 0:
        print(f"One collector core keeps up with about {worker / collector:.1f} worker cores "
              f"({1e6 / collector:,.0f} records/s); one producer core with about {worker / max(producer, 1e-9):.1f}.")


if __name__ == "__main__":
    main()

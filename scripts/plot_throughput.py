"""PNG plots of throughput from the CSV files the benchmarks write (run it through
scripts/plot-throughput, which provides the pinned matplotlib):

- scripts/simulate-cluster's simulate-cluster.csv → cluster-vs-workers.png (tasks/s against
  workers, one line per delay) and cluster-vs-delay.png (tasks/s against round-trip delay, one
  line per worker count, plus each as a fraction of its own 0 ms rate);
- bench/pipeline.sh's CSV → pipeline-vs-workers.png (articles/s against worker processes, the
  in-process rate as a reference line);
- bench/overhead.sh's CSV → overhead-vs-workers.png (no-op tasks/s against workers, one line
  per transport, the target as a reference line).

usage: plot_throughput.py OUTDIR CSV…
"""
import csv
import os
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the file-only backend)


def read(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def label_of(row):
    """What distinguishes runs of different CSVs: workload, threads and security."""
    return f"{row['workload']}, {row['threads']} thread(s)/worker, {row['security']}"


def cluster_plots(rows, outdir, title):
    ok = [r for r in rows if r["status"] == "ok" and r["link"] == "proxy"]
    if not ok:
        return []
    written = []
    by_delay = defaultdict(list)
    for r in ok:
        by_delay[(label_of(r), float(r["delay_ms"]))].append((int(r["workers"]), float(r["tasks_per_s"])))
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for (label, delay), points in sorted(by_delay.items()):
        points.sort()
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o",
                label=f"{2 * delay:.0f} ms round trip" + (f" ({label})" if len(by_label(ok)) > 1 else ""))
    finish(ax, "worker processes (each in its own network namespace)", "tasks/s",
           f"Throughput against workers\n{title}", xticks=sorted({int(r["workers"]) for r in ok}))
    written.append(save(fig, outdir, "cluster-vs-workers.png"))

    by_workers = defaultdict(list)
    for r in ok:
        by_workers[(label_of(r), int(r["workers"]))].append((2 * float(r["delay_ms"]), float(r["tasks_per_s"])))
    fig, (ax, rel) = plt.subplots(1, 2, figsize=(11, 4.5))
    highest = 1.0  # the relative axis shows every point, gains over the 0 ms rate included
    for (label, workers), points in sorted(by_workers.items()):
        points.sort()
        name = f"{workers} worker(s)" + (f" ({label})" if len(by_label(ok)) > 1 else "")
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=name)
        base = next((p[1] for p in points if p[0] == 0), None)
        if base:
            ratios = [p[1] / base for p in points]
            highest = max([highest] + ratios)
            rel.plot([p[0] for p in points], ratios, marker="o", label=name)
    rel.axhline(0.9, color="grey", linestyle="--", linewidth=1, label="target 0.90")
    finish(ax, "added round-trip delay, ms (gleaner-netem)", "tasks/s", f"Throughput against delay\n{title}")
    finish(rel, "added round-trip delay, ms", "fraction of the 0 ms rate", "Relative to the same workers at 0 ms",
           ylim=(0, max(1.1, highest * 1.05)))
    written.append(save(fig, outdir, "cluster-vs-delay.png"))
    return written


def by_label(rows):
    return {label_of(r) for r in rows}


def pipeline_plot(rows, outdir, title):
    pipeline = sorted((int(r["workers"]), float(r["articles_per_s"])) for r in rows if r["configuration"] == "pipeline")
    inproc = [float(r["articles_per_s"]) for r in rows if r["configuration"] == "in-process"]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.plot([p[0] for p in pipeline], [p[1] for p in pipeline], marker="o", label="pipeline (gleaner run)")
    if inproc:
        ax.axhline(inproc[0], color="grey", linestyle="--", label="in-process extraction, 1 thread")
    finish(ax, "worker processes", "articles/s", f"Pipeline throughput against workers\n{title}",
           xticks=[p[0] for p in pipeline])
    return [save(fig, outdir, "pipeline-vs-workers.png")]


def overhead_plot(rows, outdir, title):
    fig, ax = plt.subplots(figsize=(7, 4.5))
    series = defaultdict(list)
    for r in rows:
        series[r["transport"]].append((int(r["workers"]), float(r["tasks_per_s"])))
    for transport, points in sorted(series.items()):
        points.sort()
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=transport)
    if rows and rows[0].get("target_tasks_per_s"):
        target = float(rows[0]["target_tasks_per_s"])
        ax.axhline(target, color="grey", linestyle="--", label=f"target {target:,.0f} tasks/s")
    finish(ax, "no-op worker processes", "tasks/s (5 KB tasks, fsynced store)",
           f"System overhead: no-op tasks/s against workers\n{title}", xticks=sorted({int(r["workers"]) for r in rows}))
    return [save(fig, outdir, "overhead-vs-workers.png")]


def finish(ax, xlabel, ylabel, title, xticks=None, ylim=(0, None)):
    """Labels, ticks, a y axis from 0 (or `ylim`), grid and legend: the same on every plot."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if xticks is not None:
        ax.set_xticks(xticks)
    ax.set_ylim(*ylim)
    ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)


def save(fig, outdir, name):
    path = os.path.join(outdir, name)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    outdir, paths = sys.argv[1], sys.argv[2:]
    os.makedirs(outdir, exist_ok=True)
    cluster, written = [], []
    for path in paths:
        rows = read(path)
        if not rows:
            continue
        title = os.path.basename(path)
        if "link" in rows[0]:
            cluster += rows
        elif "configuration" in rows[0]:
            written += pipeline_plot(rows, outdir, title)
        elif "transport" in rows[0]:
            written += overhead_plot(rows, outdir, title)
        else:
            sys.exit(f"{path}: not a CSV written by simulate-cluster, pipeline.sh or overhead.sh")
    if cluster:
        written += cluster_plots(cluster, outdir, "scripts/simulate-cluster, " + ", ".join(sorted(by_label(cluster))))
    for path in written:
        print(path)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Collects the figures of deploy/bench/all.sh's runs into deploy/BENCHMARKS.md and deploy/benchmarks.json.

Usage: report.py OUT_DIR REPO_ROOT COMMAND
OUT_DIR holds gateway.md (gateway-bench.sh's table), counter.log, ingest.log and sse.log (the Maven
runs' output). A figure that is missing (its run failed) is written as null and named in the report.
"""
import json
import os
import platform
import re
import subprocess
import sys
import time

out, repo, command = sys.argv[1], sys.argv[2], sys.argv[3]


def read(name):
    try:
        with open(os.path.join(out, name), encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return ""


def number(text):
    return float(text.replace(",", "")) if text is not None else None


def first(pattern, text, group=1):
    m = re.search(pattern, text, re.M)
    return m.group(group) if m else None


gateway = read("gateway.md")
counter = read("counter.log")
ingest = read("ingest.log")
sse = read("sse.log")

figures = {
    # gateway-bench.sh: medians over its runs (the RSS is the maximum of the runs' maxima).
    "gateway_vs_raw_ratio": number(first(r"^\| 2\. ratio gateway / raw \(per run\) \| ([0-9.]+)", gateway)),
    "gateway_readings_per_s": number(first(r"^\| 2\. gateway LAN → cloud broker \| ([0-9,.]+) readings/s", gateway)),
    "gateway_rss_mb": number(first(r"^\| 3\. gateway RSS max under load \| [0-9.]+ MB \([0-9.]+–([0-9.]+)\)", gateway)),
    "gateway_ready_s": number(first(r"^\| 4\. JVM start → 'gateway … up' \| ([0-9.]+) s", gateway)),
    # From the gateway's reconnect: the broker restart adds the gateway's random reconnect wait (full jitter,
    # up to its cap), which says nothing about the drain itself; that figure is in the gateway table.
    "drain_readings_per_s": number(first(r"^\| 5\. drain, from the gateway's reconnect \| ([0-9,.]+) readings/s", gateway)),
    # CounterLoad: every channel, event to the decision on the counter display.
    "counter_p99_ms": number(first(r"display all\s+n=\s*\d+\s+p50\s+[0-9.]+ ms\s+p99\s+([0-9.]+) ms", counter)),
    # IngestBench: the last (warm) round of its results table.
    "ingest_vs_direct_ratio": None,
    "ingest_points_per_s": None,
    "dwell_to_sse_p99_ms": number(first(r"^\| dwell end → ticket-opened on SSE, p99 \| ([0-9.]+) ms", sse)),
}
rows = re.findall(r"^\| (\d+)[^|]*\| ([0-9,]+) \| ([0-9,]+) \| ([0-9,]+) \| ([0-9.]+) \|", ingest, re.M)
if rows:
    last = rows[-1]
    figures["ingest_points_per_s"] = number(last[3])
    figures["ingest_vs_direct_ratio"] = number(last[4])

goals = {
    "gateway_vs_raw_ratio": (">=", 0.8), "gateway_readings_per_s": (">=", 20000), "gateway_rss_mb": ("<=", 96),
    "gateway_ready_s": ("<=", 2), "drain_readings_per_s": (">=", 20000), "counter_p99_ms": ("<=", 20),
    "ingest_vs_direct_ratio": (">=", 0.8), "ingest_points_per_s": (">=", 50000), "dwell_to_sse_p99_ms": ("<=", 1000),
}


def verdict(key):
    v = figures[key]
    if v is None:
        return "not measured"
    op, goal = goals[key]
    return "pass" if (v >= goal if op == ">=" else v <= goal) else "MISS"


def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip().splitlines()[0]
    except Exception:
        return "?"


load = open("/proc/loadavg").read().split()[:3]
machine = {
    "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    "cores": os.cpu_count(),
    "kernel": platform.release(),
    "java": version(["bash", "-c", "java -version 2>&1"]),
    "mosquitto": version(["bash", "-c", "mosquitto -h 2>/dev/null | head -n 1"]),
    "influxd": version(["influxd", "version"]),
    "load_average_at_end": " ".join(load),
}
doc = {"command": command, "machine": machine, "figures": figures,
       "goals": {k: f"{op} {g}" for k, (op, g) in goals.items()},
       "results": {k: verdict(k) for k in figures}}
with open(os.path.join(repo, "deploy", "benchmarks.json"), "w", encoding="utf-8") as f:
    json.dump(doc, f, indent=2, ensure_ascii=False)
    f.write("\n")

names = {
    "gateway_vs_raw_ratio": "gateway readings/s ÷ raw mosquitto_pub→mosquitto_sub msg/s, same run",
    "gateway_readings_per_s": "gateway: LAN broker → durable buffer → cloud broker, readings/s",
    "gateway_rss_mb": "gateway RSS under that load (jvm.options: -Xmx64m, Serial GC), MB",
    "gateway_ready_s": "gateway: JVM start → READY, s",
    "drain_readings_per_s": "drain of a buffered backlog into InfluxDB through the cloud, from the gateway's reconnect, readings/s",
    "counter_p99_ms": "canteen counter: event → decision on the display, p99 during a lunch rush with sensor traffic, ms",
    "ingest_vs_direct_ratio": "cloud ingest with rules ÷ direct batched line-protocol writer, same InfluxDB, same run",
    "ingest_points_per_s": "cloud ingest with rules on, points/s into InfluxDB",
    "dwell_to_sse_p99_ms": "reading that completes a dwell → ticket event on SSE, p99 at 10k readings/s, ms",
}
lines = ["# Benchmarks", "",
         "Written by `deploy/bench/all.sh` from one run (do not edit the table by hand; run it again). Every figure",
         "comes from a run of the real parts side by side with their raw ceilings on the same machine in the same",
         "session. The notes below the table are written by hand; `report.py` keeps them.", "",
         f"- **Command:** `{command}`",
         f"- **Machine:** {machine['cores']} cores, Linux {machine['kernel']}; {machine['java']}; "
         f"{machine['mosquitto']}; InfluxDB {machine['influxd']}; {machine['date']}",
         f"- **Load average at the end:** {machine['load_average_at_end']} (a shared VM: other work on it slows every rate)", "",
         "| key | figure | measured | goal | result |", "|---|---|---|---|---|"]
for k in figures:
    v = figures[k]
    shown = "—" if v is None else (f"{v:,.2f}" if v < 10 else f"{v:,.0f}")
    op, g = goals[k]
    lines.append(f"| `{k}` | {names[k]} | {shown} | {op} {g:,} | {verdict(k)} |")
lines += ["", "The same figures are in `deploy/benchmarks.json`. Each part's own README says how its figure is",
          "taken and what the misses mean: gateway/README.md (Numbers, Counter numbers), cloud/README.md (Numbers,",
          "Canteen), deploy/bench/README.md.", ""]
# Hand-written notes below the marker in the current file are kept as they are.
MARKER = "<!-- notes below: written by hand, kept by report.py -->"
notes = ""
try:
    with open(os.path.join(repo, "deploy", "BENCHMARKS.md"), encoding="utf-8") as f:
        current = f.read()
    if MARKER in current:
        notes = current[current.index(MARKER):]
except FileNotFoundError:
    pass
with open(os.path.join(repo, "deploy", "BENCHMARKS.md"), "w", encoding="utf-8") as f:
    f.write("\n".join(lines))
    if notes:
        f.write("\n" + notes)
print("\n".join(lines))

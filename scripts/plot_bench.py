#!/usr/bin/python3
"""Draws signing time against key size for each implementation from the JSON
that scripts/bench writes (Google Benchmark, --benchmark_report_aggregates_only).

    /usr/bin/python3 scripts/plot_bench.py bench/results/benchmarks.json bench/results/sign_time.png

Uses the median CPU time of the repetitions of sign/<implementation>/<bits>.
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

IMPLEMENTATIONS = [  # benchmark name, legend, style, where its value labels go (points)
    ("twoleg", "twoleg", dict(color="#1b7837", marker="o"), (8, 5)),
    ("openssl", "OpenSSL 3 EVP_DigestSign", dict(color="#2166ac", marker="s"), (8, -12)),
    ("nettle", "Nettle rsa_sha256_sign_digest_tr", dict(color="#b2182b", marker="^"), (8, -13)),
    ("decimal_core", "309-digit decimal core", dict(color="#762a83", marker="D", linestyle="--"), (8, 5)),
]
TO_MS = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}


def median_sign_times(results):
    """{implementation: {bits: milliseconds}} from the median aggregates."""
    times = {}
    for b in results["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        parts = b["run_name"].split("/")
        if len(parts) != 3 or parts[0] != "sign":
            continue
        times.setdefault(parts[1], {})[int(parts[2])] = b["cpu_time"] * TO_MS[b["time_unit"]]
    return times


def label(ms):
    return f"{ms * 1000:.0f} µs" if ms < 1 else f"{ms:.3g} ms"


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: plot_bench.py BENCHMARKS.json OUT.png")
    with open(argv[1], encoding="utf-8") as f:
        results = json.load(f)
    times = median_sign_times(results)
    if not times:
        sys.exit("plot_bench.py: no sign/<implementation>/<bits> medians in " + argv[1])

    fig, ax = plt.subplots(figsize=(8, 5.8), dpi=120)
    sizes = sorted({bits for t in times.values() for bits in t})
    for name, legend, style, offset in IMPLEMENTATIONS:
        points = times.get(name)
        if not points:
            continue
        xs = sorted(points)
        ys = [points[x] for x in xs]
        ax.plot(xs, ys, label=legend, linewidth=2, markersize=7, **style)
        for x, y in zip(xs, ys):
            ax.annotate(label(y), (x, y), textcoords="offset points", xytext=offset, fontsize=8,
                        color=style["color"])
    ax.set_yscale("log")
    ax.set_xticks(sizes)
    ax.set_xticklabels([f"RSA-{s}" for s in sizes])
    ax.set_xlim(min(sizes) - 300, max(sizes) + 600)
    ax.set_ylabel("time per signature (ms, log scale; median CPU time)")
    ax.set_title("RSASSA-PKCS1-v1_5 SHA-256 signing (hash + sign), one thread")
    ctx = results.get("context", {})
    ax.text(0.01, 0.985, f"{ctx.get('cpu_model', '?')} · {ctx.get('cpu_flags', '')} · {ctx.get('date', '')[:10]}",
            transform=ax.transAxes, fontsize=7, color="#555555", va="top")
    ax.grid(True, which="both", alpha=0.3)
    fig.legend(loc="lower center", ncol=2, fontsize=9, frameon=False)
    fig.tight_layout(rect=(0, 0.09, 1, 1))
    fig.savefig(argv[2])
    print(f"wrote {argv[2]}")


if __name__ == "__main__":
    main(sys.argv)

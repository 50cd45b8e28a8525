#!/usr/bin/python3
"""Writes the tables of BENCHMARKS.md from the benchmark JSON (scripts/bench).

    /usr/bin/python3 bench/make_tables.py bench/results/benchmarks.json BENCHMARKS.md

Each table replaces the text between "<!-- generated:NAME -->" and
"<!-- /generated:NAME -->" in the Markdown file; everything else is left alone.
Times are medians of the repetitions (CPU time for one thread; the thread table
uses signatures per second over wall-clock time). Missing benchmarks show "–".
"""
import json
import re
import sys

TO_US = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}
SIZES = [2048, 3072, 4096]
DASH = "–"


def load_medians(results):
    """{run_name: median aggregate entry}."""
    return {b["run_name"]: b for b in results["benchmarks"] if b.get("aggregate_name") == "median"}


class Data:
    def __init__(self, results):
        self.results = results
        self.medians = load_medians(results)

    def entry(self, name):
        return self.medians.get(name)

    def us(self, name):
        b = self.entry(name)
        return None if b is None else b["cpu_time"] * TO_US[b["time_unit"]]

    def counter(self, name, counter):
        b = self.entry(name)
        return None if b is None or counter not in b else b[counter]


def fmt_us(v):
    if v is None:
        return DASH
    if v >= 10000:
        return f"{v / 1000:,.1f} ms"
    if v >= 100:
        return f"{v:,.0f} µs"
    return f"{v:.2f} µs" if v < 10 else f"{v:.1f} µs"


def fmt_ratio(a, b):
    if a is None or b is None or b == 0:
        return DASH
    r = a / b
    return f"{r:.0f}×" if r >= 100 else f"{r:.2f}×" if r < 10 else f"{r:.1f}×"


def fmt_count(v):
    if v is None:
        return DASH
    return f"{v:,.0f}" if abs(v - round(v)) < 0.05 or v >= 100 else f"{v:.1f}"


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def targets_table(d):
    """The signing speed targets, each with the value this run measured."""
    def sign(impl, bits):
        return d.us(f"sign/{impl}/{bits}")

    def speed(name):
        v = d.counter(name, "bytes_per_second")
        return None if v is None else v / 1e6

    def row(label, value, goal, met, shown):
        verdict = DASH if value is None else ("met" if met(value) else "**not met**")
        return [label, goal, shown(value) if value is not None else DASH, verdict]

    def ratio_of(a, b):
        return None if a is None or b is None or b == 0 else a / b

    def ratio_text(v):
        return f"{v:.2f}×"

    rows = [
        row("sign RSA-2048: twoleg / OpenSSL (time)", ratio_of(sign("twoleg", 2048), sign("openssl", 2048)),
            "≤ 1.00×", lambda v: v <= 1.0, ratio_text),
        row("sign RSA-4096: twoleg / OpenSSL (time)", ratio_of(sign("twoleg", 4096), sign("openssl", 4096)),
            "≤ 0.80×", lambda v: v <= 0.8, ratio_text),
        row("sign RSA-2048: twoleg / Nettle `_tr` (time)", ratio_of(sign("twoleg", 2048), sign("nettle", 2048)),
            "≤ 0.50×", lambda v: v <= 0.5, ratio_text),
    ]
    allocs = [d.counter(f"sign/twoleg/{bits}", "allocs") for bits in SIZES]
    worst = None if any(a is None for a in allocs) else max(allocs)
    rows.append(row("heap allocations per signature (2048, 3072, 4096)", worst, "0",
                    lambda v: v == 0, lambda v: ", ".join(fmt_count(a) for a in allocs)))
    rows.append(row("SHA-256 8 KiB: twoleg (SHA-NI) / OpenSSL (speed)",
                    ratio_of(speed("sha256/twoleg_shani/8192"), speed("sha256/openssl/8192")),
                    "≥ 0.95×", lambda v: v >= 0.95, ratio_text))
    nettle_portable = speed("sha256/nettle_portable/8192")
    if nettle_portable is not None:
        rows.append(row("SHA-256 8 KiB: twoleg portable / Nettle without SHA-NI (speed)",
                        ratio_of(speed("sha256/twoleg_portable/8192"), nettle_portable),
                        "≥ 1.00×", lambda v: v >= 1.0, ratio_text))
    rows.append(row("SHA-256 8 KiB: twoleg portable / Nettle as shipped, SHA-NI here (speed)",
                    ratio_of(speed("sha256/twoleg_portable/8192"), speed("sha256/nettle/8192")),
                    "≥ 1.00×", lambda v: v >= 1.0, ratio_text))
    one = d.counter("sign_threads/twoleg/2048/real_time/threads:1", "sig/s")
    two = d.counter("sign_threads/twoleg/2048/real_time/threads:2", "sig/s")
    rows.append(row("sign RSA-2048: 2 threads / 1 thread (signatures per second)", ratio_of(two, one),
                    "≥ 1.90×", lambda v: v >= 1.9, ratio_text))
    return table(["target", "goal", "this run", "verdict"], rows)


def context_table(d):
    c = d.results.get("context", {})
    caches = ", ".join(f"L{x['level']} {x['type'].lower()} {x['size'] // 1024} KiB" for x in c.get("caches", []))
    load = c.get("load_avg")
    rows = [
        ("date of the run", c.get("date", DASH)),
        ("CPU", f"{c.get('cpu_model', DASH)}, {c.get('num_cpus', DASH)} logical CPUs at {c.get('mhz_per_cpu', DASH)} MHz"),
        ("CPU features (+ present, − absent)", c.get("cpu_flags", DASH).replace("-", "−")),
        ("caches", caches or DASH),
        ("load average when the run started", ", ".join(f"{x:.2f}" for x in load) if load else DASH),
        ("compiler", c.get("compiler", DASH)),
        ("OpenSSL", c.get("openssl", DASH)),
        ("Nettle", c.get("nettle", DASH)),
        ("GMP", c.get("gmp", DASH)),
        ("twoleg SHA-256 code", c.get("twoleg_sha256", DASH)),
        ("Google Benchmark", f"{c.get('google_benchmark', DASH)} (library built as {c.get('library_build_type', DASH)})"),
        ("message signed and verified", f"{c.get('message_bytes', DASH)} bytes (the header.claims of a service-account JWT)"),
        ("repetitions × minimum time", f"{c.get('bench_repetitions', DASH)} × {c.get('bench_min_time', DASH)} s, random interleaving"),
    ]
    return table(["", ""], rows)


def op_table(d, ops, impls, ratios):
    """ops: [(label, benchmark prefix)]; impls: [(label, name)]; ratios: [(label, num, den)]."""
    header = ["operation", "key"] + [label for label, _ in impls] + [label for label, _, _ in ratios]
    rows = []
    for op_label, prefix in ops:
        for bits in SIZES:
            t = {name: d.us(f"{prefix}/{name}/{bits}") for _, name in impls}
            if all(v is None for v in t.values()):
                continue
            rows.append([op_label, f"RSA-{bits}"] + [fmt_us(t[name]) for _, name in impls]
                        + [fmt_ratio(t[num], t[den]) for _, num, den in ratios])
    return table(header, rows)


def sign_table(d):
    return op_table(
        d, [("sign (hash + sign)", "sign")],
        [("twoleg", "twoleg"), ("OpenSSL", "openssl"), ("Nettle `_tr`", "nettle"), ("decimal core", "decimal_core")],
        [("twoleg / OpenSSL", "twoleg", "openssl"), ("twoleg / Nettle", "twoleg", "nettle"),
         ("decimal core / twoleg", "decimal_core", "twoleg")])


def verify_table(d):
    return op_table(
        d, [("verify (hash + verify)", "verify")],
        [("twoleg", "twoleg"), ("OpenSSL", "openssl"), ("Nettle", "nettle")],
        [("twoleg / OpenSSL", "twoleg", "openssl"), ("twoleg / Nettle", "twoleg", "nettle")])


def load_table(d):
    return op_table(
        d, [("service-account JSON", "load_sa_json"), ("PKCS#8 PEM", "load_pkcs8_pem"), ("PKCS#8 DER", "load_pkcs8_der")],
        [("twoleg", "twoleg"), ("OpenSSL", "openssl"), ("Nettle", "nettle")],
        [("twoleg / OpenSSL", "twoleg", "openssl"), ("twoleg / Nettle", "twoleg", "nettle")])


def assertion_table(d):
    rows = []
    for bits in SIZES:
        full = d.us(f"assertion_from_json/twoleg/{bits}")
        signed = d.us(f"assertion/twoleg/{bits}")
        sign = d.us(f"sign/twoleg/{bits}")
        openssl = d.us(f"sign/openssl/{bits}")
        decimal = d.us(f"sign/decimal_core/{bits}")
        if full is None and signed is None:
            continue
        rows.append([f"RSA-{bits}", fmt_us(full), fmt_us(signed), fmt_us(sign), fmt_ratio(full, openssl),
                     fmt_ratio(decimal, full)])
    return table(["key", "JSON key file → signed JWT", "account already parsed → JWT", "raw sign",
                  "JSON → JWT / OpenSSL raw sign", "decimal-core sign / JSON → JWT"], rows)


def sha256_table(d):
    rows = []
    for size in [64, 1024, 8192, 1 << 20]:
        speed = {}
        for impl in ["twoleg", "openssl", "nettle"]:
            v = d.counter(f"sha256/{impl}/{size}", "bytes_per_second")
            speed[impl] = None if v is None else v / 1e6
        label = f"{size // 1024} KiB" if size >= 1024 and size < (1 << 20) else "1 MiB" if size == 1 << 20 else f"{size} B"
        rows.append([label] + [DASH if speed[i] is None else f"{speed[i]:,.0f} MB/s" for i in ["twoleg", "openssl", "nettle"]]
                    + [fmt_ratio(speed["twoleg"], speed["openssl"]), fmt_ratio(speed["twoleg"], speed["nettle"])])
    return table(["input", "twoleg", "OpenSSL EVP", "Nettle", "twoleg ÷ OpenSSL (speed, higher is better)",
                  "twoleg ÷ Nettle (speed)"], rows)


def allocs_table(d):
    impls = [("twoleg", "twoleg"), ("OpenSSL", "openssl"), ("Nettle", "nettle"), ("decimal core", "decimal_core")]
    ops = [("sign", "sign"), ("verify", "verify"), ("load service-account JSON", "load_sa_json"),
           ("load PKCS#8 PEM", "load_pkcs8_pem"), ("load PKCS#8 DER", "load_pkcs8_der"),
           ("JSON key file → signed JWT", "assertion_from_json"), ("parsed account → signed JWT", "assertion")]
    rows = []
    for op_label, prefix in ops:
        for bits in SIZES:
            vals = [d.counter(f"{prefix}/{name}/{bits}", "allocs") for _, name in impls]
            if all(v is None for v in vals):
                continue
            rows.append([op_label, f"RSA-{bits}"] + [fmt_count(v) for v in vals])
    return table(["operation", "key"] + [label for label, _ in impls], rows)


def threads_table(d):
    rows = []
    for impl_label, impl in [("twoleg", "twoleg"), ("OpenSSL", "openssl"), ("Nettle `_tr`", "nettle")]:
        for bits in SIZES:
            one = d.counter(f"sign_threads/{impl}/{bits}/real_time/threads:1", "sig/s")
            two = d.counter(f"sign_threads/{impl}/{bits}/real_time/threads:2", "sig/s")
            if one is None and two is None:
                continue
            rows.append([impl_label, f"RSA-{bits}", DASH if one is None else f"{one:,.0f}",
                         DASH if two is None else f"{two:,.0f}", fmt_ratio(two, one)])
    return table(["implementation", "key", "1 thread (sig/s)", "2 threads (sig/s)", "2 threads ÷ 1 thread"], rows)


def paths_table(d):
    rows = []
    for size in [64, 1024, 8192, 1 << 20]:
        portable = d.counter(f"sha256/twoleg_portable/{size}", "bytes_per_second")
        shani = d.counter(f"sha256/twoleg_shani/{size}", "bytes_per_second")
        nettle = d.counter(f"sha256/nettle/{size}", "bytes_per_second")
        # Nettle with its SHA-NI code switched off (its generic x86_64 code):
        # the like-for-like comparison for twoleg's portable path.
        nettle_portable = d.counter(f"sha256/nettle_portable/{size}", "bytes_per_second")
        if portable is None and shani is None:
            continue
        label = "1 MiB" if size == 1 << 20 else f"{size // 1024} KiB" if size >= 1024 else f"{size} B"
        rows.append([f"SHA-256, {label}", DASH if portable is None else f"{portable / 1e6:,.0f} MB/s",
                     DASH if shani is None else f"{shani / 1e6:,.0f} MB/s",
                     DASH if nettle_portable is None else f"{nettle_portable / 1e6:,.0f} MB/s",
                     fmt_ratio(shani, portable), fmt_ratio(portable, nettle), fmt_ratio(portable, nettle_portable)])
    sha = table(["input", "portable C++", "SHA-NI", "Nettle without SHA-NI", "SHA-NI ÷ portable (speed)",
                 "portable ÷ Nettle (speed)", "portable ÷ Nettle without SHA-NI (speed)"], rows)
    rows = []
    for bits in SIZES:
        mulx = d.us(f"crt_half/twoleg_mulx/{bits}")
        gmp = d.us(f"crt_half/twoleg_gmp/{bits}")
        if mulx is None and gmp is None:
            continue
        rows.append([f"RSA-{bits} (p of {bits // 2} bits)", fmt_us(mulx), fmt_us(gmp), fmt_ratio(mulx, gmp)])
    half = table(["key", "mulx kernel", "GMP `mpn_sec_powm`", "mulx / GMP (time)"], rows)
    return sha + "\n\n" + half


GENERATORS = {
    "context": context_table,
    "targets": targets_table,
    "sign": sign_table,
    "verify": verify_table,
    "load": load_table,
    "assertion": assertion_table,
    "sha256": sha256_table,
    "allocs": allocs_table,
    "threads": threads_table,
    "paths": paths_table,
}


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: make_tables.py BENCHMARKS.json BENCHMARKS.md")
    with open(argv[1], encoding="utf-8") as f:
        data = Data(json.load(f))
    with open(argv[2], encoding="utf-8") as f:
        text = f.read()
    for name, generate in GENERATORS.items():
        pattern = re.compile(rf"(<!-- generated:{name} -->\n).*?(<!-- /generated:{name} -->)", re.S)
        if not pattern.search(text):
            sys.exit(f"make_tables.py: {argv[2]} has no <!-- generated:{name} --> section")
        body = generate(data)
        text = pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)
    with open(argv[2], "w", encoding="utf-8") as f:
        f.write(text)
    print(f"updated the tables in {argv[2]}")


if __name__ == "__main__":
    main(sys.argv)

#!/usr/bin/env python3
"""Turns benchmarks/results/{jmh.json,cpu.txt,openssl-before.txt,openssl-after.txt} into a Markdown summary
of the protocol v2 paths against OpenSSL over the same lengths (issue 11 item 6).

Two comparisons: wall time (JMH against `openssl speed -elapsed`), right on a quiet machine; and CPU time
(CpuTime against `openssl speed` without -elapsed, which divides by openssl's user CPU time), the one
that holds on a loaded machine. OpenSSL's rate is the mean of the runs right before and after.
"""
import json
import re
import sys
from pathlib import Path

out = Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results")
STAMP_INPUT = 113
CONTENT_OVERHEAD = 134
PAYLOAD = 1198
ATTACHMENT = 1048576


def openssl(path):
    """{(mode, alg, bytes): bytes per second}; mode 'wall' (-elapsed) or 'cpu'"""
    rates, key = {}, None
    if not path.exists():
        return rates
    for line in path.read_text().splitlines():
        m = re.match(r"== openssl speed (-elapsed )?.*-bytes (\d+) (-decrypt )?.*-(hmac sha256|evp aes-256-gcm)", line)
        if m:
            mode = "wall" if m.group(1) else "cpu"
            alg = ("gcm-dec" if m.group(3) else "gcm-enc") if "aes" in m.group(4) else "hmac"
            key = (mode, alg, int(m.group(2)))
            continue
        m = re.match(r"(hmac\(sha256\)|AES-256-GCM)\s+([\d.]+)k", line)
        if m and key:
            rates.setdefault(key, []).append(float(m.group(2)) * 1000)
    return rates


ossl_runs = {}
for f in ("openssl-before.txt", "openssl-after.txt"):
    for k, v in openssl(out / f).items():
        ossl_runs.setdefault(k, []).extend(v)


def ossl_ops(mode, alg, n):
    """mean operations per second at n bytes"""
    v = ossl_runs.get((mode, alg, n))
    return sum(v) / len(v) / n if v else None


def jmh():
    res = {}
    p = out / "jmh.json"
    if not p.exists():
        return res
    for r in json.loads(p.read_text()):
        name = r["benchmark"].rsplit(".", 2)
        params = ",".join(f"{k}={v}" for k, v in sorted((r.get("params") or {}).items()))
        res[(name[-2] + "." + name[-1], params)] = float(r["primaryMetric"]["score"])
    return res


def cpu():
    res = {}
    p = out / "cpu.txt"
    if not p.exists():
        return res
    for line in p.read_text().splitlines():
        m = re.match(r"(.+?)\s+([\d,]+) ops/cpu-s\s+([\d,]+) ops/wall-s", line)
        if m:
            res[m.group(1).strip()] = float(m.group(2).replace(",", ""))
    return res


J, C = jmh(), cpu()


def inv(*rates):
    """operations per second of one operation made of the given ones, each at its own rate"""
    return 1 / sum(1 / r for r in rates) if rates and all(rates) else None


def f(x):
    return f"{x:,.0f}" if x else "n/a"


def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else "n/a"


rows = []
for mode in ("cpu", "wall"):
    h = lambda n: ossl_ops(mode, "hmac", n)
    g = lambda alg, n: ossl_ops(mode, alg, n)
    lib = (lambda bench, case, params="": C.get(case)) if mode == "cpu" else (lambda bench, case, params="": J.get((bench, params)))
    rows.append((mode, "stamp, 113-byte stamp_input", lib("V2StampBench.stamp", "stamp"), h(STAMP_INPUT), ">= 1.0x"))
    rows.append((mode, "stamp, bulk form (service)", lib("V2StampBench.stampBulk", "stampBulk/100"), h(STAMP_INPUT), ">= 1.0x"))
    rows.append((mode, "JDK Mac keyed once (reference)", lib("V2StampBench.jdkMacKeyed", "jdkMacKeyed"), h(STAMP_INPUT), ""))
    rows.append((mode, "JDK Mac cloned from a keyed prototype (reference)", lib("V2StampBench.jdkMacCloned", "jdkMacCloned"), h(STAMP_INPUT), ""))
    rows.append((mode, "verify, 100-byte body: two HMACs (234 B + 113 B)", lib("V2VerifyBench.verify", "verify/100", "bodyBytes=100"),
                 inv(h(100 + CONTENT_OVERHEAD), h(STAMP_INPUT)), ">= 0.5x (cost <= 2x)"))
    if mode == "cpu":
        # the construction's floor: verification's 12 SHA-256 blocks bare, and OpenSSL's 8 on the JDK
        rows.append((mode, "floor: verify/100's 12 SHA-256 blocks, bare (JDK)", C.get("floor: verify/100's 12 SHA-256 blocks"),
                     inv(h(100 + CONTENT_OVERHEAD), h(STAMP_INPUT)), ""))
        rows.append((mode, "floor: OpenSSL's 8 blocks of the two HMACs, on the JDK", C.get("floor: OpenSSL's 8 blocks, on the JDK"),
                     inv(h(100 + CONTENT_OVERHEAD), h(STAMP_INPUT)), ""))
    rows.append((mode, "commit, 100-byte body: HMAC over 234 B", lib("V2CommitBench.commit", "commit/100", "bodyBytes=100"), h(234), ""))
    rows.append((mode, "commit, 1 KiB body: HMAC over 1,158 B", lib("V2CommitBench.commit", "commit/1024", "bodyBytes=1024"), h(1158), ""))
    rows.append((mode, "envelope open, 1 KiB: AES-256-GCM-decrypt 1,198 B + HMAC 1,158 B", lib("V2EnvelopeBench.open", "envelope open/1024", "bodyBytes=1024"),
                 inv(g("gcm-dec", PAYLOAD), h(1158)), ">= 0.5x"))
    rows.append((mode, "attachment open, 1 MiB: AES-256-GCM-decrypt", lib("V2AttachmentBench.open", "attachment open/1MiB", "bytes=1048576"),
                 g("gcm-dec", ATTACHMENT), ""))
    rows.append((mode, "attachment encrypt, 1 MiB: AES-256-GCM-encrypt", lib("V2AttachmentBench.encrypt", "attachment encrypt/1MiB", "bytes=1048576"),
                 g("gcm-enc", ATTACHMENT), ""))

print("| time | path, and OpenSSL's work over the same lengths | library ops/s | OpenSSL ops/s | ratio | target |")
print("|---|---|---:|---:|---:|---|")
for mode, label, lib_ops, o_ops, target in rows:
    who = "CPU (CpuTime / openssl speed)" if mode == "cpu" else "wall (JMH / openssl speed -elapsed)"
    print(f"| {who} | {label} | {f(lib_ops)} | {f(o_ops)} | {ratio(lib_ops, o_ops)} | {target} |")

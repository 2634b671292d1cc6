#!/usr/bin/env python3
"""Turns benchmarks/results/{jmh.json,openssl-before.txt,openssl-after.txt} into a Markdown summary.

MB is 10^6 bytes throughout, as in `openssl speed`. OpenSSL's rate is the mean of the runs right
before and right after JMH; both are shown.
"""
import json
import re
import sys
from pathlib import Path

out = Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results")
STAMP_INPUT = 150
CONTENT_OVERHEAD = 130
ATTACHMENT = 1048576


def openssl(path):
    """{(alg, bytes): bytes per second}"""
    rates, key = {}, None
    for line in Path(path).read_text().splitlines():
        m = re.match(r"== openssl speed .*-bytes (\d+) (-decrypt )?.*-(hmac sha256|evp aes-256-gcm)", line)
        if m:
            key = (("gcm-dec" if m.group(2) else "gcm-enc") if "aes" in m.group(3) else "hmac", int(m.group(1)))
            continue
        m = re.match(r"(hmac\(sha256\)|AES-256-GCM)\s+([\d.]+)k", line)
        if m and key:
            rates[key] = float(m.group(2)) * 1000
    return rates


before, after = openssl(out / "openssl-before.txt"), openssl(out / "openssl-after.txt")


def ossl(alg, n):
    """(mean bytes/s, 'before / after' in ops/s or MB/s)"""
    b, a = before.get((alg, n)), after.get((alg, n))
    vals = [v for v in (b, a) if v]
    if not vals:
        return None, "n/a"
    mean = sum(vals) / len(vals)
    if alg == "hmac":
        spread = " / ".join(f"{v / n:,.0f}" if v else "?" for v in (b, a))
    else:
        spread = " / ".join(f"{v / 1e6:,.0f}" if v else "?" for v in (b, a))
    return mean, spread


def load(path):
    res = {}
    if not path.exists():
        return res
    for r in json.loads(path.read_text()):
        name = r["benchmark"].rsplit(".", 2)
        key = (name[-2] + "." + name[-1], tuple(sorted((r.get("params") or {}).items())))
        pm = r["primaryMetric"]
        err = pm.get("scoreError")
        res[key] = (float(pm["score"]), float(err) if isinstance(err, (int, float)) else float("nan"))
    return res


jmh = load(out / "jmh.json")
steady = load(out / "jmh-steady.json")


def get(bench, _src=None, **params):
    return (jmh if _src is None else _src).get((bench, tuple(sorted((k, str(v)) for k, v in params.items()))))


def fmt_ops(v):
    return f"{v[0]:,.0f} ± {v[1]:,.0f}" if v else "n/a"


def ratio(x, y):
    return f"{x / y:.2f}x" if x and y else "n/a"


lines = []
w = lines.append
w("### Stamp (PROTOCOL.md §3) vs HMAC-SHA256 over the same 150-byte input\n")
w("| benchmark | ops/s (JMH, ± 99.9% CI) | MB/s of input | OpenSSL HMAC ops/s (before / after) | ratio to OpenSSL | target |")
w("|---|---:|---:|---:|---:|---|")
o_bps, o_spread = ossl("hmac", STAMP_INPUT)
o_ops = o_bps / STAMP_INPUT if o_bps else None
rows = [("`Stamper.stamp`", get("StampBench.stamp"), True),
        ("raw JDK `Mac`, keyed once", get("HmacReferenceBench.jdkKeyed", length=STAMP_INPUT), False),
        ("raw JDK `Mac`, re-keyed per call", get("HmacReferenceBench.jdkRekey", length=STAMP_INPUT), False),
        ("Bouncy Castle `HMac`, keyed once", get("HmacReferenceBench.bcKeyed", length=STAMP_INPUT), False)]
for label, v, target in rows:
    s = v[0] if v else None
    met = ("met" if s and o_ops and s / o_ops >= 0.5 else "**not met**") + " (>= 0.5x)" if target else ""
    w(f"| {label} | {fmt_ops(v)} | {s * STAMP_INPUT / 1e6:,.0f} | {o_spread} | {ratio(s, o_ops)} | {met} |"
      if s else f"| {label} | n/a | | {o_spread} | | |")

w("\n### Commitment (PROTOCOL.md §1) vs HMAC-SHA256 over the same `content_bytes` length\n")
w("OpenSSL keys its HMAC once; `commit` draws a fresh 32-byte key from `SecureRandom` and keys the MAC every call, "
  "`compute` keys it every call with a given key.\n")
w("| body | content_bytes | benchmark | ops/s | MB/s of content_bytes | OpenSSL HMAC ops/s at content_bytes (before / after) | ratio | OpenSSL HMAC ops/s at body length |")
w("|---:|---:|---|---:|---:|---:|---:|---:|")
for body in (100, 1024, 65536):
    n = body + CONTENT_OVERHEAD
    o_bps, o_spread = ossl("hmac", n)
    b_bps, b_spread = ossl("hmac", body)
    for label, v in (("`Opening.commit`", get("CommitBench.commit", bodyBytes=body)),
                     ("`Commitment.compute`", get("CommitBench.compute", bodyBytes=body)),
                     ("raw JDK `Mac`, re-keyed", get("HmacReferenceBench.jdkRekey", length=n)),
                     ("raw JDK `Mac`, keyed once", get("HmacReferenceBench.jdkKeyed", length=n)),
                     ("Bouncy Castle `HMac`, keyed once", get("HmacReferenceBench.bcKeyed", length=n))):
        s = v[0] if v else None
        w(f"| {body} | {n} | {label} | {fmt_ops(v)} | {s * n / 1e6:,.0f} | {o_spread} | "
          f"{ratio(s, o_bps / n if o_bps else None)} | {b_bps / body if b_bps else float('nan'):,.0f} |" if s
          else f"| {body} | {n} | {label} | n/a | | {o_spread} | | |")

w("\n### Report verification (PROTOCOL.md §5), one-message report\n")
w("Verification does two HMACs (the commitment over content_bytes, the stamp over 150 bytes); "
  "the OpenSSL bound is `1 / (1/hmac(content_bytes) + 1/hmac(150))` ops/s.\n")
w("| body | ops/s | OpenSSL two-HMAC bound ops/s | ratio |")
w("|---:|---:|---:|---:|")
s_bps, _ = ossl("hmac", STAMP_INPUT)
for body in (100, 1024, 65536):
    n = body + CONTENT_OVERHEAD
    c_bps, _ = ossl("hmac", n)
    v = get("VerifyBench.verify", bodyBytes=body)
    bound = 1 / (n / c_bps + STAMP_INPUT / s_bps) if c_bps and s_bps else None
    w(f"| {body} | {fmt_ops(v)} | {bound:,.0f} | {ratio(v[0] if v else None, bound)} |" if bound
      else f"| {body} | {fmt_ops(v)} | n/a | n/a |")

w("\n### Attachment cipher (PROTOCOL.md §6) vs OpenSSL AES-256-GCM, 1 MiB\n")
w("`short warm-up` is the main run (3 x 2 s); `steady` is the separate run after 10 x 5 s of warm-up. "
  "The target is judged on the steady state.\n")
w("| benchmark | warm-up | ops/s | MB/s | OpenSSL AES-256-GCM MB/s (before / after) | ratio | target |")
w("|---|---|---:|---:|---:|---:|---|")
for label, bench, alg, target in (("`AttachmentCipher.encrypt`", "AttachmentBench.encrypt", "gcm-enc", True),
                                  ("`AttachmentCipher.decrypt`", "AttachmentBench.decrypt", "gcm-dec", True),
                                  ("raw JDK AES-256-GCM encrypt, one call", "AttachmentBench.jdkGcmEncrypt", "gcm-enc", False)):
    o_bps, o_spread = ossl(alg, ATTACHMENT)
    for warm, src in (("short", jmh), ("steady", steady)):
        v = get(bench, src, plaintextBytes=ATTACHMENT)
        s = v[0] * ATTACHMENT if v else None
        met = ("met" if s and o_bps and s / o_bps >= 0.5 else "**not met**") + " (>= 0.5x)" if target and warm == "steady" else ""
        w(f"| {label} | {warm} | {fmt_ops(v)} | {s / 1e6:,.0f} | {o_spread} | {ratio(s, o_bps)} | {met} |" if s
          else f"| {label} | {warm} | n/a | | {o_spread} | | |")

w("\n### Envelope (PROTOCOL.md §2), 1 KiB body\n")
w("| benchmark | ops/s | MB/s of body |")
w("|---|---:|---:|")
for label, v in (("`Envelope.seal`", get("EnvelopeBench.seal", bodyBytes=1024)),
                 ("`Envelope.open`", get("EnvelopeBench.open", bodyBytes=1024))):
    w(f"| {label} | {fmt_ops(v)} | {v[0] * 1024 / 1e6:,.0f} |" if v else f"| {label} | n/a | |")

w("\n### JDK vs Bouncy Castle HMAC-SHA256 (both keyed once)\n")
w("| input bytes | JDK ops/s | BC ops/s | JDK / BC |")
w("|---:|---:|---:|---:|")
for n in (STAMP_INPUT, 230, 1154, 65666):
    j, b = get("HmacReferenceBench.jdkKeyed", length=n), get("HmacReferenceBench.bcKeyed", length=n)
    w(f"| {n} | {fmt_ops(j)} | {fmt_ops(b)} | {ratio(j[0] if j else None, b[0] if b else None)} |")

print("\n".join(lines))

#!/usr/bin/env bash
# Verification of a one-message report (100-byte body) against OpenSSL's two HMACs over the same
# bytes (234 B content_bytes + 113 B stamp_input, each key reused), in one window, alternating:
# OpenSSL's loop (openssl-two-hmacs.c, CPU time of its thread), library A, OpenSSL, library B,
# each library by CpuTime (ops per CPU-second of the measuring thread), then `openssl speed`
# (no -elapsed) for the stamp and envelope references. Built for a loaded machine: CPU time, not
# wall time, and before/after in the same window.
#
#   benchmarks/verify-same-window.sh OUT ROUNDS A.jar B.jar
#   (A and B: benchmarks.jar of two builds, e.g. main's and a branch's, copied aside)
set -u
OUT=$1; ROUNDS=$2; A=$3; B=$4
cd "$(dirname "$0")"
T=target/openssl-two-hmacs
mkdir -p target && gcc -O2 -o "$T" openssl-two-hmacs.c -lcrypto
CASES='verify/100|stamp|envelope open/1024'
: > "$OUT"
mark() { echo "== $1 $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"; }
for r in $(seq 1 "$ROUNDS"); do
  for jar in "$A" "$B"; do
    mark "round $r two-hmacs"; "$T" 1000000 >> "$OUT"
    mark "round $r $jar"
    java -Xms1g -Xmx1g -Dwarmup=3 -cp "$jar" dev.franking.bench.CpuTime 0.3 5 "$CASES" >> "$OUT" 2>&1
  done
  mark "round $r openssl speed"
  for n in 113 234 1158; do
    echo "== openssl speed -seconds 1 -bytes $n -hmac sha256" >> "$OUT"
    openssl speed -seconds 1 -bytes $n -hmac sha256 2>&1 | grep -E '^hmac' >> "$OUT"
  done
  echo "== openssl speed -seconds 1 -bytes 1198 -decrypt -evp aes-256-gcm" >> "$OUT"
  openssl speed -seconds 1 -bytes 1198 -decrypt -evp aes-256-gcm 2>&1 | grep -E '^AES' >> "$OUT"
done
mark "end two-hmacs"; "$T" 1000000 >> "$OUT"

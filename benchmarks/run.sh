#!/usr/bin/env bash
# Benchmarks of the franking library against OpenSSL on the same machine, in one run.
#
#   benchmarks/run.sh                 # build, machine info, openssl speed, JMH, openssl speed again
#   benchmarks/run.sh 'StampBench'    # extra arguments go to JMH (a benchmark regexp, -p ..., ...)
#   SKIP_BUILD=1 benchmarks/run.sh    # reuse benchmarks/target/benchmarks.jar
#   RESULTS_DIR=/tmp/r benchmarks/run.sh   # write the results elsewhere
#   JMH_OPTS='-f 1 -wi 1 -i 1' OPENSSL_SECONDS=1 benchmarks/run.sh 'StampBench'   # a quick smoke run
#
# Writes benchmarks/results/{machine.txt,openssl-before.txt,openssl-after.txt,jmh.{txt,json},
# jmh-steady.{txt,json},summary.md} (each run overwrites them). About 13 minutes on 2 cores. Needs java 17+, mvn, openssl, python3.
set -euo pipefail

cd "$(dirname "$0")/.."
OUT=${RESULTS_DIR:-benchmarks/results}
JAR=benchmarks/target/benchmarks.jar
mkdir -p "$OUT"

# Input lengths, fixed by benchmarks/src/main/java/dev/franking/bench/Fixtures.java (which checks them):
STAMP_INPUT=150                   # len(stamp_input), PROTOCOL.md §3, for the fixture ids
BODIES="100 1024 65536"           # commitment bodies
CONTENT="230 1154 65666"          # len(content_bytes) for those bodies (body + 130)
ATTACHMENT=1048576                # attachment cipher plaintext
SECS=${OPENSSL_SECONDS:-3}    # openssl speed -seconds
# JMH: one fork, 3 x 2 s warm-up, 5 x 2 s measurement, one thread; override with JMH_OPTS
JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 3 -w 2s -i 5 -r 2s -t 1"}

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "== building $JAR"
  mvn -B -q -pl benchmarks -am package -DskipTests
fi

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "nproc: $(nproc)"
  lscpu | grep -E '^(Model name|Thread\(s\) per core|Core\(s\) per socket|Socket\(s\)|Hypervisor vendor|CPU max MHz)' || true
  echo "cpu flags: $(grep -m1 -o -w -E 'aes|pclmulqdq|sha_ni|avx2|avx512f|vaes|vpclmulqdq' /proc/cpuinfo | sort -u | tr '\n' ' ')"
  echo "mem: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -version 2>&1
  openssl version
} | tee "$OUT/machine.txt"

# openssl speed: -elapsed divides by wall-clock time, as JMH does (the default divides by user CPU time)
openssl_speed() {
  local log=$1
  : > "$log"
  for n in $STAMP_INPUT $BODIES $CONTENT; do
    echo "== openssl speed -elapsed -seconds $SECS -bytes $n -hmac sha256" | tee -a "$log"
    openssl speed -elapsed -seconds $SECS -bytes "$n" -hmac sha256 2>&1 | grep -E '^(type|hmac)' | tee -a "$log"
  done
  for dir in "" "-decrypt"; do
    echo "== openssl speed -elapsed -seconds $SECS -bytes $ATTACHMENT $dir -evp aes-256-gcm" | tee -a "$log"
    openssl speed -elapsed -seconds $SECS -bytes $ATTACHMENT $dir -evp aes-256-gcm 2>&1 | grep -E '^(type|AES)' | tee -a "$log"
  done
}

openssl_speed "$OUT/openssl-before.txt"

echo "== JMH"
# shellcheck disable=SC2086
java -jar "$JAR" $JMH_OPTS -jvmArgsAppend "-Xms2g -Xmx2g" -rf json -rff "$OUT/jmh.json" "$@" 2>&1 \
  | tee "$OUT/jmh.log" | { grep --line-buffered -E '^(# Benchmark:|# Parameters:|Benchmark |[A-Z][A-Za-z]+Bench\.|Error)' || true; }
if [[ ${PIPESTATUS[0]} != 0 ]]; then
  echo "JMH failed; see $OUT/jmh.log" >&2
  exit 1
fi
# keep only the result table of the JMH log
sed -n '/^Benchmark /,$p' "$OUT/jmh.log" > "$OUT/jmh.txt"
rm -f "$OUT/jmh.log"

# The JDK's AES-GCM on one 1 MiB call runs pure-Java GHASH (~30 MB/s) until the JIT has compiled
# its chunk-processing methods with the intrinsics inlined, which takes hundreds of calls; 6 s of
# warm-up is not enough for decryption (and was not for the library's one-shot encryption). So the
# attachment cipher is measured again after 50 s of warm-up: the steady state of a long-running service.
if [[ $# == 0 && "${SKIP_STEADY:-0}" != 1 ]]; then
  echo "== JMH, attachment cipher after a long warm-up"
  java -jar "$JAR" -f 1 -wi 10 -w 5s -i 5 -r 2s -t 1 -jvmArgsAppend "-Xms2g -Xmx2g" \
    -rf json -rff "$OUT/jmh-steady.json" AttachmentBench 2>&1 \
    | tee "$OUT/jmh.log" | { grep --line-buffered -E '^(# Benchmark:|Benchmark |[A-Z][A-Za-z]+Bench\.|Error)' || true; }
  if [[ ${PIPESTATUS[0]} != 0 ]]; then
    echo "JMH failed; see $OUT/jmh.log" >&2
    exit 1
  fi
  sed -n '/^Benchmark /,$p' "$OUT/jmh.log" > "$OUT/jmh-steady.txt"
  rm -f "$OUT/jmh.log"
fi

openssl_speed "$OUT/openssl-after.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"

python3 benchmarks/summarize.py "$OUT" | tee "$OUT/summary.md"

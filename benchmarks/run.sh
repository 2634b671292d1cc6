#!/usr/bin/env bash
# Benchmarks of the franking library against OpenSSL on the same machine, in one run.
#
#   benchmarks/run.sh                 # build, machine info, openssl speed, JMH, openssl speed again
#   benchmarks/run.sh 'StampBench'    # extra arguments go to JMH (a benchmark regexp, -p ..., ...)
#   SKIP_BUILD=1 benchmarks/run.sh    # reuse benchmarks/target/benchmarks.jar
#   RESULTS_DIR=/tmp/r benchmarks/run.sh   # write the results elsewhere
#   JMH_OPTS='-f 1 -wi 1 -i 1' OPENSSL_SECONDS=1 benchmarks/run.sh 'StampBench'   # a quick smoke run
#
# Writes benchmarks/results/{machine.txt,openssl-before.txt,openssl-after.txt,jmh.{txt,json},cpu.txt,
# summary.md} (each run overwrites them). About 20 minutes on 2 cores. Needs java 17+, mvn, openssl, python3.
set -euo pipefail

cd "$(dirname "$0")/.."
OUT=${RESULTS_DIR:-benchmarks/results}
JAR=benchmarks/target/benchmarks.jar
mkdir -p "$OUT"

# Input lengths of protocol v2, fixed by benchmarks/src/main/java/dev/franking/bench/V2Fixtures.java
# (which checks them at every run):
STAMP_INPUT=113                   # len(stamp_input), PROTOCOL.md §3: 97 + len(kid), kid "k20261129T000000" (16)
BODIES="100 1024 65536"           # message bodies
CONTENT="234 1158 65670"          # len(content_bytes) for those bodies (body + 134), §1: the commitment's HMAC
PAYLOAD=1198                      # len(payload) of the 1 KiB envelope (content_bytes + 40), §2: the AES-GCM input
ATTACHMENT=1048576                # attachment cipher plaintext, §6
SECS=${OPENSSL_SECONDS:-3}    # openssl speed -seconds
# JMH: one fork, 3 x 2 s warm-up, 5 x 2 s measurement, one thread; override with JMH_OPTS
JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 3 -w 2s -i 5 -r 2s -t 1"}
# CpuTime (operations per CPU-second, the loaded machine's figure): CPU-seconds of warm-up and per round
CPU_WARMUP=${CPU_WARMUP:-2}
CPU_ROUND=${CPU_ROUND:-0.5}

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

# openssl speed: -elapsed divides by wall-clock time, as JMH does; without it, by openssl's own user
# CPU time, as CpuTime does. Both are run: on a shared machine only the second is steady.
openssl_speed() {
  local log=$1 mode
  : > "$log"
  for mode in "-elapsed" ""; do
    for n in $STAMP_INPUT $CONTENT; do
      echo "== openssl speed $mode -seconds $SECS -bytes $n -hmac sha256" | tee -a "$log"
      openssl speed $mode -seconds $SECS -bytes "$n" -hmac sha256 2>&1 | grep -E '^(type|hmac)' | tee -a "$log"
    done
    echo "== openssl speed $mode -seconds $SECS -bytes $PAYLOAD -decrypt -evp aes-256-gcm" | tee -a "$log"
    openssl speed $mode -seconds $SECS -bytes $PAYLOAD -decrypt -evp aes-256-gcm 2>&1 | grep -E '^(type|AES)' | tee -a "$log"
    for dir in "" "-decrypt"; do
      echo "== openssl speed $mode -seconds $SECS -bytes $ATTACHMENT $dir -evp aes-256-gcm" | tee -a "$log"
      openssl speed $mode -seconds $SECS -bytes $ATTACHMENT $dir -evp aes-256-gcm 2>&1 | grep -E '^(type|AES)' | tee -a "$log"
    done
  done
}

openssl_speed "$OUT/openssl-before.txt"

echo "== JMH"
# shellcheck disable=SC2086
java -jar "$JAR" $JMH_OPTS -jvmArgsAppend "-Xms2g -Xmx2g" -rf json -rff "$OUT/jmh.json" "$@" 2>&1 \
  | tee "$OUT/jmh.log" | { grep --line-buffered -E '^(# Benchmark:|# Parameters:|Benchmark |[A-Z][A-Za-z0-9]+Bench\.|Error)' || true; }
if [[ ${PIPESTATUS[0]} != 0 ]]; then
  echo "JMH failed; see $OUT/jmh.log" >&2
  exit 1
fi
# keep only the result table of the JMH log
sed -n '/^Benchmark /,$p' "$OUT/jmh.log" > "$OUT/jmh.txt"
rm -f "$OUT/jmh.log"

# The same paths by CPU time (see CpuTime.java): the figure that survives a loaded machine
if [[ $# == 0 && "${SKIP_CPU:-0}" != 1 ]]; then
  echo "== CpuTime (operations per CPU-second of the measuring thread)"
  java -Xms1g -Xmx1g -Dwarmup="$CPU_WARMUP" -cp "$JAR" dev.franking.bench.CpuTime "$CPU_ROUND" 5 | tee "$OUT/cpu.txt"
fi

openssl_speed "$OUT/openssl-after.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"

python3 benchmarks/summarize.py "$OUT" | tee "$OUT/summary.md"

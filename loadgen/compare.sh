#!/usr/bin/env bash
# Report intake of two or more builds of the service in one run: run.sh's closed-loop report phase
# against each build in turn, alternating ROUNDS times, each on a fresh data dir. On a machine
# shared with other work the comparable figure is CPU per report (service JVM + its PostgreSQL, in
# the measured window), not reports/s; both are printed per build at the end, with the load average
# at each start.
#
# Usage: BASE_JAR=target/base/report-service/target/report-service.jar loadgen/compare.sh
#          (base against this tree's build, NEW_JAR, default report-service/target/report-service.jar)
#        JARS="base=/tmp/a.jar main=/tmp/b.jar branch=/tmp/c.jar" loadgen/compare.sh
#          (any number of labelled builds, in this order each round)
#        env: ROUNDS=2 WARMUP=40 DURATION=20 REPORT_POOL=... PG_STATS=1 JFR=1 (passed to run.sh)
#             PHASE=open RATE=300: the open-loop phase at a fixed rate instead, which every build sustains on
#             a loaded machine: equal rates give equal batch sizes, so CPU per report compares like with like
#             (closed loop, a build that gets less of the machine also writes smaller batches, which cost
#             more per report)
# Build a baseline without installing anything: git -C /path/to/repo worktree add /tmp/base <commit>
# && (cd /tmp/base && mvn -B -q -DskipTests -pl report-service -am package).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
if [ -z "${JARS:-}" ]; then
  BASE_JAR="${BASE_JAR:?BASE_JAR=path to the baseline report-service.jar (or JARS=\"label=path ...\")}"
  JARS="base=$BASE_JAR new=${NEW_JAR:-report-service/target/report-service.jar}"
fi
for lj in $JARS; do [ -f "${lj#*=}" ] || { echo "no such jar: ${lj#*=}"; exit 1; }; done
ROUNDS="${ROUNDS:-2}"
PHASE="${PHASE:-closed}"
export WARMUP="${WARMUP:-40}" DURATION="${DURATION:-20}" SKIP_BUILD=1 PHASES="$PHASE"
mkdir -p "$ROOT/loadgen/target"
RES="$ROOT/loadgen/target/compare-$(date -u +%Y%m%dT%H%M%SZ).txt"
for r in $(seq "$ROUNDS"); do
  for lj in $JARS; do
    which="${lj%%=*}"; jar="${lj#*=}"
    echo "== round $r: $which ($jar), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RES"
    out="$(SERVICE_JAR="$jar" loadgen/run.sh 2>&1 | tee /dev/stderr | grep -E '^(output:|RESULT|  report \((closed|open)\)|  WAL a report)' | awk '!seen[$0]++' || true)"
    echo "$out" | sed "s/^RESULT /RESULT build=$which /" | tee -a "$RES"
  done
done
# per build: mean reports/s and CPU per 1,000 reports in the measured windows (JVM, PostgreSQL)
{
  echo "== per build, mean over $ROUNDS round(s): reports/s; CPU seconds per 1,000 reports in the window (service JVM + PostgreSQL)"
  awk '/^RESULT build=/ {
      b = ""; r = 0; w = 0; j = 0; p = 0
      for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "build") b = kv[2]; if (kv[1] == "reports_per_s" || kv[1] == "achieved_per_s") r = kv[2];
        if (kv[1] == "window_s") w = kv[2]; if (kv[1] == "jvm_cpu_s") j = kv[2]; if (kv[1] == "pg_cpu_s") p = kv[2] }
      if (!(b in n)) order[++k] = b
      n[b]++; rs[b] += r; js[b] += j; ps[b] += p; ops[b] += r * w }
    END { for (i = 1; i <= k; i++) { b = order[i]; if (ops[b] == 0) continue
      printf "%-10s %7.0f reports/s   %.3f s = JVM %.3f + PostgreSQL %.3f\n", b, rs[b] / n[b], (js[b] + ps[b]) * 1000 / ops[b], js[b] * 1000 / ops[b], ps[b] * 1000 / ops[b] } }' "$RES"
} | tee -a "$RES"
echo "results: $RES"

#!/usr/bin/env bash
# Report intake with and without this branch's indexes and rollups (issue 15), in one run: the
# closed-loop report phase of run.sh against a baseline build (BASE_JAR, e.g. main's, built from
# `git archive main` under target/base) and against this tree's build, alternating ROUNDS times, each
# on a fresh data dir. On a machine shared with other work the comparable figure is CPU per report
# (service JVM + its PostgreSQL, in the measured window), not reports/s.
#
# Usage: BASE_JAR=target/base/report-service/target/report-service.jar loadgen/compare.sh
#        env: ROUNDS=2 WARMUP=40 DURATION=20 (passed to run.sh)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BASE_JAR="${BASE_JAR:?BASE_JAR=path to the baseline report-service.jar}"
NEW_JAR="${NEW_JAR:-report-service/target/report-service.jar}"
ROUNDS="${ROUNDS:-2}"
export WARMUP="${WARMUP:-40}" DURATION="${DURATION:-20}" SKIP_BUILD=1 PHASES="closed"
RES="$ROOT/loadgen/target/compare-$(date -u +%Y%m%dT%H%M%SZ).txt"
for r in $(seq "$ROUNDS"); do
  for which in base new; do
    jar="$BASE_JAR"; [ "$which" = new ] && jar="$NEW_JAR"
    echo "== round $r: $which ($jar), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RES"
    out="$(SERVICE_JAR="$jar" loadgen/run.sh 2>&1 | tee /dev/stderr | grep -E '^(RESULT|  report \(closed\))' || true)"
    echo "$out" | tee -a "$RES"
  done
done
echo "results: $RES"

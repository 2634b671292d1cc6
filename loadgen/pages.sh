#!/usr/bin/env bash
# Review at scale (issue 15), in one run:
#   1. a fresh data dir (under target/), three accounts (bench-admin, bench-moderator, bench-child-safety);
#   2. the service starts (Flyway migrates its embedded PostgreSQL);
#   3. a few real cases through the API (loadgen reports: stamps, verification, data keys);
#   4. loadgen seed fills the backlog (SCALE=1: 1M open cases, ~10M reports, 100k closed cases);
#   5. the largest real case is grown (reports cloned) past the largest seeded one, so the case page
#      measured is the largest case, with its evidence, transcripts and data key;
#   6. auto_explain (plans of statements over EXPLAIN_MS, ANALYZE and BUFFERS, no per-node timing) and
#      the logging collector; the service restarts so every connection has them;
#   7. loadgen pages: every page of loadgen/src/main/resources/pages.txt, N requests each.
# Output in loadgen/target/pages-<time>/ (pages.txt results, plans.txt, machine.txt, seed.txt).
#
# Usage: loadgen/pages.sh     env: SCALE=1 N=100 SKIP_BUILD=1 KEEP_DATA=1 (keep the data dir)
#                                  DATA=dir (reuse a seeded data dir: steps 1-5 are skipped)
#                                  EXPLAIN_MS=20 VACUUM=1 (with DATA: vacuum the whole database first)
#                                  WARMUP_ROUNDS=20 (every page that often before any is timed)
#                                  EXPLAIN=0 (no auto_explain, no restart) SIZES=0 (no table counts)
#                                  SERVICE_JAR=path SERVICE_JAVA_OPTS="-XX:StartFlightRecording=..."
#                                  ONLY=name,name  PAGES=file (another pages list)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SCALE="${SCALE:-1}"
N="${N:-100}"
EXPLAIN_MS="${EXPLAIN_MS:-20}"
OUT="$ROOT/loadgen/target/pages-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
REUSE=""
if [ -n "${DATA:-}" ] && [ -f "$DATA/largest-case" ]; then REUSE=1; else DATA="${DATA:-$ROOT/target/pages-data}"; rm -rf "$DATA"; fi
mkdir -p "$DATA"
DATA="$(cd "$DATA" && pwd)"
PW="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
[ -n "$REUSE" ] && PW="$(cat "$DATA/bench-password")"
PSQL="$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)"
echo "output: $OUT   data dir: $DATA"
{
  echo "cpu:    $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
  echo "nproc:  $(nproc)"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "java:   $(java -version 2>&1 | head -1)"
  echo "load before: $(uptime)"
} | tee "$OUT/machine.txt"

if [ -z "${SKIP_BUILD:-}" ]; then
  mvn -B -q -DskipTests -pl report-service,loadgen -am package
fi
JAR="${SERVICE_JAR:-report-service/target/report-service.jar}"
LG=(java -jar loadgen/target/loadgen.jar)

if [ -z "$REUSE" ] && [ -n "${ACCOUNTS_FROM:-}" ]; then
  # the bench accounts of an earlier run (username, password_hash, roles, created_at, as COPY
  # writes them; password in ACCOUNTS_FROM.password): add-user starts the whole service, minutes
  # on a loaded machine
  PW="$(cat "$ACCOUNTS_FROM.password")"
  echo "$PW" >"$DATA/bench-password"
elif [ -z "$REUSE" ]; then
  echo "$PW" >"$DATA/bench-password"
  for u in admin:admin moderator:moderator child-safety:child_safety; do
    REPORTS_DATA_DIR="$DATA" java -jar "$JAR" add-user --data-dir "$DATA" --username "bench-${u%%:*}" \
      --role "${u#*:}" --password "$PW" >>"$OUT/add-user.log" 2>&1
  done
fi

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
SERVICE_PID=""
start_service() {
  # SERVICE_JAVA_OPTS: e.g. a flight recording of the measured service
  # shellcheck disable=SC2086
  REPORTS_DATA_DIR="$DATA" java ${SERVICE_JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" \
    --reports.rate-limit.reports-per-hour=1000000 >>"$OUT/service.log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 600); do
    curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null 2>&1 && break
    kill -0 "$SERVICE_PID" 2>/dev/null || { echo "service died"; tail -50 "$OUT/service.log"; exit 1; }
    sleep 1
  done
  PGPORT="$(sed -n 4p "$DATA/postgres/postmaster.pid")"
  export PGPASSWORD; PGPASSWORD="$(cat "$DATA/postgres-password")"
  echo "service on $PORT (pid $SERVICE_PID), PostgreSQL on $PGPORT"
}
stop_service() {
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 120); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 1; done
  fi
}
trap stop_service EXIT
sql() { "$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -Atq -c "$1" postgres; }

start_service
if [ -z "$REUSE" ] && [ -n "${ACCOUNTS_FROM:-}" ]; then
  "$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -q -c "\\copy moderators (username, password_hash, roles, created_at) FROM '$ACCOUNTS_FROM'" postgres
fi
if [ -z "$REUSE" ]; then
  echo "== real cases through the API"
  "${LG[@]}" reports --url "http://127.0.0.1:$PORT" --token-key "$DATA/jwt/private.pem" --warmup 1 --duration 5 \
    --reporters 200 --senders 5 --pool 600 --threads 4 >"$OUT/real-reports.txt" 2>&1 || true
  REAL="$(sql "SELECT case_id FROM reports GROUP BY case_id ORDER BY count(*) DESC LIMIT 1")"
  echo "== seed (scale $SCALE)"
  "${LG[@]}" seed --jdbc "jdbc:postgresql://127.0.0.1:$PGPORT/postgres" --password-file "$DATA/postgres-password" \
    --scale "$SCALE" 2>&1 | tee "$OUT/seed.txt"
  TO="$(sql "SELECT max(report_count) + 1 FROM cases")"
  "${LG[@]}" seed --jdbc "jdbc:postgresql://127.0.0.1:$PGPORT/postgres" --password-file "$DATA/postgres-password" \
    --grow "$REAL" --to "$TO" 2>&1 | tee -a "$OUT/seed.txt"
  # a fresh seed leaves every page of its tables to autovacuum, which would then run (minutes of
  # I/O on gigabytes) during the measurement: vacuum now, as a live database has been
  # one statement a call: psql -c runs several in one transaction block, where VACUUM cannot run
  for t in reports report_messages cases evidence_items audit_log; do sql "VACUUM (ANALYZE) $t"; done
  echo "$REAL" >"$DATA/largest-case"
fi
LARGEST="$(cat "$DATA/largest-case")"
SOME="$(sql "SELECT case_id FROM audit_log WHERE event = 'case.decided' ORDER BY seq DESC LIMIT 1")"
ASSIGNEE="$(sql "SELECT assigned_to FROM cases WHERE closed_at IS NULL AND assigned_to IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")"
# the account view of the reported account with the most cases an admin sees (child-safety cases are
# hidden from those without the role, and an account with none visible is a 404)
ACCOUNT="$(sql "SELECT reported_sender_id FROM cases WHERE top_category <> 'child_safety' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")"
# counting every table of a reused data dir takes minutes on a loaded machine: SIZES=0 skips it
[ -z "$REUSE" ] || [ "${SIZES:-1}" != 0 ] && echo "sizes: $(sql "SELECT 'open ' || (SELECT count(*) FROM cases WHERE closed_at IS NULL) || ', closed ' || (SELECT count(*) FROM cases WHERE closed_at IS NOT NULL) || ', reports ' || (SELECT count(*) FROM reports) || ', audit rows ' || (SELECT count(*) FROM audit_log) || ', database ' || pg_size_pretty(pg_database_size('postgres'))")" | tee -a "$OUT/machine.txt"
echo "data dir on disk: $(du -sh "$DATA" | cut -f1)" | tee -a "$OUT/machine.txt"

if [ -n "$REUSE" ] && [ -n "${VACUUM:-}" ]; then
  echo "== vacuum (VACUUM=1)"
  sql "VACUUM (ANALYZE)"
fi
if [ "${EXPLAIN:-1}" != 0 ]; then
echo "== auto_explain on, restart"
mkdir -p "$OUT/pglog"
sql "ALTER SYSTEM SET logging_collector = on"
sql "ALTER SYSTEM SET log_directory = '$OUT/pglog'"
sql "ALTER SYSTEM SET session_preload_libraries = 'auto_explain'"
# auto_explain's settings are known to a session only once the module is loaded in it
"$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -Atq -c "LOAD 'auto_explain'" \
  -c "ALTER SYSTEM SET auto_explain.log_min_duration = '${EXPLAIN_MS}ms'" \
  -c "ALTER SYSTEM SET auto_explain.log_analyze = on" -c "ALTER SYSTEM SET auto_explain.log_buffers = on" \
  -c "ALTER SYSTEM SET auto_explain.log_timing = off" postgres
stop_service
start_service
fi

echo "== pages, $N requests each (client time on loopback)"
echo "load at start: $(uptime)" | tee -a "$OUT/machine.txt"
"${LG[@]}" pages --url "http://127.0.0.1:$PORT" --password "$PW" --n "$N" --largest-case "$LARGEST" \
  --some-case "$SOME" --assignee "$ASSIGNEE" --account "$ACCOUNT" --service-pid "$SERVICE_PID" \
  --postgres-pid "$(head -1 "$DATA/postgres/postmaster.pid")" --warmup-rounds "${WARMUP_ROUNDS:-0}" \
  ${ONLY:+--only "$ONLY"} ${PAGES:+--pages "$PAGES"} 2>&1 | tee "$OUT/pages.txt"
echo "load at end: $(uptime)" | tee -a "$OUT/machine.txt"
# the plans auto_explain logged, slowest first
cat "$OUT"/pglog/* 2>/dev/null | awk '/duration: .* plan:/{if (b) print d "\t" b; d=$0; sub(/.*duration: /,"",d); sub(/ ms.*/,"",d); b=$0; next} /^[0-9]{4}-/{if (b) print d "\t" b; b=""; next} {if (b) b=b "\\n" $0} END{if (b) print d "\t" b}' \
  | sort -t$'\t' -k1,1 -rn | head -15 | cut -f2- | sed 's/\\n/\n/g; s/$/\n/' >"$OUT/plans.txt" || true
[ "${EXPLAIN:-1}" != 0 ] && for k in logging_collector log_directory session_preload_libraries auto_explain.log_min_duration \
  auto_explain.log_analyze auto_explain.log_buffers auto_explain.log_timing; do
  "$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -Atq -c "LOAD 'auto_explain'" -c "ALTER SYSTEM RESET $k" postgres
done
stop_service
trap - EXIT
echo "plans: $OUT/plans.txt ($(grep -c 'duration:' "$OUT/plans.txt" || true) statements over ${EXPLAIN_MS} ms)"
[ -z "${KEEP_DATA:-}" ] && [ -z "$REUSE" ] && rm -rf "$DATA"
echo "done: $OUT"

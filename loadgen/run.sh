#!/usr/bin/env bash
# Benchmarks the report service on this machine, in one run:
#   1. machine info and load;
#   2. builds everything (mvn -DskipTests install);
#   3. starts the service on a free port with a fresh data dir (its embedded PostgreSQL too) and a
#      rate limit high enough not to get in the way;
#   4. pgbench against the SAME embedded PostgreSQL: single-row INSERTs into a scratch table, the
#      yardstick the service's numbers are divided by;
#   5. the load generator: stamps (batches), reports closed loop, reports open loop at RATE/s;
#   6. stops the service (and its PostgreSQL) and prints a summary with ratios.
#
# Usage: loadgen/run.sh        env: WARMUP=90 DURATION=20 RATE=1000 PGBENCH_SECONDS=20 SKIP_BUILD=1
#                                   KEEP_DATA=1 (keep the data dir)  JFR=1 (record the service with Java Flight Recorder into the output dir)
#                                   SERVICE_JAVA_OPTS="..." (extra JVM options for the service, e.g. a profiler agent)
#                                   PRE_SQL=file (SQL run on the service's database before the phases)
#                                   SERVICE_JAR=path (another build of the service, e.g. a baseline: loadgen/compare.sh)
#                                   REPORTERS=N (distinct reporters, each with its own token; default 2000)
#                                   REPORT_POOL=N (reports pre-built for the closed loop; it must outlast warm-up + duration)
#                                   PHASES="pgbench stamps closed open low uncached" (a subset runs only those phases;
#                                   uncached is not in the default set)
#                                   PG_STATS=1 (restart the service's PostgreSQL with pg_stat_statements preloaded and
#                                   write each phase's top statements to pg_statements-<phase>.txt; costs some CPU)
#                                   UNCACHED_REPORTERS=N (uncached phase: N reporters, each with a fresh token, each sends once;
#                                   default 20000, as issue 12 asks; UNCACHED_WARMUP=1 and UNCACHED_DURATION=6 seconds: raise
#                                   N with them, since every report needs a reporter of its own, e.g. N=80000 with 20 and 10,
#                                   to measure fresh tokens once the JIT has compiled their path)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
WARMUP="${WARMUP:-90}"   # the service JIT-compiles for a minute or two under load before it is steady
DURATION="${DURATION:-20}"
RATE="${RATE:-1000}"
LOW_RATE="${LOW_RATE:-40}"   # a second open-loop run at a rate this machine can sustain; 0 to skip
PGBENCH_SECONDS="${PGBENCH_SECONDS:-20}"
PHASES=" ${PHASES:-pgbench stamps closed open low} "
phase() { [[ "$PHASES" == *" $1 "* ]]; }
STAMP_BATCH="${STAMP_BATCH:-100}"
STAMP_RECIPIENTS="${STAMP_RECIPIENTS:-10}"
STAMP_THREADS="${STAMP_THREADS:-4}"
REPORT_THREADS="${REPORT_THREADS:-64}"
OPEN_THREADS="${OPEN_THREADS:-64}"
OUT="$ROOT/loadgen/target/bench-$(date -u +%Y%m%dT%H%M%SZ)"
DATA="$(mktemp -d /tmp/franking-bench.XXXXXX)"
mkdir -p "$OUT"
echo "output: $OUT   data dir: $DATA"

PGBENCH="$(command -v pgbench || true)"
[ -z "$PGBENCH" ] && [ -x /usr/lib/postgresql/15/bin/pgbench ] && PGBENCH=/usr/lib/postgresql/15/bin/pgbench
PSQL="$(command -v psql || true)"
[ -z "$PSQL" ] && [ -x /usr/lib/postgresql/15/bin/psql ] && PSQL=/usr/lib/postgresql/15/bin/psql

echo "== machine"
{
  echo "cpu:    $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
  echo "nproc:  $(nproc)"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "kernel: $(uname -sr)"
  echo "java:   $(java -version 2>&1 | head -1)"
  echo "pgbench: $($PGBENCH --version 2>/dev/null || echo missing)"
  echo "load before: $(uptime)"
} | tee "$OUT/machine.txt"

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "== build"
  # reactor build into target/ only: never install into the shared ~/.m2
  mvn -B -q -DskipTests -pl report-service,loadgen -am package
fi

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
JFR_OPT=()
if [ -n "${JFR:-}" ]; then
  JFR_OPT=("-XX:StartFlightRecording=settings=profile,filename=$OUT/service.jfr,dumponexit=true")
fi
echo "== service on port $PORT"
start_service() {
  REPORTS_DATA_DIR="$DATA" java "${JFR_OPT[@]}" ${SERVICE_JAVA_OPTS:-} -jar "${SERVICE_JAR:-report-service/target/report-service.jar}" \
    --server.port="$PORT" --reports.rate-limit.reports-per-hour=1000000 >>"$OUT/service.log" 2>&1 &
  SERVICE_PID=$!
}

stop_service() {
  if kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 1; done
  fi
  # the embedded PostgreSQL normally stops with the service; make sure of it
  if [ -f "$DATA/postgres/postmaster.pid" ]; then
    local pg; pg="$(head -1 "$DATA/postgres/postmaster.pid")"
    if [ -n "$pg" ] && kill -0 "$pg" 2>/dev/null; then
      kill "$pg" 2>/dev/null || true
      for _ in $(seq 30); do kill -0 "$pg" 2>/dev/null || break; sleep 1; done
    fi
  fi
}
trap stop_service EXIT

wait_healthy() {
  # a loaded machine (load average 20+) can take minutes to start the service
  for i in $(seq "${START_WAIT:-600}"); do
    if curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null 2>&1; then break; fi
    kill -0 "$SERVICE_PID" 2>/dev/null || { echo "service died"; tail -50 "$OUT/service.log"; exit 1; }
    sleep 1
  done
  curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null || { echo "service not healthy"; exit 1; }
}
start_service
wait_healthy
if [ -n "${PG_STATS:-}" ]; then
  # pg_stat_statements must be preloaded: set it in the new data dir's postgresql.auto.conf (the
  # service's command-line settings do not name it) and start the service again on the same data
  echo "== PG_STATS: restarting the service with pg_stat_statements preloaded"
  stop_service
  printf "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = 'all'\npg_stat_statements.track_planning = on\n" >>"$DATA/postgres/postgresql.auto.conf"
  start_service
  wait_healthy
fi
PGPORT="$(sed -n 4p "$DATA/postgres/postmaster.pid")"
# the embedded server takes only its role's password (SCRAM, issue 12): psql and pgbench read it here
PGPASSWORD="$(cat "$DATA/postgres-password")"
export PGPASSWORD
echo "service healthy; embedded PostgreSQL on port $PGPORT ($("$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -Atc 'select version()' postgres | cut -d, -f1))"
# PRE_SQL=file: SQL run against the service's database before the phases, e.g. an A/B of indexes
# or rollups in the same run (loadgen/without-issue15.sql)
if [ -n "${PRE_SQL:-}" ]; then
  echo "== PRE_SQL $PRE_SQL"
  "$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -q -f "$PRE_SQL" postgres
fi
PSQLC=("$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -Atq)
if [ -n "${PG_STATS:-}" ]; then
  "${PSQLC[@]}" -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements' postgres
fi

if phase pgbench; then
  echo "== pgbench: single-row INSERT, -c 8 -j 2 -T $PGBENCH_SECONDS, same PostgreSQL"
  "$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -q -c 'CREATE TABLE bench_insert(id bigserial PRIMARY KEY, payload bytea)' postgres
  # a 64-byte payload
  echo "INSERT INTO bench_insert(payload) VALUES ('\\x$(printf 'ab%.0s' $(seq 64))'::bytea);" >"$OUT/insert.sql"
  PGMASTER="$(head -1 "$DATA/postgres/postmaster.pid")"
  pg_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$PGMASTER/stat"; }
  T0="$(pg_ticks)"
  "$PGBENCH" -h 127.0.0.1 -p "$PGPORT" -U postgres -n -c 8 -j 2 -T "$PGBENCH_SECONDS" -f "$OUT/insert.sql" postgres 2>&1 | tee "$OUT/pgbench.txt"
  # pgbench's backends have exited and been reaped: their CPU is in the postmaster's children times
  echo "postgres CPU during pgbench: $(awk -v a="$T0" -v b="$(pg_ticks)" -v h="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (b - a) / h }') s" | tee -a "$OUT/pgbench.txt"
  PG_TPS="$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$OUT/pgbench.txt" | head -1)"
  "$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -q -c 'DROP TABLE bench_insert' postgres
fi

# CPU seconds used by the service JVM and by its PostgreSQL (postmaster, live backends, reaped backends):
# on a shared machine, CPU per operation is steadier than wall-clock throughput
TCK="$(getconf CLK_TCK)"
PGMASTER="$(head -1 "$DATA/postgres/postmaster.pid")"
pids_jvm() { echo "$SERVICE_PID"; }
pids_pg() { echo "$PGMASTER"; ps -o pid= --ppid "$PGMASTER" 2>/dev/null; }
# ticks jvm|pg: user+system time of those processes, plus their reaped children's (exited backends)
ticks() {
  local t=0 p
  for p in $(pids_"$1"); do
    [ -r "/proc/$p/stat" ] || continue
    t=$((t + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$p/stat")))
  done
  echo "$t"
}
secs() { awk -v a="$1" -v b="$2" -v h="$TCK" 'BEGIN { printf "%.1f", (b - a) / h }'; }
# run_phase FILE loadgen-args...: runs the load generator, then appends the CPU the service JVM and
# its PostgreSQL used meanwhile (SERVICECPU is their sum)
run_phase() {
  local file="$1"; shift
  local j0 p0
  local w0; w0="$("${PSQLC[@]}" -c 'SELECT pg_current_wal_insert_lsn()' postgres)"
  [ -n "${PG_STATS:-}" ] && "${PSQLC[@]}" -c 'SELECT pg_stat_statements_reset()' postgres >/dev/null
  j0="$(ticks jvm)"; p0="$(ticks pg)"
  "${LG[@]}" "$@" 2>&1 | tee "$OUT/$file" || true
  local j p
  j="$(secs "$j0" "$(ticks jvm)")"; p="$(secs "$p0" "$(ticks pg)")"
  { echo "SERVICECPU $(awk -v a="$j" -v b="$p" 'BEGIN { printf "%.1f", a + b }')"; echo "JVMCPU $j"; echo "PGCPU $p"
    # WAL written over the whole phase (warm-up included): divide by all_ok for bytes per operation
    echo "WALBYTES $("${PSQLC[@]}" -c "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '$w0')::bigint" postgres)"; } | tee -a "$OUT/$file"
  if [ -n "${PG_STATS:-}" ]; then
    # where PostgreSQL's time went in this phase, statement by statement
    "$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -c "SELECT calls, round(total_exec_time::numeric, 0) AS total_ms, round((total_exec_time / greatest(calls, 1))::numeric, 3) AS ms_per_call, plans, round(total_plan_time::numeric, 0) AS plan_ms, rows, shared_blks_hit + shared_blks_read AS blks, shared_blks_dirtied AS dirtied, wal_fpi, wal_bytes, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25" postgres >"$OUT/pg_statements-${file%.txt}.txt" 2>&1 || true
  fi
}

KEY="$DATA/jwt/private.pem"
LG=(java -jar loadgen/target/loadgen.jar)
URL="http://127.0.0.1:$PORT"
COMMON=(--url "$URL" --token-key "$KEY" --warmup "$WARMUP" --duration "$DURATION" --service-pid "$SERVICE_PID" --postgres-pid "$PGMASTER")
REPORTER_OPTS=(--reporters "${REPORTERS:-2000}")

if phase stamps; then
  echo "== loadgen stamps"
  run_phase stamps.txt stamps "${COMMON[@]}" --threads "$STAMP_THREADS" --batch "$STAMP_BATCH" --recipients "$STAMP_RECIPIENTS"
fi
if phase closed; then
  echo "== loadgen reports, closed loop"
  # enough pre-built reports for warm-up and window at 3,000/s
  run_phase reports-closed.txt reports "${COMMON[@]}" "${REPORTER_OPTS[@]}" --threads "$REPORT_THREADS" --pool "${REPORT_POOL:-$((3000 * (WARMUP + DURATION)))}"
fi
if phase open; then
  echo "== loadgen reports, open loop at $RATE/s"
  run_phase reports-open.txt reports "${COMMON[@]}" "${REPORTER_OPTS[@]}" --threads "$OPEN_THREADS" --rate "$RATE"
fi
if phase low && [ "$LOW_RATE" != "0" ]; then
  echo "== loadgen reports, open loop at $LOW_RATE/s"
  run_phase reports-open-low.txt reports "${COMMON[@]}" "${REPORTER_OPTS[@]}" --threads "$OPEN_THREADS" --rate "$LOW_RATE"
fi

if phase uncached; then
  # every request carries a token the service has never seen (fresh iat, so a different string even
  # for a reporter id an earlier phase used): the JWT signature is verified on every request
  N_UNCACHED="${UNCACHED_REPORTERS:-20000}"
  echo "== loadgen reports, closed loop, $N_UNCACHED reporters each sending once (tokens not cached)"
  run_phase reports-uncached.txt reports --url "$URL" --token-key "$KEY" --warmup "${UNCACHED_WARMUP:-1}" --duration "${UNCACHED_DURATION:-6}" \
    --service-pid "$SERVICE_PID" --postgres-pid "$PGMASTER" --reporters "$N_UNCACHED" --pool "$N_UNCACHED" --threads "$REPORT_THREADS"
fi

echo "load after: $(uptime)" | tee -a "$OUT/machine.txt"
# where PostgreSQL's time went, table by table (a sequential scan of a big table shows up here)
# checkpoints during the run (each is followed by full-page images of every page touched again)
"$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -c "SELECT checkpoints_timed, checkpoints_req, buffers_checkpoint, buffers_backend FROM pg_stat_bgwriter" -c "SELECT wal_records, wal_fpi, wal_bytes, wal_buffers_full, wal_write, wal_sync FROM pg_stat_wal" postgres >"$OUT/pg_checkpoints.txt" 2>&1 || true
"$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -c "SELECT relname, seq_scan, seq_tup_read, idx_scan, idx_tup_fetch, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_live_tup, n_dead_tup FROM pg_stat_user_tables ORDER BY relname" postgres >"$OUT/pg_tables.txt" 2>&1 || true
stop_service
trap - EXIT

# skipped phases have no file: an empty answer, not a failure (set -e)
field() { if [ -f "$OUT/$1" ]; then sed -n "s/^RESULT .*[[:space:]]$2=\([^[:space:]]*\).*/\1/p" "$OUT/$1" | head -1; fi; }
STAMPS="$(field stamps.txt stamps_per_s)"
REPS="$(field reports-closed.txt reports_per_s)"
REPS_P99="$(field reports-closed.txt p99_ms)"
OPEN_ACH="$(field reports-open.txt achieved_per_s)"
OPEN_P99="$(field reports-open.txt p99_ms)"
cpu() { if [ -f "$OUT/$1" ]; then sed -n "s/^${2:-SERVICECPU} \([0-9.]*\)/\1/p" "$OUT/$1" | head -1; fi; }
# window_line FILE RATE SCALE: CPU per SCALE operations in the measured window, from the RESULT line's jvm_cpu_s/pg_cpu_s
window_line() {
  local w j p; w="$(field "$1" window_s)"; j="$(field "$1" jvm_cpu_s)"; p="$(field "$1" pg_cpu_s)"
  awk -v w="$w" -v j="$j" -v p="$p" -v r="$2" -v k="$3" 'BEGIN { if (w == "" || r == "" || r == 0 || j == "NaN" || j == "") { print "n/a"; exit }
    n = r * w; printf "%.3f ms (service JVM %.3f + PostgreSQL %.3f)", (j + p) * 1000 * k / n, j * 1000 * k / n, p * 1000 * k / n }'
}
# cpu_line FILE OPS SCALE: "X ms (JVM Y + PostgreSQL Z)" per SCALE operations
cpu_line() { echo "$(per "$(cpu "$1")" "$2" "$3") ms (service JVM $(per "$(cpu "$1" JVMCPU)" "$2" "$3") + PostgreSQL $(per "$(cpu "$1" PGCPU)" "$2" "$3"))"; }
per() { awk -v c="$1" -v n="$2" -v k="$3" 'BEGIN { if (c == "" || n == "" || n == 0) print "n/a"; else printf "%.3f", c * 1000 * k / n }'; }
PG_CPU="$(if [ -f "$OUT/pgbench.txt" ]; then sed -n 's/^postgres CPU during pgbench: \([0-9.]*\).*/\1/p' "$OUT/pgbench.txt"; fi)"
PG_N="$(if [ -f "$OUT/pgbench.txt" ]; then sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$OUT/pgbench.txt"; fi)"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.3f", a / b }'; }
{
  echo "== summary"
  echo "pgbench single-row INSERT:          ${PG_TPS:-n/a} tps"
  echo "stamps (${STAMP_BATCH}x${STAMP_RECIPIENTS} a request):       ${STAMPS:-n/a} stamps/s   = $(ratio "$STAMPS" "${PG_TPS:-}") x pgbench inserts/s   (target 1000000/s)"
  echo "verified reports, closed loop:      ${REPS:-n/a} reports/s  = $(ratio "$REPS" "${PG_TPS:-}") x pgbench inserts/s   (target 2000/s); p99 ${REPS_P99:-n/a} ms"
  echo "reports open loop at ${RATE}/s:       achieved ${OPEN_ACH:-n/a}/s in the window ($(field reports-open.txt served_per_s)/s served in all), p99 ${OPEN_P99:-n/a} ms from intended send time (target p99 < 50 ms)"
  if [ -f "$OUT/reports-uncached.txt" ]; then
    echo "reports, tokens not cached:         $(field reports-uncached.txt reports_per_s) reports/s (target 2000/s); p99 $(field reports-uncached.txt p99_ms) ms"
  fi
  if [ -f "$OUT/reports-open-low.txt" ]; then
    echo "reports open loop at ${LOW_RATE}/s:         achieved $(field reports-open-low.txt achieved_per_s)/s, p50 $(field reports-open-low.txt p50_ms) ms, p99 $(field reports-open-low.txt p99_ms) ms from intended send time"
  fi
  echo "CPU per operation in the measured window (service JVM + its PostgreSQL):"
  echo "  1,000 stamps:    $(window_line stamps.txt "$STAMPS" 1000)"
  echo "  report (closed): $(window_line reports-closed.txt "$REPS" 1)"
  echo "  WAL a report (closed, whole phase): $(awk -v w="$(cpu reports-closed.txt WALBYTES)" -v n="$(field reports-closed.txt all_ok)" 'BEGIN { if (w == "" || n == "" || n == 0) print "n/a"; else printf "%.0f bytes", w / n }')"
  echo "  report (open):   $(window_line reports-open.txt "$OPEN_ACH" 1)"
  echo "  WAL a report (open, whole phase): $(awk -v w="$(cpu reports-open.txt WALBYTES)" -v n="$(field reports-open.txt all_ok)" 'BEGIN { if (w == "" || n == "" || n == 0) print "n/a"; else printf "%.0f bytes", w / n }')"
  echo "CPU per operation over each whole phase (incl. warm-up, JIT compilation and pre-building):"
  echo "  pgbench insert:  $(per "$PG_CPU" "$PG_N" 1) ms (postgres only)"
  echo "  1,000 stamps:    $(cpu_line stamps.txt "$(field stamps.txt all_ok)" 1000)"
  echo "  report (closed): $(cpu_line reports-closed.txt "$(field reports-closed.txt all_ok)" 1)"
  echo "  report (open):   $(cpu_line reports-open.txt "$(field reports-open.txt all_ok)" 1)"
  if [ -f "$OUT/reports-open-low.txt" ]; then echo "  report (open, ${LOW_RATE}/s): $(cpu_line reports-open-low.txt "$(field reports-open-low.txt all_ok)" 1)"; fi
  cat "$OUT"/stamps.txt "$OUT"/reports-closed.txt "$OUT"/reports-open*.txt "$OUT"/reports-uncached.txt 2>/dev/null | grep -h '^RESULT' || true
} | tee "$OUT/summary.txt"
# KEEP_DATA=1 keeps the data dir (e.g. for pg_waldump --stats on its pg_wal)
if [ -n "${KEEP_DATA:-}" ]; then echo "data dir kept: $DATA"; else rm -rf "$DATA"; fi

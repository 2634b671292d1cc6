#!/usr/bin/env bash
# Cold start to healthy (issue 12 item 8): runs the README's run command N times, each in a fresh
# working directory (so `./data` is empty: new KEK, token keys, evidence-signing keys, initdb,
# every migration, the first admin), and prints for each run the wall time from exec to the first
# `/actuator/health` answering UP, the load average beside it, and the CPU each part used up to then:
#   jvm      the service JVM's own user+system time
#   kids     its reaped children (initdb, pg_ctl, the single-user postgres that sets the password)
#   pg       the running postmaster and its live backends (it is pg_ctl's daemon, not our child)
# On a shared machine CPU time is the steadier figure; wall time needs the load average beside it.
#
# Usage: loadgen/coldstart.sh [N]      (default 5; builds nothing: run `mvn -B -q -DskipTests package` first)
#   env: LAUNCH=script    the README's command, report-service/run.sh (default; its first run after a
#                         build extracts the jar and makes the class-data archive, inside the timed start)
#        LAUNCH=jar       `java -jar $JAR` instead (the fat jar, no class-data archive)
#        JAR=path         the service jar for LAUNCH=jar (default report-service/target/report-service.jar)
#        JAVA_OPTS="..."  extra JVM options (e.g. -Dstartup.timeline=true; the README command has none)
#        ARGS="..."       extra service arguments (e.g. --demo)
#        FRESH_BINARIES=1 a fresh user.home too, so that zonky's PostgreSQL binaries are unpacked again
#                         (a never-used machine; otherwise they are cached in ~/.cache/franking-report-service)
#        THREADS=1        also print the JVM's CPU per thread group at healthy (JIT, GC, main, ...)
#        KEEP=1           keep each run's directory (logs, data) instead of deleting it
#        WAIT=300         seconds to wait for health before giving up on a run
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-5}"
JAR="$(cd "$ROOT" && realpath "${JAR:-report-service/target/report-service.jar}")"
WAIT="${WAIT:-300}"
TCK="$(getconf CLK_TCK)"
[ -f "$JAR" ] || { echo "no jar at $JAR: run mvn -B -q -DskipTests package first" >&2; exit 1; }

echo "jar:    $JAR ($(stat -c %y "$JAR" | cut -d. -f1))"
echo "java:   $(java -version 2>&1 | head -1)"
echo "cpu:    $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(nproc) cores"
LAUNCH="${LAUNCH:-script}"
RUN_SH="$ROOT/report-service/run.sh"
echo "launch: $([ "$LAUNCH" = jar ] && echo "java -jar $JAR" || echo "$RUN_SH")"
echo "opts:   ${JAVA_OPTS:-none}   args: ${ARGS:-none}   fresh binaries: ${FRESH_BINARIES:-0}"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
load1() { cut -d' ' -f1 /proc/loadavg; }
now_ms() { date +%s%3N; }
# user+system ticks of one process: fields 14,15 (own) or 16,17 (reaped children), counted after
# the command name, which may contain spaces
own_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
kid_ticks() { awk '{ sub(/^.*\) /, ""); print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
secs() { awk -v t="$1" -v h="$TCK" 'BEGIN { printf "%.2f", t / h }'; }

results=()
for run in $(seq "$N"); do
  DIR="$(mktemp -d /tmp/franking-coldstart.XXXXXX)"
  PORT="$(free_port)"
  EXTRA=()
  if [ -n "${FRESH_BINARIES:-}" ]; then
    mkdir -p "$DIR/home"
    EXTRA=("-Duser.home=$DIR/home")
  fi
  L0="$(load1)"
  T0="$(now_ms)"
  # the README's command, from a directory whose ./data does not exist yet (run.sh execs the JVM,
  # so $! is the JVM either way)
  # shellcheck disable=SC2086
  if [ "$LAUNCH" = jar ]; then
    (cd "$DIR" && PORT="$PORT" exec java "${EXTRA[@]}" ${JAVA_OPTS:-} -jar "$JAR" ${ARGS:-} >"$DIR/service.log" 2>&1) &
  else
    (cd "$DIR" && PORT="$PORT" JAVA_OPTS="${EXTRA[*]} ${JAVA_OPTS:-}" exec "$RUN_SH" ${ARGS:-} >"$DIR/service.log" 2>&1) &
  fi
  PID=$!
  healthy=""
  deadline=$((T0 + WAIT * 1000))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    if curl -sf --max-time 2 "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null | grep -q '"UP"'; then
      healthy="$(now_ms)"
      break
    fi
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.02
  done
  L1="$(load1)"
  JVM="$(own_ticks "$PID")"
  KIDS="$(kid_ticks "$PID")"
  PG=0
  if [ -f "$DIR/data/postgres/postmaster.pid" ]; then
    PGM="$(head -1 "$DIR/data/postgres/postmaster.pid")"
    for p in "$PGM" $(ps -o pid= --ppid "$PGM" 2>/dev/null); do
      PG=$((PG + $(own_ticks "$p") + $(kid_ticks "$p")))
    done
  fi
  if [ -n "${THREADS:-}" ] && [ -d "/proc/$PID/task" ]; then
    echo "  run $run, JVM CPU by thread group at healthy:"
    for t in /proc/"$PID"/task/*; do
      printf '%s\t%s\n' "$(sed -E 's/[ #-]*[0-9]+$//' "$t/comm")" "$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$t/stat")"
    done | awk -F'\t' -v h="$TCK" '{ t[$1] += $2 } END { for (k in t) if (t[k] > 0) printf "    %7.2f s  %s\n", t[k] / h, k }' | sort -rn
  fi
  started="$(sed -n 's/.*Started ReportServiceApplication in \([0-9.]*\) seconds (process running for \([0-9.]*\)).*/spring \1 s, process \2 s/p' "$DIR/service.log" | head -1)"
  if [ -n "$healthy" ]; then
    wall="$(awk -v a="$T0" -v b="$healthy" 'BEGIN { printf "%.2f", (b - a) / 1000 }')"
    line="run $run: healthy after $wall s   load $L0 -> $L1   CPU jvm $(secs "$JVM") s, kids $(secs "$KIDS") s, pg $(secs "$PG") s   (${started:-no Started line})"
    results+=("$wall")
  else
    line="run $run: NOT healthy within $WAIT s (load $L0 -> $L1); log: $DIR/service.log"
    KEEP=1
  fi
  echo "$line"
  # stop it as an operator would (SIGTERM: the service drains and stops its PostgreSQL)
  kill "$PID" 2>/dev/null || true
  # a loaded machine can take a minute to drain and stop; the directory goes only after that
  for _ in $(seq 1200); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
  if [ -f "$DIR/data/postgres/postmaster.pid" ]; then
    PGM="$(head -1 "$DIR/data/postgres/postmaster.pid")"
    if [ -n "$PGM" ] && kill -0 "$PGM" 2>/dev/null; then
      echo "  (the embedded PostgreSQL $PGM outlived the service: stopping it)"
      kill "$PGM" 2>/dev/null || true
      sleep 1
    fi
  fi
  if [ -z "${KEEP:-}" ]; then rm -rf "$DIR"; else echo "  kept $DIR"; fi
done

if [ "${#results[@]}" -gt 0 ]; then
  printf '%s\n' "${results[@]}" | sort -n | awk '{ a[NR] = $1 } END {
    printf "healthy after (s): min %.2f  median %.2f  max %.2f  over %d runs\n", a[1], (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2), a[NR], NR }'
fi

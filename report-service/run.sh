#!/usr/bin/env bash
# Runs the report service: `report-service/run.sh [ARGS]` does what
# `java -jar report-service/target/report-service.jar [ARGS]` does, and starts faster.
#
# A cold start is mostly the JVM loading, verifying and compiling Spring's classes (BENCHMARKS-2026-12-02.md,
# "Session 6: cold start"). Two things cut that, neither possible with `java -jar` on the fat jar:
#   - the jar extracted (`-Djarmode=tools extract`): plain jars on the class path instead of jars
#     nested in a jar, read through Spring Boot's launcher;
#   - an AppCDS archive of the classes a start loads (`-XX:SharedArchiveFile`): the JVM maps them
#     parsed and verified instead of loading them one by one.
# Both are made once per build, by the first run after `mvn package` (a training start of the
# service on a throwaway data directory, about one more start's time), and kept in target/app.
# The archive holds class metadata only: no keys, no data, no settings. The JVM checks that it
# matches this JDK and these jars, and starts without it (with a warning) when it does not.
#
# Arguments go to the service (`--demo`, `--server.port=...`, `token ...`); JAVA_OPTS adds JVM options.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
JAR="$HERE/target/report-service.jar"
APP="$HERE/target/app"
JSA="$APP/report-service.jsa"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[ -f "$JAR" ] || { echo "$JAR is missing: build it first (mvn -B -q -DskipTests package)" >&2; exit 1; }

# what the archive was made from: this build of the jar and this JDK
JAVA_BIN="$(readlink -f "$(command -v "$JAVA")")"
STAMP="$(stat -c '%s %Y' "$JAR") $JAVA_BIN $(stat -c '%s %Y' "$JAVA_BIN")"

# the throwaway data directory of the training start: its PostgreSQL is stopped, then it is removed
train_cleanup() {
  local dir="$1"
  if [ -f "$dir/data/postgres/postmaster.pid" ]; then
    local pg; pg="$(head -1 "$dir/data/postgres/postmaster.pid")"
    if [ -n "$pg" ] && kill -0 "$pg" 2>/dev/null; then
      kill "$pg" 2>/dev/null || true
      for _ in $(seq 100); do kill -0 "$pg" 2>/dev/null || break; sleep 0.1; done
    fi
  fi
  rm -rf "$dir"
}

# starts the service once on a throwaway data directory with -XX:ArchiveClassesAtExit, waits until
# it is healthy (so that the archive holds what a start loads, the first admin and health included),
# stops it with SIGTERM as an operator would, and keeps the archive the JVM writes as it exits
train() {
  local dir log pid port="" i
  dir="$(mktemp -d "${TMPDIR:-/tmp}/report-service-training.XXXXXX")"
  log="$dir/training.log"
  echo "report-service/run.sh: first start of this build: making its class-data archive (once)" >&2
  # a training start of the embedded default; the caller's settings (an external database, say)
  # would have it touch real systems
  (cd "$dir" && exec env -u SPRING_DATASOURCE_URL -u SPRING_DATASOURCE_USERNAME -u SPRING_DATASOURCE_PASSWORD \
    REPORTS_DATA_DIR="$dir/data" "$JAVA" -XX:ArchiveClassesAtExit="$JSA.tmp" \
    -jar "$APP/report-service.jar" --server.port=0 >"$log" 2>&1) &
  pid=$!
  for i in $(seq 6000); do
    kill -0 "$pid" 2>/dev/null || break
    if [ -z "$port" ]; then
      port="$(sed -n 's/.*Tomcat started on port \([0-9]*\).*/\1/p' "$log" | head -1)"
    fi
    if [ -n "$port" ] && health_up "$port"; then break; fi
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  train_cleanup "$dir"
  if [ -s "$JSA.tmp" ]; then
    mv "$JSA.tmp" "$JSA"
  else
    rm -f "$JSA.tmp"
    echo "report-service/run.sh: no class-data archive was made; starting without one" >&2
  fi
}

health_up() {
  # bash's own TCP client: curl need not be installed
  local reply
  reply="$( (exec 3<>"/dev/tcp/127.0.0.1/$1" \
    && printf 'GET /actuator/health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 && timeout 5 cat <&3) 2>/dev/null)" || return 1
  [[ "$reply" == *'"status":"UP"'* ]]
}

# one run at a time prepares target/app; the lock is released before the service starts
exec 9>"$HERE/target/.app.lock"
flock 9
if [ "$(cat "$APP/.stamp" 2>/dev/null || true)" != "$STAMP" ]; then
  rm -rf "$APP"
  "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$APP" >/dev/null
  echo "$STAMP" >"$APP/.stamp"
fi
# one training start per build (not one per run when it made no archive)
if [ -z "${NO_CDS:-}" ] && [ ! -f "$APP/.trained" ]; then
  train
  touch "$APP/.trained"
fi
exec 9>&-

CDS=()
if [ -f "$JSA" ] && [ -z "${NO_CDS:-}" ]; then
  CDS=(-XX:SharedArchiveFile="$JSA")
fi
# shellcheck disable=SC2086
exec "$JAVA" "${CDS[@]}" ${JAVA_OPTS:-} -jar "$APP/report-service.jar" "$@"

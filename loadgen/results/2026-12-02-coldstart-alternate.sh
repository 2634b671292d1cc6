#!/usr/bin/env bash
# before/after alternating in the same window: base (main at 3feffd6), new (branch coldstart),
# new with spring.data.jpa.repositories.bootstrap-mode=lazy; one start each, repeated
cd "$(dirname "$0")"
for i in $(seq "${ROUNDS:-4}"); do
  echo "=== round $i $(date -u +%T) $(cut -d' ' -f1-3 /proc/loadavg)"
  (cd /tmp/cs-base && THREADS=1 WAIT=600 loadgen/coldstart.sh 1 2>&1 | sed 's/^/base  /')
  (cd /work/wt-coldstart && THREADS=1 WAIT=600 loadgen/coldstart.sh 1 2>&1 | sed 's/^/new   /')
  (cd /work/wt-coldstart && THREADS=1 WAIT=600 ARGS=--spring.data.jpa.repositories.bootstrap-mode=lazy loadgen/coldstart.sh 1 2>&1 | sed 's/^/lazy  /')
done

#!/bin/bash
# many short JVM runs, alternating the order: the harness's per-run JIT luck (which class loader's
# copy gets the better inlining) is +-5 %, larger than the effect, so it is averaged over runs
cd /work/wt-verify2
for p in $(seq 1 $1); do
  echo "== pair $p main-first $(date -u +%T) $(cut -d' ' -f1-3 /proc/loadavg)"
  java benchmarks/alternate/Alternate.java /work/verify2-tmp/main.jar /work/verify2-tmp/branch.jar /tmp/two-hmacs 6 0.3 verify | grep median
  echo "== pair $p branch-first $(date -u +%T) $(cut -d' ' -f1-3 /proc/loadavg)"
  java benchmarks/alternate/Alternate.java /work/verify2-tmp/branch.jar /work/verify2-tmp/main.jar /tmp/two-hmacs 6 0.3 verify | grep median
done

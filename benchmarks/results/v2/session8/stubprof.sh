#!/bin/bash
# Where a verification's CPU goes, stubs included (session 8). perf has no PMU on this VM, but the
# software cpu-clock event samples fine; the JIT's methods are named by -XX:+DumpPerfMapAtExit and
# the stubs (SHA-256, base64, arraycopy, fill) by matching sample addresses against
# -XX:+PrintStubCode's table (stubagg.py). JFR drops samples inside stubs, so it cannot show this.
#   javac -d /tmp/loop Loop.java
#   ./stubprof.sh JAR NAME SECONDS SKIP   (SKIP: seconds of warm-up left out; the JDK's implDigest
#                                          reaches its C2 form with the SHA stub only after ~2 CPU-s)
# JOPTS may add e.g. -XX:CompileCommand=dontinline,... to see inlined methods apart.
set -e
WORK=${WORK:-/tmp/stubprof}; mkdir -p $WORK; HERE=$(cd $(dirname $0) && pwd)
perf record -e cpu-clock -F 5000 -g -o $WORK/perf-$2.data java $JOPTS -XX:+UnlockDiagnosticVMOptions \
  -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer -XX:+PrintStubCode -cp /tmp/loop Loop $1 $3 \
  > $WORK/stubs-$2.txt 2>/dev/null
perf script -i $WORK/perf-$2.data -F comm,tid,time,ip,sym 2>/dev/null > $WORK/perf-$2.t.script
cd $WORK && python3 $HERE/stubagg.py $2 $4

#!/usr/bin/env bash
# instruction counts by callgrind, difference method: total(N) - total(0), over N operations
# cg.sh LABEL CLASSPATH   (java Instr)   or   cg.sh openssl
set -u
cd /work/verify-tmp/micro
L=$1
W=${W:-150000}; N=${N:-150000}
run() { # $1 = n
  if [[ $L == openssl ]]; then
    valgrind --tool=callgrind --callgrind-out-file=cg/$L.$1.out ./twohmac $1 quiet 2>&1 | grep -E "Collected"
  else
    valgrind --tool=callgrind --callgrind-out-file=cg/$L.$1.out --smc-check=all-non-file \
      java -XX:+UseSerialGC -Xms256m -Xmx256m -XX:-UsePerfData -cp "$2" dev.franking.v2.Instr $W $1 2>&1 | grep -E "Collected"
  fi
}
a=$(run 0 "${2:-}" | awk '{print $4}'); b=$(run $N "${2:-}" | awk '{print $4}')
echo "$L W=$W N=$N total0=$a totalN=$b per-op=$(( (b - a) / N )) $(date -u +%H:%M:%S)"

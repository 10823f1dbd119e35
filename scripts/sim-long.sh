#!/usr/bin/env bash
# The living club's long mode, one seed per process (issue 21):
#   scripts/sim-long.sh FIRST LAST [MONTHS] [MEMBERS]
# runs seeds FIRST..LAST × MONTHS (default 36) × MEMBERS (default 10), niced, one after the
# other (start two for two cores), and appends one line per seed to sim-long.txt:
# seed, exit code, seconds, commit, load. A failing seed's log stays in sim-long/seed-N.log
# (its whole trace in $TMPDIR/parnasse-sim-seed-N.trace); touch sim-long.stop to stop after
# the current seed.
set -u
cd "$(dirname "$0")/.."
months=${3:-36}
members=${4:-10}
mkdir -p sim-long
for s in $(seq "$1" "$2"); do
  [ -e sim-long.stop ] && exit 0
  t0=$(date +%s)
  PARNASSE_SIM_SEED=$s PARNASSE_SIM_MONTHS=$months PARNASSE_SIM_MEMBERS=$members nice -n 19 npx vitest run test/sim >"sim-long/seed-$s.log" 2>&1
  rc=$?
  [ $rc -eq 0 ] && rm -f "sim-long/seed-$s.log"
  echo "$s rc=$rc $(($(date +%s) - t0))s $(git rev-parse --short HEAD) ${months}x${members} load=$(cut -d' ' -f1 /proc/loadavg)" >>sim-long.txt
done

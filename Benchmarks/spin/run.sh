#!/usr/bin/env bash
# SPIN on the v6.0 model: the whole state space (depth-first, partial-order reduction, SPIN's
# defaults), at ccwviz's default bounds and with -DEXTENDED at the extended ones
# (--unsolicited 1 --kernel-halt-clear 1), hazards not stopping the search; then the shortest
# use-after-free (breadth-first). `ccwviz bench spin` runs the same pan beside ccwviz.
set -euo pipefail
cd "$(dirname "$0")"
command -v spin >/dev/null || { echo "needs spin (apt-get install spin)"; exit 1; }
work=$(mktemp -d)
cp vfio_ccw_v6.pml "$work/"
cd "$work"
for variant in "" "-DEXTENDED"; do
  echo "== exhaustive ${variant:-default bounds}, depth-first with partial-order reduction"
  spin $variant -a vfio_ccw_v6.pml
  gcc -O2 -DSAFETY -DNOCLAIM -DMEMLIM=16000 -o pan pan.c
  /usr/bin/time -f "%e s, %M KB" ./pan -m100000 -A -E -n | grep -E "states, stored|transitions|depth reached|total actual memory|elapsed time|rate" || true
done
echo "== breadth-first, stopping at the first hazard (shortest)"
spin -a vfio_ccw_v6.pml
gcc -O2 -DSAFETY -DBFS -DMEMLIM=16000 -o pan_bfs pan.c
/usr/bin/time -f "%e s, %M KB" ./pan_bfs -m100000 -E -n | grep -E "assertion violated|states, stored|depth reached|elapsed time" || true

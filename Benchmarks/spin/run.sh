#!/usr/bin/env bash
# SPIN on the v6.0 model: first the shortest use-after-free (breadth-first), then the whole
# state space with hazards ignored, timed, to compare with `ccwviz bench explore`.
set -euo pipefail
cd "$(dirname "$0")"
command -v spin >/dev/null || { echo "needs spin (apt-get install spin)"; exit 1; }
work=$(mktemp -d)
cp vfio_ccw_v6.pml "$work/"
cd "$work"
spin -a vfio_ccw_v6.pml
echo "== exhaustive, depth-first with partial-order reduction, hazards not stopping the search"
gcc -O2 -DSAFETY -DNOCLAIM -DMEMLIM=16000 -o pan pan.c
/usr/bin/time -f "%e s, %M KB" ./pan -m100000 -A -E -n | grep -E "states, stored|transitions|depth reached|total actual memory|elapsed time|rate" || true
echo "== breadth-first, stopping at the first hazard (shortest)"
gcc -O2 -DSAFETY -DBFS -DMEMLIM=16000 -o pan_bfs pan.c
/usr/bin/time -f "%e s, %M KB" ./pan_bfs -m100000 -E -n | grep -E "assertion violated|states, stored|depth reached|elapsed time" || true

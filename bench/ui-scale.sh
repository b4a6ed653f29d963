#!/usr/bin/env bash
# The inspector window at scale: generates a database of 1,000,000 realistic exchanges (once; kept
# in $HOOKSCOPE_BENCH_DIR, default /tmp/hookscope-bench) and measures start to first painted list,
# a text filter, a field filter, scrolling to the end and peak memory.
# Targets: first paint < 1 s, filters < 300 ms, memory < 300 MB.
#   bench/ui-scale.sh [COUNT]        (run from the repository; builds what it needs)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
dir=${HOOKSCOPE_BENCH_DIR:-/tmp/hookscope-bench}
db="$dir/captures-$count.sqlite"
mkdir -p "$dir"
cmake --preset default >/dev/null
cmake --build build/default --target hookscope_gendb hookscope_uiscale -j2 >/dev/null
if [ ! -s "$db" ]; then
  echo "generating $count exchanges into $db (once)…"
  build/default/bench/hookscope_gendb --db "$db" --count "$count" 2>/dev/null
fi
# Drop nothing from the page cache: the figures are for a database that was used recently.
if command -v xvfb-run >/dev/null && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  xvfb-run -a -s '-screen 0 1400x900x24' build/default/bench/hookscope_uiscale --db "$db"
else
  QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} build/default/bench/hookscope_uiscale --db "$db"
fi

#!/usr/bin/env bash
# One sitting of the scale table in docs/performance.md ("Scale with the push front"), in one go: the machine's
# floor (../shared/limit, C) interleaved with LoadLab's 10k × 10/s runs, the Kestrel path once, the floor's and
# LoadLab's highest rates, 18,000 connections, a 10k connect storm and the Node peers at 10k. The machines drift
# by up to 2× within an hour, so every ratio is taken within this one sitting.
#
#   bench/scale-sitting.sh [OUT]        # OUT defaults to results/sitting-<time>
#   RUNS=3          interleaved pairs of floor and LoadLab runs at 10k × 10/s
#   PAIRS_ONLY=1    stop after the pairs and the Kestrel run (about 8 minutes with RUNS=1)
#
# About 30 minutes on the 2-core machine. Needs gcc and make for the floor (skipped, with a note, without them).
# A run whose thresholds fail is a figure like any other: the sitting goes on.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-results/sitting-$(date -u +%Y%m%d-%H%M%S)}
RUNS=${RUNS:-3}
LIMIT=../shared/limit
mkdir -p "$OUT"

floor() { # LABEL N RATE MSGS BATCH MAXSECS PORT
  if [ -x "$LIMIT/fanout-server" ]; then
    (cd "$LIMIT" && ./run.sh "$@") | tee "$OUT/floor-$1.txt"
  fi
}

if [ -d "$LIMIT" ] && command -v make > /dev/null && command -v gcc > /dev/null; then
  make -s -C "$LIMIT"
else
  echo "scale-sitting: no $LIMIT or no gcc/make: the floor is not measured" | tee "$OUT/floor-missing.txt"
fi

for i in $(seq 1 "$RUNS"); do
  floor "n10k-r10-$i" 10000 10 150 1 15 $((19020 + i))
  ./run.sh run scenarios/broadcast-10k.yaml --out "$OUT/front-$i" || true
  if [ "$i" = 1 ]; then
    Server__PushFront=false ./run.sh run scenarios/broadcast-10k.yaml --out "$OUT/kestrel" || true
  fi
done

summary() {
  # LoadLab's runs side by side (each against the first), then the floor's own lines.
  ./run.sh compare "$OUT"/front-*/results.json "$OUT/kestrel/results.json" --out "$OUT/compare.html" --markdown "$OUT/compare.md" > /dev/null
  echo "sitting: $OUT (compare.md: the push front's runs and the Kestrel path; peers/compare.md: the Node peers)"
  cat "$OUT"/floor-*.txt 2>/dev/null || true
}

if [ "${PAIRS_ONLY:-0}" = 1 ]; then
  summary
  exit 0
fi

floor n10k-max-b16 10000 0 1000000000 16 15 19031
floor n10k-max-b1 10000 0 1000000000 1 15 19032
./run.sh run scenarios/broadcast-10k.yaml --set publisher.rate=100 --out "$OUT/rate100" || true
./run.sh run scenarios/broadcast-18k.yaml --out "$OUT/held-18k" || true
./run.sh run scenarios/connect-storm.yaml --set transports=ws --set 'stages[0].rampTo=10000' --set 'stages[0].over=100ms' \
  --set cpus.server=0 --set cpus.engine=1 --set connectTimeout=20s --out "$OUT/connect-storm" || true
./run.sh peers scenarios/broadcast-10k.yaml --out "$OUT/peers" || true
summary

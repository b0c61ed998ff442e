#!/usr/bin/env bash
# One sitting of the scale targets (docs/performance.md, "The scale targets"), in one go: every row of the table,
# LoadLab beside the two Node peers and the machine's floor (../shared/limit, C), runs interleaved, then the table
# itself (`loadlab targets`). The machines drift by up to 2× within an hour, so every ratio is taken within one
# sitting, and every figure is measured once per round to show its spread.
#
#   bench/scale-sitting.sh [OUT]        # OUT defaults to results/sitting-<time>; the table is OUT/targets.md
#   ROUNDS=3        rounds; each round measures every row once (about 12 minutes a round on the 2-core machine)
#
# A round: the floor at 10k × 10/s (its connect time too); LoadLab, node-ws and node-sse at 10k × 10/s; the floor
# as fast as it goes (16 frames per write); LoadLab at a million messages a second; 10,000 WebSocket connects against
# LoadLab and node-ws; 18,000 connections against all three. Needs gcc and make for the floor (the table says when
# it is missing). A run whose thresholds fail is a figure like any other: the sitting goes on.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-results/sitting-$(date -u +%Y%m%d-%H%M%S)}
ROUNDS=${ROUNDS:-3}
LIMIT=../shared/limit
mkdir -p "$OUT"

has_floor=0
if [ -d "$LIMIT" ] && command -v make > /dev/null && command -v gcc > /dev/null && make -s -C "$LIMIT"; then
  has_floor=1
fi

floor() { # FILE N RATE MSGS BATCH MAXSECS PORT: one run of the floor, its log kept as FILE
  if [ "$has_floor" = 1 ]; then
    local file=$1 label
    label="$(basename "$OUT")-$(basename "$(dirname "$file")")-$(basename "$file" .log)"
    shift
    (cd "$LIMIT" && ./run.sh "$label" "$@") > /dev/null
    cp "$LIMIT/results/$label.log" "$file"
  fi
}

for round in $(seq 1 "$ROUNDS"); do
  dir="$OUT/round-$round"
  mkdir -p "$dir"
  echo "scale-sitting: round $round of $ROUNDS ($dir)"
  floor "$dir/floor-broadcast.log" 10000 10 150 1 15 $((19040 + round))
  ./run.sh peers scenarios/broadcast-10k.yaml --out "$dir/broadcast" || true
  floor "$dir/floor-fastest.log" 10000 0 1000000000 16 15 $((19050 + round))
  ./run.sh run scenarios/broadcast-10k.yaml --set publisher.rate=100 --out "$dir/million/loadlab" || true
  ./run.sh peers scenarios/connect-storm.yaml --set transports=ws --set 'stages[0].rampTo=10000' --set 'stages[0].over=100ms' \
    --set cpus.server=0 --set cpus.engine=1 --set connectTimeout=20s --out "$dir/connects" || true
  ./run.sh peers scenarios/broadcast-18k.yaml --out "$dir/held" || true
done

./run.sh targets "$OUT"

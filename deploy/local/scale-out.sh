#!/usr/bin/env bash
# The local proof of scaling out: Redis, two reference servers on its backplane, nginx balancing them, two load
# agents sharing scenarios/scale-out.yaml (22,000 connections per transport, more than one process may open
# here), then one merged results file and report. Everything on 127.0.0.1; every process is stopped at the end.
#   deploy/local/scale-out.sh [--set path=value ...]      (extra options go to both agents)
# BACKPLANE=none runs one server without Redis behind the same nginx and agents, for the backplane's cost on the same
# scenario (give it fewer connections: one process holds at most 20,000 files), e.g.
#   BACKPLANE=none deploy/local/scale-out.sh --set 'stages[0].rampTo=16000'
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in redis-server nginx; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "scale-out: $tool is missing (.ci/run installs it)" >&2; exit 2; }
done

./run.sh --help >/dev/null                      # builds the CLI once
cli=(dotnet artifacts/cli/loadlab.dll)
work=$(mktemp -d /tmp/loadlab-scale-out.XXXXXX)
out=results/scale-out-$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$out" "$work"/{client_body,proxy,fastcgi,uwsgi,scgi}
chmod -R a+rwx "$work"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 100); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "scale-out: $1 did not come up" >&2; exit 1; }

backplane=${BACKPLANE:-redis}
redis_port=$(free_port); s1=$(free_port); s2=$(free_port); lb=$(free_port)
servers=("$s1" "$s2")
backplane_options=(--backplane redis --redis "127.0.0.1:$redis_port")
if [ "$backplane" = none ]; then
  s2=$s1; servers=("$s1"); backplane_options=(--backplane none)
fi
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" > "$work/redis.log" 2>&1 & pids+=($!)
redis_pid=$!
for port in "${servers[@]}"; do
  "${cli[@]}" serve --urls "http://127.0.0.1:$port" "${backplane_options[@]}" --max-connections 20000 > "$work/server-$port.log" 2>&1 &
  pids+=($!)
done
sed -e "s|@PREFIX@|$work|g" -e "s|@LISTEN@|127.0.0.1:$lb|" -e "s|@SERVER1@|127.0.0.1:$s1|" -e "s|@SERVER2@|127.0.0.1:$s2|" deploy/local/nginx.conf > "$work/nginx.conf"
nginx -p "$work" -c "$work/nginx.conf" & pids+=($!)
wait_for "http://127.0.0.1:$s1/healthz"; wait_for "http://127.0.0.1:$s2/healthz"; wait_for "http://127.0.0.1:$lb/healthz"
echo "scale-out: backplane $backplane, redis :$redis_port, servers ${servers[*]}, nginx :$lb; results in $out"

# Redis CPU in clock ticks from /proc (ps rounds to whole seconds).
redis_cpu() { awk '{ printf "%.2f", ($14 + $15) / '"$(getconf CLK_TCK)"' }' "/proc/$redis_pid/stat"; }
redis_cpu_before=$(redis_cpu)
start_at=$(date -u -d '+20 seconds' +%Y-%m-%dT%H:%M:%SZ)
agents=()
for shard in 1 2; do
  "${cli[@]}" agent --shard "$shard/2" scenarios/scale-out.yaml --target "http://127.0.0.1:$lb" --start-at "$start_at" --out "$out/shard-$shard" "$@" > "$out/shard-$shard.log" 2>&1 &
  agents+=($!)
done
status=0
for pid in "${agents[@]}"; do wait "$pid" || status=$?; done
redis_cpu_after=$(redis_cpu)
echo "scale-out: redis CPU seconds: $redis_cpu_before -> $redis_cpu_after"
for port in "${servers[@]}"; do
  echo "scale-out: server :$port: $(curl -s "http://127.0.0.1:$port/metrics" | grep -E '^loadlab_(connections_active|push_messages_delivered_total|backplane)' | tr '\n' ' ')"
done

"${cli[@]}" merge "$out"/shard-*/shard-*-of-2.json --out "$out/merged"
exit "$status"

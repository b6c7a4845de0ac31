#!/usr/bin/env bash
# Starts a local cluster: a 3-member etcd on loopback ports (data under a temp folder) and two EventDashboard
# nodes that share their values through it. Prints the URLs; Ctrl+C stops everything it started.
# Usage: scripts/cluster.sh   (ports: ETCD_BASE_PORT=23790, NODE_BASE_PORT=5000; nodes on 5001 and 5002)
set -euo pipefail
cd "$(dirname "$0")/.."

etcd_base=${ETCD_BASE_PORT:-23790}
node_base=${NODE_BASE_PORT:-5000}

if ! command -v etcd >/dev/null 2>&1; then
  echo "cluster.sh: installing etcd"
  sudo_cmd=""
  if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq etcd-server etcd-client >/dev/null
fi

work=$(mktemp -d -t eventdashboard-cluster-XXXXXX)
pids=()
stop() {
  trap - EXIT INT TERM
  echo "cluster.sh: stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap stop EXIT INT TERM

initial=""
endpoints=""
for i in 1 2 3; do
  initial+="${initial:+,}m$i=http://127.0.0.1:$((etcd_base + 10 + i))"
  endpoints+="${endpoints:+,}http://127.0.0.1:$((etcd_base + i))"
done

for i in 1 2 3; do
  etcd --name "m$i" --data-dir "$work/m$i" \
    --listen-client-urls "http://127.0.0.1:$((etcd_base + i))" --advertise-client-urls "http://127.0.0.1:$((etcd_base + i))" \
    --listen-peer-urls "http://127.0.0.1:$((etcd_base + 10 + i))" --initial-advertise-peer-urls "http://127.0.0.1:$((etcd_base + 10 + i))" \
    --initial-cluster "$initial" --initial-cluster-token eventdashboard-cluster --initial-cluster-state new \
    --logger zap --log-outputs "$work/m$i.log" >"$work/m$i.out" 2>&1 &
  pids+=($!)
done

# Waits for a URL to answer, for at most 60 s.
wait_for() {
  for _ in $(seq 1 600); do
    if curl -fsS "$1" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "cluster.sh: $1 did not answer; logs are in $work" >&2
  return 1
}
for i in 1 2 3; do wait_for "http://127.0.0.1:$((etcd_base + i))/health"; done

dotnet build src/Web -c Release -nologo -clp:ErrorsOnly
for n in 1 2; do
  # Development serves the dashboard's static files from the build output; the demo values run on node 1 only.
  ASPNETCORE_ENVIRONMENT=Development dotnet run --project src/Web -c Release --no-build --no-launch-profile -- \
    --urls "http://127.0.0.1:$((node_base + n))" \
    --EventDashboard:Storage:Provider=Etcd \
    --EventDashboard:Storage:Etcd:Endpoints="$endpoints" \
    --Demo:Enabled="$([ "$n" = 1 ] && echo true || echo false)" \
    >"$work/node$n.log" 2>&1 &
  pids+=($!)
done
for n in 1 2; do wait_for "http://127.0.0.1:$((node_base + n))/readyz"; done

cat <<INFO
etcd members:  $endpoints   (data and logs: $work)
node 1:        http://127.0.0.1:$((node_base + 1))/
node 2:        http://127.0.0.1:$((node_base + 2))/
Try: curl -X PUT -H 'Content-Type: application/json' -d '"hi"' http://127.0.0.1:$((node_base + 1))/api/values/greeting
     curl http://127.0.0.1:$((node_base + 2))/api/values/greeting
Ctrl+C stops the cluster.
INFO
wait

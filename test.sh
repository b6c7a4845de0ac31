#!/usr/bin/env bash
# Runs every test of EventDashboard on a fresh machine: installs what the tests need
# (Debian's Chromium for the browser tests, etcd for the cluster tests),
# builds the solution and runs all test projects. Usage: ./test.sh [extra dotnet test args]
set -euo pipefail
cd "$(dirname "$0")"

sudo_cmd=""
if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo"; fi
apt_updated=""
# Installs Debian packages: $1 is what they are for, the rest are the packages.
apt_install() {
  echo "test.sh: installing $1"
  shift
  if [ -z "$apt_updated" ]; then $sudo_cmd apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$@" >/dev/null
}

if ! command -v chromium >/dev/null 2>&1; then
  apt_install "Chromium for the browser tests" chromium
fi
# The etcd tests start their own members from /usr/bin/etcd.
if ! command -v etcd >/dev/null 2>&1; then
  apt_install "etcd for the cluster tests" etcd-server etcd-client
fi

dotnet build EventDashboard.sln -c Release -nologo -clp:ErrorsOnly

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
# One test assembly at a time: the browser tests and the timing-free unit tests share two cores.
dotnet test EventDashboard.sln -c Release --no-build -nologo -m:1 "$@" 2>&1 | tee "$results/out.txt" || status=$?

# The soak and fault harness's short profile (bench/Soak; the 10-minute one is in bench/README.md): a server on a
# real SQLite folder under steady Sets with hub and event-stream watchers, stalled connections, and a SIGKILL and
# restart; it exits 1 when a watcher misses the final version, sees an older one, or an acknowledged Set is lost.
soak_status=0
dotnet run -c Release --no-build --project bench/Soak -- --quick 2>&1 | tee "$results/soak.txt" || soak_status=$?
if [ "$soak_status" -ne 0 ]; then
  echo "test.sh: the soak harness's checks failed" >&2
  status=1
fi

# One closing line over all assemblies, e.g. "tests: 120 passed, 0 failed, 0 skipped".
awk '/^(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1)
       }
     }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' FS='[ ,]+' "$results/out.txt"
if [ "$status" -eq 0 ] && ! grep -qE '^(Passed|Failed)!' "$results/out.txt"; then
  echo "test.sh: no test ran" >&2
  status=1
fi
exit "$status"

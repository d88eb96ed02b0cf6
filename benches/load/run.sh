#!/usr/bin/env bash
# Load benchmark: signed GetUser against localiam, by root and by an IAM user whose policy has 20
# statements (signature verification + authorization), side by side with a bare axum server
# answering a fixed 300-byte XML body (the ceiling of the network stack on this machine).
# Needs wrk (Debian package `wrk`) and python3 with botocore. Prints requests/s and p50/p99.
#
#   benches/load/run.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-10}
conns=${2:-64}
cargo build --release --quiet --bin localiam --example bare_axum
target=${CARGO_TARGET_DIR:-target}

./"$target"/release/localiam --port 4610 --log-level warn --no-entity-quotas &
lp=$!
./"$target"/release/examples/bare_axum 4611 &
bp=$!
trap 'kill $lp $bp 2>/dev/null || true' EXIT
sleep 0.5

read -r app_key app_secret < <(python3 benches/load/setup.py http://127.0.0.1:4610)
body='Action=GetUser&Version=2010-05-08&UserName=bench'
root_script=$(mktemp --suffix .lua)
user_script=$(mktemp --suffix .lua)
python3 benches/load/sign.py http://127.0.0.1:4610 test test "$body" > "$root_script"
python3 benches/load/sign.py http://127.0.0.1:4610 "$app_key" "$app_secret" "$body" > "$user_script"

run() { # name url script
  local out
  out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$3" "$2")
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  printf '%-28s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$1" "$rps" "$p50" "$p99" "${non2xx:-0}"
}
echo "wrk -t2 -c$conns -d${secs}s, $(nproc) cores, $(date -u +%FT%TZ)"
for _ in 1 2; do
  run "bare axum (ceiling)" http://127.0.0.1:4611/ "$root_script"
  run "localiam GetUser (root)" http://127.0.0.1:4610/ "$root_script"
  run "localiam GetUser (user, 20 st.)" http://127.0.0.1:4610/ "$user_script"
done

#!/usr/bin/env bash
# Load benchmark: signed GetUser against localiam, by root and by an IAM user whose policy has 20
# statements (signature verification + authorization), side by side with a bare axum server
# answering a fixed 300-byte XML body (the ceiling of the network stack on this machine).
# Needs wrk (Debian package `wrk`) and python3 with botocore. Prints requests/s and p50/p99.
#
# Root and user alternate, in both orders, for ROUNDS rounds after a warm-up of each, so slow
# drifts of a shared machine hit both alike; the median of the per-round ratios is the figure.
#
#   benches/load/run.sh [SECONDS] [CONNECTIONS] [ROUNDS]
#
# PIN=1 gives the servers one core (one tokio worker) and wrk the other: the servers are then
# CPU-bound on a core of their own and the ratio measures their cost per request, without the
# load tool's share of the same cores in it.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-10}
conns=${2:-64}
rounds=${3:-6}
cargo build --release --quiet --bin localiam --example bare_axum
target=${CARGO_TARGET_DIR:-target}

server=() load=(wrk -t2)
if [[ ${PIN:-0} == 1 ]]; then
  export TOKIO_WORKER_THREADS=1
  server=(taskset -c 0) load=(taskset -c 1 wrk -t1)
fi
"${server[@]}" ./"$target"/release/localiam --port 4610 --log-level warn --no-entity-quotas &
lp=$!
"${server[@]}" ./"$target"/release/examples/bare_axum 4611 &
bp=$!
trap 'kill $lp $bp 2>/dev/null || true' EXIT
sleep 0.5

read -r app_key app_secret < <(python3 benches/load/setup.py http://127.0.0.1:4610)
body='Action=GetUser&Version=2010-05-08&UserName=bench'
root_script=$(mktemp --suffix .lua)
user_script=$(mktemp --suffix .lua)
python3 benches/load/sign.py http://127.0.0.1:4610 test test "$body" > "$root_script"
python3 benches/load/sign.py http://127.0.0.1:4610 "$app_key" "$app_secret" "$body" > "$user_script"

rps_of() { awk '/Requests\/sec/ {print $2}' <<<"$1"; }
# CPU time the localiam process has used, in clock ticks (user + system, /proc/PID/stat).
ticks() { awk '{print $14 + $15}' "/proc/$lp/stat"; }
run() { # name url script -> prints a row, sets $rps and $cpu (localiam CPU µs per request)
  local out p50 p99 non2xx requests before after
  before=$(ticks)
  out=$("${load[@]}" -c"$conns" -d"${secs}s" --latency -s "$3" "$2")
  after=$(ticks)
  rps=$(rps_of "$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  cpu=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN {printf "%.1f", 1e6 * t / hz / n}')
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  printf '%-40s %10s req/s   p50 %8s   p99 %8s   localiam CPU %6s us/req   non-2xx %s\n' \
    "$1" "$rps" "$p50" "$p99" "$cpu" "${non2xx:-0}"
}
echo "${load[*]} -c$conns -d${secs}s, $(nproc) cores, $rounds rounds, PIN=${PIN:-0}, $(date -u +%FT%TZ)"
# Warm-up, not measured: connections, allocator pools, caches, the audit buffer filled.
"${load[@]}" -c"$conns" -d2s -s "$root_script" http://127.0.0.1:4610/ >/dev/null
"${load[@]}" -c"$conns" -d2s -s "$user_script" http://127.0.0.1:4610/ >/dev/null
run "bare axum (ceiling)" http://127.0.0.1:4611/ "$root_script"
# Throughput ratio (what the target is stated in) and CPU-cost ratio (root's CPU per request over
# the user's: the same figure when the server is CPU-bound, but blind to the VM's stolen time).
ratios=()
costs=()
for ((i = 1; i <= rounds; i++)); do
  if ((i % 2)); then
    run "round $i localiam GetUser (root)" http://127.0.0.1:4610/ "$root_script"; root=$rps root_cpu=$cpu
    run "round $i localiam GetUser (user, 20 st.)" http://127.0.0.1:4610/ "$user_script"; user=$rps user_cpu=$cpu
  else
    run "round $i localiam GetUser (user, 20 st.)" http://127.0.0.1:4610/ "$user_script"; user=$rps user_cpu=$cpu
    run "round $i localiam GetUser (root)" http://127.0.0.1:4610/ "$root_script"; root=$rps root_cpu=$cpu
  fi
  ratio=$(awk -v u="$user" -v r="$root" 'BEGIN {printf "%.1f", 100 * u / r}')
  cost=$(awk -v u="$user_cpu" -v r="$root_cpu" 'BEGIN {printf "%.1f", 100 * r / u}')
  ratios+=("$ratio")
  costs+=("$cost")
  echo "round $i user/root throughput ${ratio}%, root/user CPU per request ${cost}%"
done
run "bare axum (ceiling)" http://127.0.0.1:4611/ "$root_script"
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo "user/root throughput per round: ${ratios[*]} (%); median $(median "${ratios[@]}")%"
echo "root/user CPU per request per round: ${costs[*]} (%); median $(median "${costs[@]}")%"

#!/usr/bin/env bash
# Is the load generator the limit? `bench/lib/wrk-cpu.sh URL` loads an already running server
# (pinned to CPU 0 by whoever started it) with wrk -t1 -c64 on CPU 1: 5 s of warm-up, then 10 s,
# during which it reads wrk's own CPU time (/proc/PID/stat) and both cores' (/proc/stat) over 6 s.
# Prints req/s, wrk's share of its core, and how busy each core was.
set -euo pipefail
url=${1:?usage: bench/lib/wrk-cpu.sh URL}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# user + nice + system + irq + softirq + steal, and all, of one core's line in /proc/stat
core_ticks() { awk -v c="cpu$1" '$1 == c { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
process_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

taskset -c 1 wrk -t1 -c64 -d5s "$url" >/dev/null
taskset -c 1 wrk -t1 -c64 -d10s "$url" >"$out" &
load=$!
until wrk_pid=$(pgrep -n -x wrk); do :; done
sleep 2  # into the run, past its connects
w0=$(process_ticks "$wrk_pid"); read -r b0 a0 < <(core_ticks 0); read -r b1 a1 < <(core_ticks 1)
sleep 6  # the measured window
w1=$(process_ticks "$wrk_pid"); read -r c0 z0 < <(core_ticks 0); read -r c1 z1 < <(core_ticks 1)
wait "$load"

awk -v rps="$(awk '/Requests\/sec/ { print int($2) }' "$out")" -v hz="$(getconf CLK_TCK)" \
    -v w="$((w1 - w0))" -v s0="$((c0 - b0))" -v t0="$((z0 - a0))" -v s1="$((c1 - b1))" -v t1="$((z1 - a1))" \
    'BEGIN { printf "%d req/s; wrk used %.2f of its core; CPU 0 (server) busy %.2f, CPU 1 (client) busy %.2f\n", rps, w / hz / 6, s0 / t0, s1 / t1 }'

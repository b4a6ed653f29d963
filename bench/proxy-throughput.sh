#!/usr/bin/env bash
# Throughput and latency of Hookscope's capture proxy, side by side with baselines in one run:
#   direct  - wrk straight at the upstream (an nginx answering 200 JSON)
#   nginx   - nginx as a plain keep-alive reverse proxy in front of it (the no-capture baseline)
#   hookscope - `hookscope http --headless` capturing every exchange to SQLite
#   proxy-only - the same proxy with the captures dropped instead of stored (bench/proxyonly.cpp)
# Each POSTs a ~2 KB JSON webhook over keep-alive connections. Afterwards it checks that every
# request wrk completed through Hookscope is in the capture database.
# On a busy machine, ROUNDS=N alternates nginx and Hookscope N times (each DURATION) and reports
# every round and the median ratios, so that both see the same changes in load. Hookscope's CPU
# per request is also given per thread, and for the search indexing and the checkpoint it defers
# until after a burst.
# Usage: bench/proxy-throughput.sh   (env: DURATION=10s CONNECTIONS=32 THREADS=1 ROUNDS=1 HOOKSCOPE=path)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bin=${HOOKSCOPE:-$root/build/default/app/hookscope}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
threads=${THREADS:-1}
rounds=${ROUNDS:-1}
source "$here/lib.sh"
require_tools wrk nginx sqlite3 python3

upstream_port=$(free_port); nginx_port=$(free_port); hookscope_port=$(free_port); proxyonly_port=$(free_port)

nginx_conf() { # $1 = name, $2 = server block
    mkdir -p "$work/$1"
    cat > "$work/$1/nginx.conf" <<CONF
worker_processes 1;
daemon off;
user root;
pid $work/$1/nginx.pid;
error_log $work/$1/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/$1/body;
    proxy_temp_path $work/$1/proxy;
    fastcgi_temp_path $work/$1/fastcgi;
    uwsgi_temp_path $work/$1/uwsgi;
    scgi_temp_path $work/$1/scgi;
    keepalive_requests 1000000;
    $2
}
CONF
    nginx -c "$work/$1/nginx.conf" -e "$work/$1/error.log" &
    pids+=($!)
    master=$!
}

nginx_conf upstream "server { listen 127.0.0.1:$upstream_port; location / { default_type application/json; client_body_buffer_size 64k; return 200 '{\"message\":\"Thank you for the message\"}'; } }"
upstream_master=$master
nginx_conf proxy "upstream app { server 127.0.0.1:$upstream_port; keepalive 64; }
    server { listen 127.0.0.1:$nginx_port; location / { proxy_pass http://app; proxy_http_version 1.1;
        proxy_set_header Connection \"\"; proxy_set_header Host \$host;
        proxy_set_header X-Forwarded-For \$remote_addr; proxy_set_header X-Forwarded-Proto http; } }"
proxy_master=$master

"$bin" http "127.0.0.1:$upstream_port" --listen "127.0.0.1:$hookscope_port" --db "$work/capture.sqlite" \
    --headless --web-addr off > "$work/hookscope.log" 2>&1 &
hookscope_pid=$!
pids+=($hookscope_pid)

# The same capture proxy without the store (hookscope_proxyonly counts and drops each capture):
# tells the proxy thread's share from the store's.
proxyonly_bin=$(dirname "$(dirname "$bin")")/bench/hookscope_proxyonly
if [ -x "$proxyonly_bin" ]; then
    "$proxyonly_bin" "127.0.0.1:$upstream_port" "127.0.0.1:$proxyonly_port" > "$work/proxyonly.log" 2>&1 &
    proxyonly_pid=$!
    pids+=($proxyonly_pid)
    wait_port "$proxyonly_port"
fi
wait_port "$upstream_port"; wait_port "$nginx_port"; wait_port "$hookscope_port"

# A Sentry-like issue webhook, padded to ~2 KB.
python3 - "$work/body.json" <<'PY'
import json, sys
payload = {"action": "resolved", "installation": {"uuid": "7a485448-a9e2-4c85-8a3c-4f44175783c9"},
           "data": {"issue": {"id": "1170820242", "title": "ZeroDivisionError: division by zero",
                              "culprit": "app/views.py in divide", "level": "error", "status": "resolved",
                              "metadata": {"filename": "app/views.py", "type": "ZeroDivisionError"},
                              "stacktrace": "x" * 1500}},
           "actor": {"type": "user", "id": 1, "name": "Jane"}}
open(sys.argv[1], "w").write(json.dumps(payload, separators=(",", ":")))
PY
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Sentry-Hook-Resource"] = "issue"
local f = io.open("$work/body.json", "rb"); wrk.body = f:read("*a"); f:close()
LUA

to_ms() { # wrk prints 812.00us, 1.20ms, 1.01s
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
# CPU time (in clock ticks) of processes and all their threads; per-request CPU does not depend
# on how busy the machine is, unlike requests/s.
ticks() { local t=0 p; for p in "$@"; do t=$(( t + $(sed 's/.*) //' "/proc/$p/stat" | awk '{ print $12 + $13 }') )); done; echo "$t"; }
# Per thread of one process: "name=ticks ..." (the main thread is "main").
thread_ticks() {
    local task name
    for task in /proc/"$1"/task/*; do
        name=$(sed 's/^[0-9]* (\(.*\)) .*/\1/' "$task/stat")
        [ "${task##*/}" = "$1" ] && name=main
        echo "$name $(sed 's/.*) //' "$task/stat" | awk '{ print $12 + $13 }')"
    done | awk '{ t[$1] += $2 } END { for (n in t) printf "%s=%d ", n, t[n] }'
}
hz=$(getconf CLK_TCK)
declare -A rps p50 p99 completed cpu_us
declare -A cpu_pids
declare -A thread_run_ticks # Hookscope's threads, summed over its runs only
declare -A catchup_ticks    # and over the indexing and checkpoint deferred until after each run
add_thread_ticks() { # $1 = ticks before, $2 = ticks after (thread_ticks lists), $3 = array to add to
    local entry name t_before
    local -n into=$3
    for entry in $2; do
        name=${entry%%=*}
        t_before=$(tr ' ' '\n' <<< "$1" | awk -F= -v n="$name" '$1 == n { print $2 }')
        into[$name]=$(( ${into[$name]:-0} + ${entry#*=} - ${t_before:-0} ))
    done
}
run() { # $1 = name, $2 = port
    local out before after threads_before
    [ "$1" = hookscope ] && threads_before=$(thread_ticks "$hookscope_pid")
    before=$(ticks ${cpu_pids[$1]})
    out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$work/post.lua" "http://127.0.0.1:$2/webhooks/sentry")
    after=$(ticks ${cpu_pids[$1]})
    [ "$1" = hookscope ] && add_thread_ticks "$threads_before" "$(thread_ticks "$hookscope_pid")" thread_run_ticks
    echo "$out" > "$work/$1.wrk"
    rps[$1]=$(awk '/^Requests\/sec:/ { print $2 }' <<< "$out")
    p50[$1]=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<< "$out")")
    p99[$1]=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<< "$out")")
    completed[$1]=$(awk '/requests in/ { print $1 }' <<< "$out")
    cpu_us[$1]=$(awk -v t=$(( after - before )) -v hz="$hz" -v n="${completed[$1]}" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
    if grep -q "Non-2xx" <<< "$out"; then echo "bench: $1 answered non-2xx: $(grep Non-2xx <<< "$out")" >&2; fi
}
echo "Each: wrk -t$threads -c$connections -d$duration, POST $(wc -c < "$work/body.json") B JSON, keep-alive; $(nproc) cores"
for port in "$upstream_port" "$nginx_port" "$hookscope_port" ${proxyonly_pid:+"$proxyonly_port"}; do # warm up
    wrk -t1 -c4 -d1s -s "$work/post.lua" "http://127.0.0.1:$port/webhooks/sentry" > /dev/null
done
sleep 0.5 # let the warm-up's captures reach the disk
before=$(sqlite3 "$work/capture.sqlite" "select count(*) from exchanges where status = 200")
# Whose CPU each run is charged: the upstream nginx for direct, the proxy otherwise.
cpu_pids[direct]="$upstream_master $(pgrep -P "$upstream_master" | tr '\n' ' ')"
cpu_pids[nginx]="$proxy_master $(pgrep -P "$proxy_master" | tr '\n' ' ')"
cpu_pids[hookscope]=$hookscope_pid
cpu_pids[proxy-only]=${proxyonly_pid:-}
run direct "$upstream_port"
hookscope_completed=0
ratios=()
p99ratios=()
# The store indexes captures for search in its idle time, after a burst, and then copies its
# write-ahead log back into the file: wait for both after every Hookscope run (so that they
# neither slow the next nginx run nor go uncounted) and charge them separately, so that deferred
# work is not mistaken for work saved.
catchup_secs=0
catch_up() {
    local before start
    before=$(thread_ticks "$hookscope_pid")
    start=$(date +%s.%N)
    for _ in $(seq 1200); do
        [ "$(sqlite3 "$work/capture.sqlite" "select (select indexed_up_to from search_state) >= (select max(id) from exchanges)")" = 1 ] && break
        sleep 0.1
    done
    # Then until the checkpoint is over: its thread back in its wait (futex, syscall 202), not
    # syncing or copying, and the process idle (a sync uses no CPU, so ticks alone cannot tell).
    local ckpt idle_before=-1 idle_now
    ckpt=$(grep -l '^hookscope-ckpt$' /proc/"$hookscope_pid"/task/*/comm | head -1)
    for _ in $(seq 600); do
        idle_now=$(ticks "$hookscope_pid")
        if [ "$idle_now" -le $(( idle_before + 1 )) ] && { [ -z "$ckpt" ] || grep -q '^202 ' "${ckpt%/comm}/syscall"; }; then
            break
        fi
        idle_before=$idle_now
        sleep 0.3
    done
    catchup_secs=$(awk -v a="$start" -v b="$(date +%s.%N)" -v s="$catchup_secs" 'BEGIN { printf "%.1f", s + b - a }')
    add_thread_ticks "$before" "$(thread_ticks "$hookscope_pid")" catchup_ticks
}
for round in $(seq "$rounds"); do
    run nginx "$nginx_port"
    run hookscope "$hookscope_port"
    catch_up
    if [ -n "${proxyonly_pid:-}" ]; then run proxy-only "$proxyonly_port"; fi
    hookscope_completed=$(( hookscope_completed + completed[hookscope] ))
    ratios+=("$(awk -v h="${rps[hookscope]}" -v n="${rps[nginx]}" 'BEGIN { printf "%.2f", h / n }')")
    p99ratios+=("$(awk -v h="${p99[hookscope]}" -v n="${p99[nginx]}" 'BEGIN { printf "%.2f", h / n }')")
    if [ "$rounds" -gt 1 ]; then
        printf 'round %d: nginx %s req/s p99 %s ms %s us/req | hookscope %s req/s p99 %s ms %s us/req | ratio %s, p99 ratio %s | proxy-only %s req/s p99 %s ms (load %s)\n' \
            "$round" "${rps[nginx]}" "${p99[nginx]}" "${cpu_us[nginx]}" "${rps[hookscope]}" "${p99[hookscope]}" \
            "${cpu_us[hookscope]}" "${ratios[-1]}" "${p99ratios[-1]}" "${rps[proxy-only]:--}" "${p99[proxy-only]:--}" \
            "$(cut -d' ' -f1 /proc/loadavg)"
    fi
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

kill -TERM "$hookscope_pid"
wait "$hookscope_pid" || { echo "bench: hookscope exited with $?" >&2; exit 1; }
captured=$(sqlite3 "$work/capture.sqlite" "select count(*) from exchanges where status = 200")
captured=$((captured - before))

[ "$rounds" -gt 1 ] && echo && echo "last round:"
printf '\n%-10s %12s %10s %10s %14s\n' target "requests/s" "p50 ms" "p99 ms" "CPU us/req"
for t in direct nginx hookscope proxy-only; do [ -n "${rps[$t]:-}" ] || continue; printf '%-10s %12s %10s %10s %14s\n' "$t" "${rps[$t]}" "${p50[$t]}" "${p99[$t]}" "${cpu_us[$t]}"; done
echo "(proxy-only: Hookscope's proxy with captures dropped, not stored. CPU us/req: the upstream nginx for direct, the proxy process otherwise; load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
per_request() { # $1 = array of ticks by thread name → " name us/req ..."
    local -n ticks_of=$1
    local name
    for name in "${!ticks_of[@]}"; do
        awk -v n="$name" -v t="${ticks_of[$name]}" -v hz="$hz" -v c="$hookscope_completed" 'BEGIN { printf " %s %.1f", n, t * 1e6 / hz / c }'
    done
}
echo "hookscope CPU us/req by thread, during its runs:$(per_request thread_run_ticks)"
echo "then the search indexing and checkpoint deferred ($catchup_secs s in all):$(per_request catchup_ticks)"
ratio=$(median "${ratios[@]}")
p99ratio=$(median "${p99ratios[@]}")
[ "$rounds" -gt 1 ] && which="median of $rounds rounds: " || which=""
echo
echo "hookscope/nginx requests/s: $which$ratio (target >= 0.70)"
echo "hookscope/nginx p99:        $which$p99ratio (target <= 2.00)"
echo "captured with status 200:   $captured of $hookscope_completed completed by wrk (+ up to $connections in flight at the end)"
lost=$(( hookscope_completed > captured ? hookscope_completed - captured : 0 ))
echo "lost:                       $lost"
[ "$lost" -eq 0 ] || exit 1

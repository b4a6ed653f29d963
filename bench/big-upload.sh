#!/usr/bin/env bash
# A large streamed upload through the real `hookscope http --headless` (proxy + store in one
# process), with that process's peak memory. The client generates the body as it sends it and
# the upstream hashes it without keeping it, so only Hookscope could hold it whole.
# Reports the throughput, Hookscope's peak RSS (VmHWM), and what the store kept: the first
# --max-body-size bytes, the truncated flag and the full size.
# Usage: bench/big-upload.sh   (env: SIZE_MIB=1024 CHUNKED=0 MAX_RSS_MIB=100 HOOKSCOPE=path)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bin=${HOOKSCOPE:-$root/build/default/app/hookscope}
size_mib=${SIZE_MIB:-1024}
chunked=${CHUNKED:-0}
max_rss_mib=${MAX_RSS_MIB:-100}
source "$here/lib.sh"
require_tools sqlite3 python3

upstream_port=$(free_port); hookscope_port=$(free_port)

# The upstream reads the whole body (counting and hashing it) before it answers, as an app that
# stores uploads would; nginx's `return` answers early and would cut the upload short.
python3 - "$upstream_port" > "$work/upstream.log" 2>&1 <<'PY' &
import hashlib, socket, sys
server = socket.create_server(("127.0.0.1", int(sys.argv[1])))
while True:
    conn, _ = server.accept()
    buf = b""
    while b"\r\n\r\n" not in buf:
        piece = conn.recv(65536)
        if not piece:
            break
        buf += piece
    if b"\r\n\r\n" not in buf:  # a port probe
        conn.close()
        continue
    head, buf = buf.split(b"\r\n\r\n", 1)
    fields = {k.strip().lower(): v.strip() for k, _, v in (l.partition(b":") for l in head.split(b"\r\n")[1:])}
    digest, size = hashlib.sha256(), 0
    def more():
        global buf
        piece = conn.recv(1 << 20)
        if not piece:
            raise EOFError
        buf += piece
    if b"content-length" in fields:
        left = int(fields[b"content-length"])
        while left:
            if not buf:
                more()
            take = buf[:left]
            buf = buf[len(take):]
            digest.update(take); size += len(take); left -= len(take)
    else:  # chunked
        while True:
            while b"\r\n" not in buf:
                more()
            line, buf = buf.split(b"\r\n", 1)
            n = int(line.split(b";")[0], 16)
            if n == 0:
                while not buf.startswith(b"\r\n") and b"\r\n\r\n" not in buf:
                    more()
                break
            while len(buf) < n + 2:
                more()
            digest.update(buf[:n]); size += n; buf = buf[n + 2:]
    body = b'{"received":%d,"sha256":"%s"}' % (size, digest.hexdigest().encode())
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
    conn.close()
PY
pids+=($!)

"$bin" http "127.0.0.1:$upstream_port" --listen "127.0.0.1:$hookscope_port" --db "$work/capture.sqlite" \
    --headless --web-addr off > "$work/hookscope.log" 2>&1 &
hookscope_pid=$!
pids+=($hookscope_pid)

wait_port "$upstream_port"; wait_port "$hookscope_port"

hwm_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$hookscope_pid/status"; }
echo "hookscope before the upload: VmHWM $(( $(hwm_kib) / 1024 )) MiB; load: $(uptime | sed 's/.*load average: //')"

python3 - "$hookscope_port" "$size_mib" "$chunked" <<'PY'
import hashlib, json, socket, sys, time
port, mib, chunked = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
total = mib * 1024 * 1024
block = bytes((i * 131 + 7) & 0xFF for i in range(1024 * 1024))
sent = hashlib.sha256()
s = socket.create_connection(("127.0.0.1", port))
framing = b"Transfer-Encoding: chunked\r\n" if chunked else b"Content-Length: %d\r\n" % total
start = time.monotonic()
s.sendall(b"POST /upload HTTP/1.1\r\nHost: bench\r\nContent-Type: application/octet-stream\r\n" + framing + b"\r\n")
for _ in range(mib):
    s.sendall(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
    sent.update(block)
if chunked:
    s.sendall(b"0\r\n\r\n")
response = b""
while b"\r\n\r\n" not in response:
    response += s.recv(65536) or b"\r\n\r\n"
head, _, body = response.partition(b"\r\n\r\n")
length = next((int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")), 0)
while len(body) < length:
    piece = s.recv(65536)
    if not piece:
        break
    body += piece
seconds = time.monotonic() - start
status = head.split(b"\r\n", 1)[0].decode(errors="replace")
print(f"upload:   {mib} MiB{' chunked' if chunked else ''} in {seconds:.2f} s = {mib / seconds:.0f} MiB/s; response: {status}")
got = json.loads(body) if status.split()[1:2] == ["200"] else {}
intact = got.get("received") == total and got.get("sha256") == sent.hexdigest()
print(f"upstream: {'received every byte (SHA-256 matches)' if intact else 'MISMATCH: ' + body.decode(errors='replace')}")
sys.exit(0 if intact else 1)
PY

# The capture must be on disk within 100 ms of the response; give a loaded machine some slack.
for _ in $(seq 50); do
    [ "$(sqlite3 "$work/capture.sqlite" "select count(*) from exchanges" 2>/dev/null || echo 0)" -ge 1 ] && break
    sleep 0.1
done
hwm=$(hwm_kib)
kill -TERM "$hookscope_pid"
wait "$hookscope_pid" || { echo "bench: hookscope exited with $?" >&2; exit 1; }

IFS='|' read -r status req_size req_trunc kept < <(sqlite3 "$work/capture.sqlite" \
    "select status, request_size, request_truncated, length(b.request) from exchanges e join bodies b on b.exchange_id = e.id")
echo "captured: status $status, request_size $req_size, truncated $req_trunc, body kept $kept bytes"
echo "hookscope peak RSS (VmHWM): $(( hwm / 1024 )) MiB (limit $max_rss_mib MiB)"
ok=1
[ "$status" = 200 ] || { echo "bench: the capture's status is '$status', not 200" >&2; ok=0; }
[ "$req_size" = $(( size_mib * 1024 * 1024 )) ] || { echo "bench: the capture's full size is $req_size" >&2; ok=0; }
[ "$req_trunc" = 1 ] || { echo "bench: the capture is not marked truncated" >&2; ok=0; }
[ $(( hwm / 1024 )) -lt "$max_rss_mib" ] || { echo "bench: peak RSS above $max_rss_mib MiB" >&2; ok=0; }
[ "$ok" = 1 ]

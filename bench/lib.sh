# Shared by the bench scripts that run `hookscope` next to helper processes. Source it after
# setting `bin`; it gives a work directory removed on exit (KEEP=1 keeps it), `pids` whose
# processes are killed on exit, and helpers.

# require_tools TOOL…: stop with a hint when one is missing, or when hookscope is not built.
require_tools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "bench: '$tool' is missing (run packaging/install-deps.sh)" >&2; exit 1; }
    done
    [ -x "$bin" ] || { echo "bench: $bin is not built (cmake --workflow --preset default)" >&2; exit 1; }
}

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# A port nothing listens on now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wait_port PORT: until something accepts connections on it (5 s at most).
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; echo "bench: nothing listens on $1" >&2; exit 1; }

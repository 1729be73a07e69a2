#!/usr/bin/env bash
# The delaying proxy (gleaner-netem) on loopback: throughput with no delay next to a direct
# connection in the same run, the proxy's CPU per GB, and the round trip of 1-byte messages
# through it with DELAY_MS each way (default 25, so 50 ms expected) next to the direct one.
#   GLEANER_BIN=DIR   use the gleaner-netem binary in DIR instead of building one
#   BYTES=N           bytes per throughput pass (default 2 GiB)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${GLEANER_BIN:-}" ]; then swift build -c release --product gleaner-netem >/dev/null; fi
bin=${GLEANER_BIN:-.build/release}
python3 - "$bin/gleaner-netem" "${DELAY_MS:-25}" "${BYTES:-2147483648}" <<'PY'
import os, socket, statistics, subprocess, sys, threading, time
netem, delay_ms, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ticks = os.sysconf("SC_CLK_TCK")

def server(mode):
    """A loopback server: 'sink' reads everything, 'echo' returns every byte."""
    s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
    def serve():
        while True:
            try: c, _ = s.accept()
            except OSError: return
            c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            def one(c=c):
                buf = bytearray(1 << 20)
                try:
                    while True:
                        n = c.recv_into(buf)
                        if n == 0: break
                        if mode == "echo": c.sendall(buf[:n])
                except OSError:
                    pass  # the proxy reset the connection as it stopped
                c.close()
            threading.Thread(target=one, daemon=True).start()
    threading.Thread(target=serve, daemon=True).start()
    return s.getsockname()[1]

def proxy(target, delay):
    p = subprocess.Popen([netem, "--forward", f"127.0.0.1:0=127.0.0.1:{target}", "--delay-ms", str(delay)],
                         stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline()  # gleaner-netem: forwarding 127.0.0.1:PORT → 127.0.0.1:T (…)
    return p, int(line.split("forwarding 127.0.0.1:")[1].split(" ")[0])

def cpu(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / ticks

def push(port):
    c = socket.create_connection(("127.0.0.1", port)); chunk = b"\x5a" * (1 << 20); sent = 0
    t = time.monotonic()
    while sent < total: c.sendall(chunk); sent += len(chunk)
    c.shutdown(socket.SHUT_WR); c.recv(1); c.close()  # returns once the sink has read everything
    return sent / (time.monotonic() - t) / 1e6

def rtts(port, n=30):
    c = socket.create_connection(("127.0.0.1", port)); c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    out = []
    for _ in range(n):
        t = time.monotonic(); c.sendall(b"x"); c.recv(1); out.append((time.monotonic() - t) * 1000)
    c.close()
    return out

sink = server("sink")
p, port = proxy(sink, 0)
before = cpu(p.pid)
direct = push(sink); through = push(port)
used = cpu(p.pid) - before
print(f"throughput, {total / 2**30:.1f} GiB one way: direct {direct:,.0f} MB/s, through gleaner-netem (no delay) "
      f"{through:,.0f} MB/s (ratio {through / direct:.2f}); proxy CPU {used:.2f} s = {used / (total / 1e9):.2f} s per GB")
p.terminate(); print(p.communicate()[0].strip())

echo = server("echo")
p, port = proxy(echo, delay_ms)
d = rtts(echo); r = rtts(port)
print(f"round trip of 1 byte, {len(r)} samples: direct median {statistics.median(d):.2f} ms; through gleaner-netem "
      f"--delay-ms {delay_ms}: median {statistics.median(r):.2f} ms, min {min(r):.2f}, max {max(r):.2f} "
      f"(expected {2 * delay_ms} ms + the direct time)")
p.terminate(); print(p.communicate()[0].strip())
PY

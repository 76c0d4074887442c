#!/usr/bin/env python3
"""The HTTP frontend's costs on the seeded example county, against baselines measured in the same run.

  1. API latency under 50 concurrent clients (wrk, 2 threads, 10 s each): a plain Hummingbird "hello"
     route (http-hello), the daemon's /healthz (the same framework plus PlaceHTTP's middleware), a
     project's JSON, the project list, and the community report — p50 and p99.
  2. Server-sent events fan-out: 100 subscribers; per change, the delay from the API write returning
     to each subscriber reading its `document` event, from the moment the write is sent (the write's
     own time included) — p50 and p99 over 20 changes.
  3. The daemon's resident memory (VmRSS): idle with the frontend on, idle with it off, and with 100
     event streams open.

Build first (release), from the repository root and from Benchmarks/:
    swift build -c release --product placesyncd --product placesync
    (cd Benchmarks && swift build -c release --product http-hello)
Then: python3 Benchmarks/http_report.py [--scale 1.0]     (needs Debian's wrk)
"""
import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(ROOT, ".build", "release")
HELLO = os.path.join(ROOT, "Benchmarks", ".build", "release", "http-hello")


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def start_daemon(node, web=True):
    process = subprocess.Popen(
        [os.path.join(RELEASE, "placesyncd"), "--data-dir", node, "--listen", "", "--log-level", "error",
         "--http", "127.0.0.1:0" if web else ""], stdout=subprocess.PIPE, text=True)
    process.stdout.readline()
    url = None
    if web:
        url = re.search(r"web (http://\S+)/", process.stdout.readline()).group(1)
    return process, url


def wrk(url, headers, seconds=10, connections=50):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    for header in headers:
        command[1:1] = ["-H", header]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    def latency(label):
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    requests = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return latency("50%"), latency("99%"), requests, int(non2xx.group(1)) if non2xx else 0


def api(url, token, path, method="GET", body=None):
    request = urllib.request.Request(url + path, method=method, headers={"Authorization": "Bearer " + token})
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


class Subscriber(threading.Thread):
    """One event stream on its own socket; records when each `document` event arrives."""

    def __init__(self, port, token):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(f"GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n".encode())
        self.arrivals = []
        self.ready = threading.Event()

    def run(self):
        buffer = b""
        while True:
            try:
                chunk = self.sock.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            now = time.perf_counter()
            if b"retry:" in chunk:
                self.ready.set()
            buffer += chunk
            while b"event: document" in buffer:
                self.arrivals.append(now)
                buffer = buffer[buffer.index(b"event: document") + 15:]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    arguments = parser.parse_args()
    work = tempfile.mkdtemp(prefix="placesync-http-report-")
    node = os.path.join(work, "node")
    cli = os.path.join(RELEASE, "placesync")
    subprocess.run([cli, "init", "--data-dir", node], check=True, capture_output=True)
    space = subprocess.run([cli, "create-space", "--data-dir", node, "Example county"], check=True,
                           capture_output=True, text=True).stdout.strip()
    subprocess.run([cli, "example-county", "--data-dir", node, "--scale", str(arguments.scale)], check=True,
                   capture_output=True)
    token = open(os.path.join(node, "http.token")).read().strip() if os.path.exists(os.path.join(node, "http.token")) else None

    plain, _ = start_daemon(node, web=False)
    time.sleep(3)
    rss_off = rss_mib(plain.pid)
    plain.terminate(); plain.wait()

    daemon, url = start_daemon(node)
    token = open(os.path.join(node, "http.token")).read().strip()
    port = int(url.rsplit(":", 1)[1])
    time.sleep(3)
    rss_idle = rss_mib(daemon.pid)
    hello = subprocess.Popen([HELLO, "0"], stdout=subprocess.PIPE, text=True)
    hello_port = int(hello.stdout.readline().split()[-1])
    projects = api(url, token, f"/v1/spaces/{space}/projects?limit=500")["items"]
    project = projects[len(projects) // 2]["id"]
    auth = [f"Authorization: Bearer {token}"]
    rows = []
    for name, target, headers in [
        ("Hummingbird hello (baseline)", f"http://127.0.0.1:{hello_port}/hello", []),
        ("daemon /healthz", f"{url}/healthz", []),
        ("project JSON", f"{url}/v1/spaces/{space}/projects/{project}", auth),
        ("project list (100)", f"{url}/v1/spaces/{space}/projects", auth),
        ("community report", f"{url}/v1/spaces/{space}/report", auth),
    ]:
        # One request first: whole-space reads are computed once per replica state (the report's cold
        # computation is qi-report's number); wrk then measures the steady state.
        warm = urllib.request.Request(target, headers=dict(h.split(": ", 1) for h in headers))
        urllib.request.urlopen(warm, timeout=60).read()
        p50, p99, rate, bad = wrk(target, headers)
        rows.append((name, p50, p99, rate, bad))
    hello.terminate(); hello.wait()
    daemon.terminate(); daemon.wait()

    # A fresh daemon for the event streams, so its memory is not what the load above left behind.
    daemon, url = start_daemon(node)
    port = int(url.rsplit(":", 1)[1])
    time.sleep(2)
    subscribers = [Subscriber(port, token) for _ in range(100)]
    for subscriber in subscribers:
        subscriber.start()
    for subscriber in subscribers:
        subscriber.ready.wait(10)
    time.sleep(1)
    rss_streams = rss_mib(daemon.pid)
    delays = []
    for index in range(20):
        before = [len(s.arrivals) for s in subscribers]
        sent = time.perf_counter()
        api(url, token, f"/v1/spaces/{space}/notes", "POST", {"title": f"Fan-out {index}"})
        deadline = time.time() + 5
        while time.time() < deadline and any(len(s.arrivals) <= b for s, b in zip(subscribers, before)):
            time.sleep(0.002)
        for subscriber, count in zip(subscribers, before):
            if len(subscriber.arrivals) > count:
                delays.append(max(0.0, (subscriber.arrivals[count] - sent) * 1000))
        time.sleep(0.2)
    received = len(delays)
    daemon.terminate(); daemon.wait()

    print(f"# HTTP frontend report (example county at scale {arguments.scale}, release build, loopback, 2 cores)\n")
    print("## API latency, 50 concurrent clients (wrk -t2 -c50 -d10s)\n")
    print("| route | p50 ms | p99 ms | requests/s | non-2xx | p99 vs hello |")
    print("|---|---|---|---|---|---|")
    base = rows[0][2]
    for name, p50, p99, rate, bad in rows:
        print(f"| {name} | {p50:.2f} | {p99:.2f} | {rate:,.0f} | {bad} | {p99 / base:.1f}× |")
    print("\n## Server-sent events fan-out: 100 subscribers, 20 changes\n")
    quantiles = statistics.quantiles(delays, n=100) if len(delays) > 1 else [float("nan")] * 99
    print(f"delivered {received} of 2000; delay from sending the write (its own time included): p50 {statistics.median(delays):.1f} ms, "
          f"p99 {quantiles[98]:.1f} ms, max {max(delays):.1f} ms")
    print("\n## Daemon memory (VmRSS)\n")
    print(f"| state | MiB |\n|---|---|\n| idle, HTTP off | {rss_off:.1f} |\n| idle, HTTP on | {rss_idle:.1f} |\n"
          f"| 100 event streams open | {rss_streams:.1f} |")


if __name__ == "__main__":
    main()

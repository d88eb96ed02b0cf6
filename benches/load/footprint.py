#!/usr/bin/env python3
"""Start-up time, idle memory, and memory with 100,000 users holding one access key each.

usage: footprint.py PATH_TO_LOCALIAM_BINARY
Start-up is measured from process spawn to the first answered IAM request (ListUsers), polling
with a raw socket so that no client start-up is counted. Memory is VmRSS from /proc.
"""
import http.client, multiprocessing, socket, subprocess, sys, time

binary = sys.argv[1]
port = 4620
body = b"Action=ListUsers&Version=2010-05-08"
req = (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
       b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))

def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")

def first_answer():
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(req)
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            time.sleep(0.0002)

def populate(worker, users=25_000):
    """Creates `users` users, each with one access key, over one keep-alive connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    for i in range(users):
        for action in ("CreateUser", "CreateAccessKey"):
            conn.request("POST", "/", f"Action={action}&Version=2010-05-08&UserName=u{worker}-{i}", headers)
            r = conn.getresponse(); r.read()
            assert r.status == 200, (action, r.status)

starts = []
for _ in range(5):
    t0 = time.perf_counter()
    p = subprocess.Popen([binary, "--port", str(port), "--log-level", "warn", "--no-entity-quotas"])
    first_answer()
    starts.append((time.perf_counter() - t0) * 1000)
    idle = rss_mb(p.pid)
    p.terminate(); p.wait()
print(f"start to first answered request: median {sorted(starts)[2]:.1f} ms (runs: {', '.join(f'{s:.1f}' for s in starts)})")
print(f"idle RSS after first request: {idle:.1f} MB")

p = subprocess.Popen([binary, "--port", str(port), "--log-level", "warn", "--no-entity-quotas"])
first_answer()
t0 = time.perf_counter()
with multiprocessing.Pool(4) as pool:
    pool.map(populate, range(4))
elapsed = time.perf_counter() - t0
count = subprocess.run(["curl", "-s", "-d", "Action=ListUsers&MaxItems=1000", f"http://127.0.0.1:{port}/"], capture_output=True).stdout.count(b"<member>")
print(f"100,000 users with one access key each: RSS {rss_mb(p.pid):.1f} MB (populated in {elapsed:.1f} s; first page has {count} users)")
p.terminate(); p.wait()

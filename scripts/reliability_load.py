#!/usr/bin/env python3
"""Load for the fault script (R4), against a Merit with demo data. Standard library only.

  reliability_load.py watch BASE SECONDS OUT
      Signs in, then reads /api/v1/competitions with 4 workers for SECONDS, writing one line per
      request to OUT: start end status (monotonic clock seconds, as `date +%s.%N` cannot give).
  reliability_load.py uploads BASE COUNT
      Signs in as the demo sponsor to raise the daily limit, then as Alice enrolls and uploads
      COUNT valid prediction files, 8 at a time, printing each acknowledged submission id as soon
      as its 201 arrives (flushed), until done or the server goes away.
  reliability_load.py now
      Prints the monotonic clock (for the shell script to mark events on the same scale).
"""

import http.client
import json
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor


def request(base, method, path, body=None, headers=None, timeout=30):
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    except (OSError, http.client.HTTPException):
        return 0, {}, b""
    finally:
        conn.close()


def sign_in(base, email):
    for _ in range(40):
        status, headers, _ = request(
            base,
            "POST",
            "/api/v1/auth/login",
            json.dumps({"email": email, "password": "merit-demo"}),
            {"Content-Type": "application/json"},
        )
        if status == 200:
            return headers.get("Set-Cookie", "").split(";")[0]
        time.sleep(0.5)
    raise SystemExit(f"could not sign in as {email}")


def watch(base, seconds, out):
    cookie = sign_in(base, "employee@demo.test")
    lines, lock = [], threading.Lock()
    stop = time.monotonic() + seconds

    def worker():
        while time.monotonic() < stop:
            start = time.monotonic()
            status, _, _ = request(base, "GET", "/api/v1/competitions", headers={"Cookie": cookie})
            with lock:
                lines.append(f"{start:.3f} {time.monotonic():.3f} {status}")
            if status != 200:
                time.sleep(0.05)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


def uploads(base, count):
    sponsor = sign_in(base, "manager@demo.test")
    status, _, body = request(base, "GET", "/api/v1/competitions?status=active", headers={"Cookie": sponsor})
    competition = json.loads(body)["items"][0]
    cid = competition["id"]
    request(base, "PATCH", f"/api/v1/competitions/{cid}", json.dumps({"dailySubmissionLimit": 100}),
            {"Cookie": sponsor, "Content-Type": "application/json"})
    alice = sign_in(base, "alice@demo.test")
    request(base, "POST", f"/api/v1/competitions/{cid}/enroll", b"{}",
            {"Cookie": alice, "Content-Type": "application/json"})
    _, _, sample = request(base, "GET", f"/api/v1/competitions/{cid}/sample-submission.csv",
                           headers={"Cookie": alice})
    rows = sample.decode().strip().split("\n")

    def one(i):
        lines = [rows[0]] + [f"{r.split(',')[0]},{((j * 7919 + i) % 1000) / 1000}" for j, r in enumerate(rows[1:])]
        csv = ("\n".join(lines) + "\n").encode()
        body = (
            b"--merit-r4\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n\r\n"
            + csv + b"\r\n--merit-r4--\r\n"
        )
        status, _, answer = request(base, "POST", f"/api/v1/competitions/{cid}/submissions", body,
                                    {"Cookie": alice, "Content-Type": "multipart/form-data; boundary=merit-r4"})
        if status == 201:
            print(json.loads(answer)["id"], flush=True)

    print("# uploading", flush=True)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(count)))


def main():
    if sys.argv[1] == "watch":
        watch(sys.argv[2], float(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "uploads":
        uploads(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "now":
        print(f"{time.monotonic():.3f}")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()

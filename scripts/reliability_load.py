#!/usr/bin/env python3
"""Load for the fault script (R4) and the cluster test (R6), against a Merit with demo data.
Standard library only.

  reliability_load.py watch BASE SECONDS OUT
      Signs in, then reads /api/v1/competitions with 4 workers for SECONDS, writing one line per
      request to OUT: start end status (monotonic clock seconds, as `date +%s.%N` cannot give).
  reliability_load.py uploads BASE COUNT
      Signs in as the demo sponsor to raise the daily limit, then as Alice enrolls and uploads
      COUNT valid prediction files, 8 at a time, printing each acknowledged submission id as soon
      as its 201 arrives (flushed), until done or the server goes away.
  reliability_load.py throttle BASE EMAIL COUNT
      Sends COUNT sign-ins for EMAIL with a wrong password, all at once, and prints how many got
      each status as JSON ({"401": 5, "429": 25}).
  reliability_load.py daily BASE EMAIL LIMIT COUNT
      As the demo sponsor sets the active competition's daily limit to LIMIT, then as EMAIL
      enrolls and sends COUNT valid uploads at once; prints the statuses as JSON.
  reliability_load.py rescore BASE
      As the demo sponsor uploads the active competition's current answer key again (a new
      version, so every stored submission is rescored in the background), waits until the job
      is done, and prints {"version": …, "status": …, "total": …, "done": …} as JSON.
  reliability_load.py now
      Prints the monotonic clock (for the shell script to mark events on the same scale).
"""

import collections
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


def active_competition(base, limit):
    """The demo sponsor's active competition, with its daily limit set to `limit`."""
    sponsor = sign_in(base, "manager@demo.test")
    _, _, body = request(base, "GET", "/api/v1/competitions?status=active", headers={"Cookie": sponsor})
    competition = json.loads(body)["items"][0]
    cid = competition["id"]
    status, _, _ = request(base, "PATCH", f"/api/v1/competitions/{cid}",
                           json.dumps({"dailySubmissionLimit": limit}),
                           {"Cookie": sponsor, "Content-Type": "application/json"})
    if status != 200:
        raise SystemExit(f"setting the daily limit answered {status}")
    return cid, sponsor


def participant(base, cid, email):
    """Signs EMAIL in and enrolls them; returns their cookie and the sample file's rows."""
    cookie = sign_in(base, email)
    request(base, "POST", f"/api/v1/competitions/{cid}/enroll", b"{}",
            {"Cookie": cookie, "Content-Type": "application/json"})
    _, _, sample = request(base, "GET", f"/api/v1/competitions/{cid}/sample-submission.csv",
                           headers={"Cookie": cookie})
    return cookie, sample.decode().strip().split("\n")


def multipart(data):
    body = (
        b"--merit-r4\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n\r\n"
        + data + b"\r\n--merit-r4--\r\n"
    )
    return body, "multipart/form-data; boundary=merit-r4"


def prediction(rows, i):
    lines = [rows[0]] + [f"{r.split(',')[0]},{((j * 7919 + i) % 1000) / 1000}" for j, r in enumerate(rows[1:])]
    return ("\n".join(lines) + "\n").encode()


def upload(base, cid, cookie, rows, i):
    body, content_type = multipart(prediction(rows, i))
    return request(base, "POST", f"/api/v1/competitions/{cid}/submissions", body,
                   {"Cookie": cookie, "Content-Type": content_type})


def uploads(base, count):
    cid, _ = active_competition(base, 100)
    alice, rows = participant(base, cid, "alice@demo.test")

    def one(i):
        status, _, answer = upload(base, cid, alice, rows, i)
        if status == 201:
            print(json.loads(answer)["id"], flush=True)

    print("# uploading", flush=True)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(count)))


def all_at_once(count, call):
    """Runs `call(i)` COUNT times in as many threads, released together; counts the statuses."""
    barrier = threading.Barrier(count)

    def one(i):
        barrier.wait()
        return call(i)

    with ThreadPoolExecutor(count) as pool:
        statuses = list(pool.map(one, range(count)))
    return dict(sorted(collections.Counter(str(s) for s in statuses).items()))


def throttle(base, email, count):
    body = json.dumps({"email": email, "password": "not-the-password"})
    headers = {"Content-Type": "application/json"}
    print(json.dumps(all_at_once(count, lambda _: request(base, "POST", "/api/v1/auth/login", body, headers)[0])))


def daily(base, email, limit, count):
    cid, _ = active_competition(base, limit)
    cookie, rows = participant(base, cid, email)
    print(json.dumps(all_at_once(count, lambda i: upload(base, cid, cookie, rows, i)[0])))


def rescore(base):
    sponsor = sign_in(base, "manager@demo.test")
    _, _, body = request(base, "GET", "/api/v1/competitions?status=active", headers={"Cookie": sponsor})
    competition = json.loads(body)["items"][0]
    cid, version = competition["id"], competition["answerKeyVersion"]
    status, _, key = request(base, "GET", f"/api/v1/competitions/{cid}/answer-key/versions/{version}/file",
                             headers={"Cookie": sponsor})
    if status != 200:
        raise SystemExit(f"downloading the answer key answered {status}")
    body, content_type = multipart(key)
    status, _, answer = request(base, "PUT", f"/api/v1/competitions/{cid}/answer-key", body,
                                {"Cookie": sponsor, "Content-Type": content_type})
    if status != 200:
        raise SystemExit(f"uploading the answer key answered {status}: {answer[:300]!r}")
    version = json.loads(answer)["version"]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        _, _, answer = request(base, "GET", f"/api/v1/competitions/{cid}/rescoring", headers={"Cookie": sponsor})
        job = json.loads(answer or b"{}")
        if job.get("version") == version and job.get("status") == "done":
            break
        time.sleep(0.5)
    print(json.dumps({"competition": cid, "version": version, "status": job.get("status"),
                      "total": job.get("total"), "done": job.get("done")}))


def main():
    if sys.argv[1] == "watch":
        watch(sys.argv[2], float(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "uploads":
        uploads(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "throttle":
        throttle(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif sys.argv[1] == "daily":
        daily(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    elif sys.argv[1] == "rescore":
        rescore(sys.argv[2])
    elif sys.argv[1] == "now":
        print(f"{time.monotonic():.3f}")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""R5, memory under abuse: drives a running Merit (demo data, MERIT_TRUST_PROXY=1) with
2,000 failed sign-ins, 100 oversized uploads and 100 files with a 20 MB header of commas,
printing the server's resident memory before, after and at its peak.

Usage: reliability_memory.py BASE_URL SERVER_PID [--limit-mib 300]
Exit status 1 when the peak passes the limit. Loopback only; standard library only.
"""

import argparse
import http.client
import json
import socket
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

MIB = 1024 * 1024


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise SystemExit(f"no {field} for process {pid}")


def connection(base):
    url = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(url.hostname, url.port, timeout=120)


def request(base, method, path, body=None, headers=None, chunked=False):
    conn = connection(base)
    try:
        conn.request(method, path, body=body, headers=headers or {}, encode_chunked=chunked)
        response = conn.getresponse()
        data = response.read()
        return response.status, response.headers, data
    except (ConnectionError, http.client.HTTPException):
        # The server may close an oversized upload early; that is a refusal too.
        return 0, {}, b""
    finally:
        conn.close()


def address(i):
    return f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"


def failed_sign_ins(base, count, workers):
    statuses = {}
    lock = threading.Lock()

    def one(i):
        body = json.dumps({"email": f"nobody{i}@example.test", "password": "wrong"})
        status, _, _ = request(
            base,
            "POST",
            "/api/v1/auth/login",
            body,
            {"Content-Type": "application/json", "X-Forwarded-For": address(i + 1)},
        )
        with lock:
            statuses[status] = statuses.get(status, 0) + 1

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, range(count)))
    return statuses


def sign_in(base, email):
    status, headers, body = request(
        base,
        "POST",
        "/api/v1/auth/login",
        json.dumps({"email": email, "password": "merit-demo"}),
        {"Content-Type": "application/json", "X-Forwarded-For": "10.250.0.1"},
    )
    if status != 200:
        raise SystemExit(f"sign-in as {email} failed: {status} {body[:200]!r}")
    cookie = headers.get("Set-Cookie", "").split(";")[0]
    return cookie


HEAD = (
    b"--merit-r5\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n"
    b"Content-Type: text/csv\r\n\r\n"
)
TAIL = b"\r\n--merit-r5--\r\n"


def uploads(base, cookie, path, count, workers, make_body):
    statuses = {}
    lock = threading.Lock()

    def one(i):
        body, headers, chunked = make_body(i)
        headers = dict(headers)
        headers["Cookie"] = cookie
        headers["Content-Type"] = "multipart/form-data; boundary=merit-r5"
        status, _, _ = request(base, "POST", path, body, headers, chunked)
        with lock:
            statuses[status] = statuses.get(status, 0) + 1

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, range(count)))
    return statuses


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("pid", type=int)
    parser.add_argument("--limit-mib", type=float, default=300)
    parser.add_argument("--sign-ins", type=int, default=2000)
    args = parser.parse_args()
    base, pid = args.base.rstrip("/"), args.pid

    before = rss_kib(pid)
    print(f"RSS before:                 {before / 1024:7.1f} MiB")
    started = time.monotonic()
    statuses = failed_sign_ins(base, args.sign_ins, 40)
    print(
        f"{args.sign_ins} failed sign-ins (40 at a time): {statuses} in "
        f"{time.monotonic() - started:.1f} s; RSS {rss_kib(pid) / 1024:.1f} MiB"
    )

    cookie = sign_in(base, "alice@demo.test")
    status, _, body = request(base, "GET", "/api/v1/competitions?status=active", headers={"Cookie": cookie})
    competition = json.loads(body)["items"][0]["id"]
    request(base, "POST", f"/api/v1/competitions/{competition}/enroll", b"{}",
            {"Cookie": cookie, "Content-Type": "application/json"})
    path = f"/api/v1/competitions/{competition}/submissions"

    def oversized(i):
        """Announces 60 MB (or sends chunked, with no length), then reads the answer: the server
        must refuse before the body is sent, so the body never is."""
        url = urllib.parse.urlsplit(base)
        framing = (
            f"Content-Length: {60 * MIB}\r\n" if i % 2 == 0 else "Transfer-Encoding: chunked\r\n"
        )
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {url.netloc}\r\nCookie: {cookie}\r\n"
            f"Content-Type: multipart/form-data; boundary=merit-r5\r\n{framing}\r\n"
        )
        with socket.create_connection((url.hostname, url.port), timeout=30) as conn:
            conn.sendall(head.encode())
            conn.sendall(HEAD)
            answer = conn.recv(4096).decode(errors="replace")
        return int(answer.split()[1]) if answer.startswith("HTTP/1.1") else 0

    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(oversized, range(100)))
    statuses = {code: codes.count(code) for code in sorted(set(codes))}
    print(
        f"100 oversized uploads (60 MB announced, or chunked; 8 at a time): {statuses} in "
        f"{time.monotonic() - started:.1f} s; RSS {rss_kib(pid) / 1024:.1f} MiB"
    )

    wide_header = b"," * (20 * MIB) + b"id,prediction\nC0001,0.5\n"

    def wide(i):
        body = (
            b"--merit-r5\r\nContent-Disposition: form-data; name=\"file\"; filename=\"wide.csv\"\r\n\r\n"
            + wide_header
            + b"\r\n--merit-r5--\r\n"
        )
        return body, {}, False

    started = time.monotonic()
    statuses = uploads(base, cookie, path, 100, 4, wide)
    print(
        f"100 files with a 20 MB header (4 at a time): {statuses} in "
        f"{time.monotonic() - started:.1f} s; RSS {rss_kib(pid) / 1024:.1f} MiB"
    )

    after, peak = rss_kib(pid), rss_kib(pid, "VmHWM")
    print(f"RSS after:                  {after / 1024:7.1f} MiB")
    print(f"RSS peak (VmHWM):           {peak / 1024:7.1f} MiB (limit {args.limit_mib:.0f} MiB)")
    if peak / 1024 > args.limit_mib:
        print("FAIL: the peak passed the limit")
        return 1
    print("OK: memory stayed under the limit")
    return 0


if __name__ == "__main__":
    sys.exit(main())

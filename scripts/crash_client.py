#!/usr/bin/env python3
"""The crash test's client (scripts/crash-test.sh): concurrent writers against a running
Jiekang server, each logged in through the pages as a browser is. Every thread registers
persons through the JSON API and opens the archives it registered (each opening writes an
audit record through the SQLite group commit). A write counts as *acknowledged* only
when the server answered it; acknowledged ids are appended, one JSON line each, to the
`--acked` file (flushed and fsynced), so whatever happens to the server afterwards the
file says what the server promised.

Subcommands:
  write   run writers until the server goes away (or --seconds pass)
  check   after the kill, against the stopped server's SQLite file: every acknowledged
          person exists, and every acknowledged archive opening has its audit record

Standard library only (no third-party code).
"""

import argparse
import http.cookiejar
import json
import os
import random
import re
import sqlite3
import sys
import threading
import time
import urllib.error
import urllib.request

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def resident_id(rng):
    """A valid GB 11643 number: 东胜区's division code, a birth date, a sequence, its check."""
    year = rng.randint(1960, 2004)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    body = "150602%04d%02d%02d%03d" % (year, month, day, rng.randint(0, 999))
    total = sum(int(c) * w for c, w in zip(body, WEIGHTS))
    return body + CHECK[total % 11]


class Client:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )
        self.csrf = None

    def cookie(self, name):
        for c in self.jar:
            if c.name == name:
                return c.value
        return None

    def request(self, method, path, data=None, headers=None, timeout=10):
        req = urllib.request.Request(self.base + path, data=data, method=method)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")

    def login(self, username, password):
        self.request("GET", "/login")
        token = self.cookie("jk_login_csrf")
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrf_token": token}
        ).encode()
        status, _ = self.request(
            "POST",
            "/login",
            form,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 303:
            raise SystemExit("login refused: %s" % status)
        status, body = self.request("GET", "/")
        m = re.search(r'name="csrf_token" value="([^"]+)"', body)
        if status != 200 or not m:
            raise SystemExit("no home page after login: %s" % status)
        self.csrf = m.group(1)

    def post_json(self, path, value):
        return self.request(
            "POST",
            path,
            json.dumps(value).encode(),
            {"Content-Type": "application/json", "X-CSRF-Token": self.csrf},
        )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_303(self, req, fp, code, msg, headers):
        return fp

    http_error_302 = http_error_303


def unit_id(client, code):
    status, body = client.request("GET", "/api/v1/units")
    if status != 200:
        raise SystemExit("units: %s %s" % (status, body[:200]))
    units = json.loads(body)
    units = units.get("items", units) if isinstance(units, dict) else units
    for u in units:
        if u.get("code") == code:
            return u["id"]
    raise SystemExit("no unit %s" % code)


def write(args):
    lock = threading.Lock()
    acked = open(args.acked, "a", encoding="utf-8")
    stop = time.monotonic() + args.seconds
    counts = {"persons": 0, "reads": 0, "errors": 0}

    def ack(record):
        with lock:
            acked.write(json.dumps(record) + "\n")
            acked.flush()
            os.fsync(acked.fileno())

    def worker(n):
        rng = random.Random((os.getpid() << 8) + n + int(time.time() * 1000))
        client = Client(args.base)
        try:
            client.login(args.username, args.password)
            unit = unit_id(client, args.unit_code)
        except Exception:  # the server went away before this thread got going
            return
        mine = []
        while time.monotonic() < stop:
            try:
                if mine and rng.random() < 0.5:
                    pid = rng.choice(mine)
                    status, _ = client.request("GET", "/api/v1/persons/%d" % pid)
                    if status == 200:
                        ack({"read": pid})
                        with lock:
                            counts["reads"] += 1
                    continue
                number = resident_id(rng)
                status, body = client.post_json(
                    "/api/v1/persons",
                    {"name": "崩溃测试", "id_type": "resident_id",
                     "id_number": number, "unit_id": str(unit)},
                )
                if status == 201:
                    pid = json.loads(body)["id"]
                    ack({"person": pid, "id_number": number})
                    mine.append(pid)
                    with lock:
                        counts["persons"] += 1
                elif status >= 500:
                    with lock:
                        counts["errors"] += 1
            except (urllib.error.URLError, ConnectionError, OSError):
                return  # killed: what was acknowledged is in the file

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(counts))
    return 1 if counts["errors"] else 0


def check(args):
    persons, reads = set(), {}
    with open(args.acked, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                r = json.loads(line)
            except ValueError:
                continue  # a line cut by the kill was never acknowledged
            if "person" in r:
                persons.add(r["person"])
            elif "read" in r:
                reads[r["read"]] = reads.get(r["read"], 0) + 1
    db = sqlite3.connect(args.db)
    have = {row[0] for row in db.execute("SELECT id FROM persons WHERE name = '崩溃测试'")}
    lost = sorted(persons - have)
    audited = dict(
        db.execute(
            "SELECT object_id, COUNT(*) FROM audit_events "
            "WHERE action = 'person.read' GROUP BY object_id"
        ).fetchall()
    )
    lost_reads = {p: n for p, n in reads.items() if audited.get(p, 0) < n}
    print(json.dumps({
        "acknowledged_persons": len(persons),
        "acknowledged_reads": sum(reads.values()),
        "lost_persons": len(lost),
        "lost_read_records": sum(n - audited.get(p, 0) for p, n in lost_reads.items()),
    }))
    return 1 if lost or lost_reads else 0


def main():
    p = argparse.ArgumentParser(description=__doc__)
    sub = p.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write")
    w.add_argument("--base", required=True)
    w.add_argument("--username", required=True)
    w.add_argument("--password", required=True)
    w.add_argument("--unit-code", required=True)
    w.add_argument("--threads", type=int, default=8)
    w.add_argument("--seconds", type=float, default=3600)
    w.add_argument("--acked", required=True)
    c = sub.add_parser("check")
    c.add_argument("--db", required=True)
    c.add_argument("--acked", required=True)
    args = p.parse_args()
    sys.exit(write(args) if args.cmd == "write" else check(args))


if __name__ == "__main__":
    import urllib.parse  # noqa: E402  (used by Client.login)

    main()

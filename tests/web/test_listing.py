#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# The listings the Cockpit page pages through, on more cases than the
# store reads in one chunk: cases.list with a commune (read in keyed
# chunks, rolled up, paged in the store) and without (paged by SQLite),
# page by page over the control socket, must give every matching case
# once, newest first; cases.counts must agree with the table.
import json
import os
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_web  # noqa: E402
import webfixture  # noqa: E402

N = 5000
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


class Control:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.connect(path)
        self.f = self.s.makefile("rw", encoding="utf-8")

    def call(self, cmd, args):
        self.f.write(json.dumps({"cmd": cmd, "args": args}) + "\n")
        self.f.flush()
        a = json.loads(self.f.readline())
        if not a.get("ok"):
            raise RuntimeError("%s: %s" % (cmd, a))
        return a["result"]


def pages(c, args, size):
    out, offset = [], 0
    while True:
        rows = c.call("cases.list", dict(args, limit=size, offset=offset))["rows"]
        out += [r["code"] for r in rows]
        if len(rows) < size:
            return out
        offset += size


def main():
    if os.environ.get("TIENGDAN_SKIP_WEB") == "1":
        print("SKIP: TIENGDAN_SKIP_WEB=1")
        return 77
    w = webfixture.World(sys.argv[1], sys.argv[2])
    try:
        w.start_daemon()
        w.console("units", "import", os.path.join(w.source, "config", "geo-damrong.csv"))
        w.stop_daemon()
        bench_web.bulk(w, N)
        w.start_daemon()
        c = Control(w.sock)
        order = " ORDER BY received_on DESC, id DESC"
        dr3 = [r["code"] for r in w.sql(
            "SELECT code FROM cases WHERE village IN ('301', '302', '303')" + order)]
        every = [r["code"] for r in w.sql("SELECT code FROM cases" + order)]
        check(pages(c, {"commune": "DR3"}, 700) == dr3,
              "a commune, pages of 700: every case once, newest first (%d)" % len(dr3))
        check([r["code"] for r in c.call("cases.list", {"commune": "DR3"})["rows"]] == dr3,
              "a commune, no limit: the same cases")
        check(pages(c, {}, 1500) == every, "no filter, pages of 1500: every case (%d)" % N)
        open_dr3 = [r["code"] for r in w.sql(
            "SELECT code FROM cases WHERE village IN ('301', '302', '303')"
            " AND status = 'received'" + order)]
        check(pages(c, {"commune": "DR3", "status": "received"}, 9) == open_dr3,
              "a commune and a status, pages of 9 (%d)" % len(open_dr3))
        since = w.sql("SELECT date('now', 'localtime', '-30 days') AS d")[0]["d"]
        counts = c.call("cases.counts", {"since": since})["rows"]
        truth = w.sql("SELECT kind, count(*) AS n FROM cases WHERE received_on >= '%s'"
                      " GROUP BY kind" % since)
        by_kind = {}
        for r in counts:
            by_kind[r["kind"]] = by_kind.get(r["kind"], 0) + r["since"]
        check(by_kind == {r["kind"]: r["n"] for r in truth},
              "cases.counts by kind since %s agrees with the table (%s)" % (since, by_kind))
    except Exception as e:
        failures.append(repr(e))
        print("FAIL error: %r" % e)
    finally:
        if not w.close():
            failures.append("the daemon's exit")
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Times the Cockpit page's first screen on a large database: N cases (default
# 1,000,000) spread over three years, 2% still open, written straight into
# the daemon's database; then the page loaded as a handler in headless
# Chromium, three times. Prints the page's own timing of its channel
# requests. Not a test: nothing is asserted.
#   tests/web/bench_web.py BUILD SOURCE [N]
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_web  # noqa: E402
import webdriver  # noqa: E402
import webfixture  # noqa: E402

VILLAGES = ["101", "102", "103", "104", "105", "106", "107", "108", "301", "302", "303"]


def bulk(w, n):
    villages = " ".join("WHEN %d THEN '%s'" % (k, v) for k, v in enumerate(VILLAGES))
    sql = """
PRAGMA journal_mode = WAL;
BEGIN;
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %d)
INSERT INTO cases (code, digits, kind, status, text, sender, sender_tag, village,
                   received_on, due_first, closed_on, created_at, updated_at)
SELECT CASE i %% 3 WHEN 0 THEN 'PA' WHEN 1 THEN 'KN' ELSE 'TC' END || printf('9%%07d', i),
       printf('9%%07d', i),
       CASE i %% 3 WHEN 0 THEN 'feedback' WHEN 1 THEN 'complaint' ELSE 'denunciation' END,
       CASE WHEN i %% 50 = 0 THEN 'received' ELSE 'closed' END,
       'PA duong thon so ' || i, '+8491' || printf('%%07d', i %% 100000), 'bench' || i,
       CASE i %% %d %s END,
       date('now', '-' || (i %% 1100) || ' days'),
       date('now', '-' || (i %% 1100) || ' days', '+14 days'),
       CASE WHEN i %% 50 = 0 THEN NULL ELSE date('now', '-' || (i %% 1100) || ' days', '+7 days') END,
       datetime('now'), datetime('now')
FROM s;
COMMIT;
""" % (n, len(VILLAGES), villages)
    p = subprocess.run(["sqlite3", os.path.join(w.dir, "tiengdan.db")], input=sql, text=True,
                       capture_output=True)
    if p.returncode != 0:
        raise RuntimeError(p.stderr)


def main():
    build, source = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 1000000
    w = webfixture.World(build, source)
    sessions = []
    try:
        w.start_daemon()
        w.console("units", "import", os.path.join(source, "config", "geo-damrong.csv"))
        w.stop_daemon()
        bulk(w, n)
        w.start_daemon()
        w.install_package()
        port = w.start_cockpit("handler")
        s = webdriver.Session(w.start_chromedriver(), test_web.CHROME_ARGS,
                              tempfile.mkdtemp(prefix="chromium-", dir=w.dir))
        sessions.append(s)
        print("cases: %d" % w.sql("SELECT count(*) AS n FROM cases")[0]["n"])
        for run in range(3):
            test_web.page(s, port)
            print("run %d: first screen %s ms; requests %s" % (
                run + 1, s.script("return document.body.getAttribute('data-ms')"),
                ", ".join(s.script("return tdRpc.timings.map(x => x.cmd + ' ' + x.ms.toFixed(0))"))))
    finally:
        for s in sessions:
            s.quit()
        w.close()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# The Cockpit page in headless Chromium against cockpit-ws running the
# package as real unix users of each role, on a real tiengdand with a dummy
# modem: warnings, an overdue case worked to a status change whose SMS lands
# in outbound, a viewer without buttons whose forged action is refused and
# audited, a commune-scoped user, charts; screenshots for the README.
import datetime
import os
import shutil
import sys
import tempfile
import time
import zoneinfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import webdriver  # noqa: E402
import webfixture  # noqa: E402

SKIP = 77
CHROME_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               "--disable-dev-shm-usage", "--window-size=1366,768", "--lang=vi"]
failures = []


def skip(why):
    print("SKIP: web test: " + why)
    sys.exit(SKIP)


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def preflight():
    if os.environ.get("TIENGDAN_SKIP_WEB") == "1":
        skip("TIENGDAN_SKIP_WEB=1")
    if os.geteuid() != 0:
        skip("needs root (runs cockpit-ws as several unix users)")
    for path in ("/usr/lib/cockpit/cockpit-ws", "/usr/bin/cockpit-bridge",
                 "/usr/share/cockpit/base1/cockpit.js.gz", "/usr/lib/chromium/chromium",
                 "/usr/bin/chromedriver", "/usr/bin/setpriv", "/usr/bin/sqlite3"):
        if not os.path.exists(path):
            skip("%s is missing (scripts/deps installs cockpit-ws, cockpit-bridge, "
                 "chromium, chromium-driver)" % path)


def workdays_ago(n):
    d = datetime.datetime.now()
    while n > 0:
        d -= datetime.timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def seed(w):
    """Cases made 45 days ago (overdue by now), then today's messages."""
    past = datetime.datetime.now() - datetime.timedelta(days=45)
    w.start_daemon(past.strftime("%Y-%m-%dT09:00:00"))
    w.console("units", "import", os.path.join(w.source, "config", "geo-damrong.csv"))
    for phone, village in (("0911000001", "108"), ("0911000002", "103"), ("0911000003", "301"),
                           ("0911000004", "108")):
        w.console("contacts", "add", "--phone", phone, "--name", "Nguoi dan", "--village",
                  village, "--role", "resident")
    w.inject("0911000001", "PA duong thon bi sat lo")
    w.inject("0911000002", "KHIEU NAI dat dai chua duoc boi thuong")
    w.inject("0911000003", "PA nuoc sinh hoat yeu o thon")
    w.wait_sql("SELECT count(*) AS n FROM cases", lambda r: r[0]["n"] == 3)
    w.stop_daemon()
    w.start_daemon(workdays_ago(8).strftime("%Y-%m-%dT09:00:00"))
    w.inject("0911000003", "PA cau treo bi hong")
    w.wait_sql("SELECT count(*) AS n FROM cases", lambda r: r[0]["n"] == 4)
    w.stop_daemon()
    w.start_daemon()
    w.inject("0911000004", "PA den duong hong")
    w.inject("0911000004", "TT 123")
    w.inject("0911000003", "PA rac thai chua duoc thu gom")
    w.wait_sql("SELECT count(*) AS n FROM inbound WHERE processed_at IS NOT NULL",
               lambda r: r[0]["n"] == 7)
    w.inject("0911000004", "PA cong thoat nuoc bi tac")  # a third within the hour
    w.wait_sql("SELECT count(*) AS n FROM inbound WHERE throttled = 1", lambda r: r[0]["n"] == 1)
    # One case resolved on time, so that the on-time chart has a bar.
    code = w.sql("SELECT code FROM cases WHERE text LIKE '%rac thai%'")[0]["code"]
    w.console("cases", "status", code, "resolved", "--note", "Da thu gom")


def page(s, port, path="", lang=None):
    url = "http://127.0.0.1:%d/cockpit/@localhost/tiengdan/index.html%s" % (port, path)
    s.get(url)
    if lang:
        s.script("window.localStorage.setItem('cockpit.lang', arguments[0])", lang)
        s.get(url)
    s.wait("document.body.getAttribute('data-ready') === '1'", 30, "the page " + path)


def navigate(s, path):
    s.script("document.body.removeAttribute('data-ready'); cockpit.location.go(arguments[0])", path)
    s.wait("document.body.getAttribute('data-ready') === '1'", 30, path)


def forge(s, op, args):
    """Sends a request over the page's own channel, as a tampered page would."""
    return s.async_script("const done = arguments[arguments.length - 1];"
                          "tdRpc.call(arguments[0], arguments[1]).then(done);", op, args)


def handler_story(w, s, port, shots):
    page(s, port)
    check(s.script("return document.body.getAttribute('data-role')") == "handler", "handler: role shown")
    overdue = int(s.text("#w-overdue b.count"))
    check(overdue == 3, "handler: 3 overdue cases on the first screen (%d)" % overdue)
    check(int(s.text("#w-unclear b.count")) >= 1, "handler: the unclear message is a warning")
    check(int(s.text("#w-due-soon b.count")) == 1, "handler: 1 case due within 3 working days")
    check(len(s.find_all("#newest-table tbody tr")) == 6, "handler: the 6 newest cases")
    check("Quá hạn" in s.text("#warnings"), "handler: Vietnamese with diacritics")
    day = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")).date().isoformat()
    n_day = w.sql("SELECT count(*) AS n FROM cases WHERE received_on = '%s'" % day)[0]["n"]
    n_month = w.sql("SELECT count(*) AS n FROM cases WHERE received_on >= '%s'" % (day[:8] + "01"))[0]["n"]
    check(s.text("#today h2").endswith("(%d)" % n_day) and n_day == 2,
          "handler: today's count (%s)" % s.text("#today h2"))
    check(s.text("#month h2").endswith("(%d)" % n_month), "handler: this month's count (%s, %d)"
          % (s.text("#month h2"), n_month))
    t = [x for x in s.script("return tdRpc.timings.map(x => x.cmd + ':' + x.ms.toFixed(1))")]
    print("timing: first screen " + s.script("return document.body.getAttribute('data-ms')") +
          " ms; requests " + ", ".join(t))
    both = s.async_script(
        "const done = arguments[arguments.length - 1];"
        "const d = tdViews.today(), m = d.slice(0, 8) + '01';"
        "const norm = f => JSON.stringify([f.overdue, f.dueSoon, "
        " [f.month, f.today].map(l => { const o = {}; l.forEach(c => { const k = c.commune + '/' + c.kind;"
        " o[k] = (o[k] || 0) + c.n; }); return Object.keys(o).sort().filter(k => o[k]).map(k => k + '=' + o[k]); })]);"
        "const due = tdViews.addWorkdays(d, 3);"
        "Promise.all([tdViews.figures(m, d, due), tdViews.figuresFromLists(m, d, due)])"
        ".then(r => done(r.map(norm)));")
    check(both[0] == both[1], "handler: cases.counts agrees with counting the listings (%s)" % both[0])
    s.screenshot(os.path.join(shots, "first-screen.png"))
    s.click("#w-overdue a")
    s.wait("document.body.getAttribute('data-view') === 'cases' && document.querySelector('#cases-table')")
    rows = s.find_all("#cases-table tbody tr")
    check(len(rows) == 3, "handler: the overdue list has 3 cases")
    code = w.sql("SELECT code FROM cases WHERE kind = 'complaint'")[0]["code"]
    s.script("document.body.removeAttribute('data-ready')")
    s.click("#cases-table tr[data-key='%s']" % code)
    s.wait("document.querySelector('#case') && document.body.getAttribute('data-ready') === '1'")
    check(s.script("return document.querySelector('#case').dataset.code") == code, "handler: the case opened")
    s.script("const e = document.querySelector('#new-status'); e.value = 'accepted';"
             "e.dispatchEvent(new Event('change'));")
    s.type("#status-reason", "Du dieu kien thu ly")
    preview = s.wait("document.querySelector('#sms-text') && "
                     "document.querySelector('#sms-text').textContent.trim()", 20, "the preview")
    check(code in preview, "handler: the SMS to the citizen is shown before sending")
    check(w.sql("SELECT status FROM cases WHERE code = '%s'" % code)[0]["status"] == "received",
          "handler: the preview changed nothing")
    s.screenshot(os.path.join(shots, "case.png"))
    s.click("#status-submit")
    s.wait("document.querySelector('#action-result .ok')", 20, "the status change")
    rows = w.sql("SELECT o.recipient, o.text, o.state FROM outbound o JOIN cases c ON c.id = "
                 "(SELECT case_id FROM case_event WHERE outbound_id = o.id LIMIT 1) WHERE c.code = '%s'"
                 % code)
    status = w.sql("SELECT status FROM cases WHERE code = '%s'" % code)[0]["status"]
    check(status == "accepted", "handler: the case is accepted (%s)" % status)
    check(any(r["text"] == preview and r["recipient"].endswith("911000002") for r in rows),
          "handler: the SMS shown is the one in outbound (%s)" % rows)
    audit = w.sql("SELECT outcome, detail FROM audit WHERE action = 'cases.status' AND user = 'daemon'")
    check(audit and audit[-1]["outcome"] == "allowed", "handler: the change is audited as daemon")
    return code


def notices_story(w, s, port):
    navigate(s, "/notices")
    s.type("#notice-title", "Hop thon")
    s.type("#notice-to", "commune:DR1")
    s.type("#notice-text", "Hop thon luc 8h sang thu bay tai nha van hoa")
    count = s.wait("document.querySelector('#notice-count').textContent", 20, "the counter")
    check(count.startswith("1 "), "handler: the live counter says one segment (%s)" % count)
    s.script("document.body.removeAttribute('data-ready')")
    s.click("#notice-form button[type=submit]")
    s.wait("document.querySelector('#notice') && document.body.getAttribute('data-ready') === '1'", 20,
           "the notice page")
    check(w.sql("SELECT count(*) AS n FROM notice WHERE title = 'Hop thon'")[0]["n"] == 1,
          "handler: the notice is drafted in the database")
    sms = w.sql("SELECT sms FROM notice WHERE title = 'Hop thon'")[0]["sms"]
    check(sms and sms in s.text("#notice-sms"), "handler: the notice's exact SMS is shown")
    check(not s.find_all("#notice-send"), "handler: no send button (supervisors send)")


def paging_story(w, s, port):
    """Three pages of two cases, paged by the daemon (limit, offset)."""
    seen = []
    navigate(s, "/cases?per=2")
    for n in (1, 2, 3):
        codes = s.script("return Array.from(document.querySelectorAll('#cases-table tbody tr'))"
                         ".map(r => r.dataset.key)")
        check(len(codes) == 2, "paging: page %d has 2 cases (%s)" % (n, codes))
        seen += codes
        more = s.script("return !document.querySelector('#page-next').disabled")
        check(more == (n < 3), "paging: page %d %s a next page" % (n, "has" if n < 3 else "has no"))
        if n < 3:
            s.script("document.body.removeAttribute('data-ready')")
            s.click("#page-next")
            s.wait("document.body.getAttribute('data-ready') === '1'")
    want = [r["code"] for r in w.sql("SELECT code FROM cases ORDER BY received_on DESC, id DESC")]
    check(seen == want, "paging: the pages are every case once, newest first")


def modems_story(w, s, port):
    navigate(s, "/modems")
    rows = s.find_all("#modems-table tbody tr[data-key='m1']")
    check(len(rows) == 1, "handler: the modems table lists m1")
    check(not s.find_all("#ussd-form"), "handler: no USSD form (admins only)")


def down_story(w, s, port):
    w.stop_daemon()
    page(s, port)
    check(s.script("return document.querySelector('#no-access h1').textContent") ==
          "Không kết nối được với tiengdand", "daemon stopped: the page says it cannot reach it")


def poll_story(w, s, port):
    navigate(s, "/polls")
    s.type("#poll-question", "Lam duong thon")
    s.type("#poll-to", "village:108")
    s.type("#poll-choices", "Dong y,Khong dong y")
    s.type("#poll-households", "40")
    s.script("document.body.removeAttribute('data-ready')")
    s.click("#poll-form button[type=submit]")
    s.wait("document.querySelector('#poll') && document.body.getAttribute('data-ready') === '1'", 20,
           "the poll page")
    rows = w.sql("SELECT kind, title FROM notice WHERE title = 'Lam duong thon'")
    check(rows and rows[0]["kind"] == "poll", "handler: the poll is drafted in the database")
    labels = s.script("return Array.from(document.querySelectorAll('#poll tbody tr td:first-child'))"
                      ".map(td => td.textContent)")
    check(labels == ["1. Dong y", "2. Khong dong y"], "handler: its two choices are shown (%s)" % labels)


def viewer_story(w, s, port, code):
    page(s, port, "#/cases/" + code)
    check(s.script("return document.body.getAttribute('data-role')") == "viewer", "viewer: role shown")
    check(s.script("return document.querySelector('#case') !== null"), "viewer: reads the case")
    check(not s.find_all("#actions, #status-form, #note-form, #reply-form, button"),
          "viewer: no action buttons")
    before = w.sql("SELECT count(*) AS n FROM outbound")[0]["n"]
    a = forge(s, "cases.status", {"code": code, "status": "resolved", "note": "forged"})
    check(a.get("ok") is False and a.get("error") == "forbidden", "viewer: forged action refused (%s)" % a)
    audit = w.sql("SELECT outcome, detail FROM audit WHERE action = 'cases.status' AND user = 'bin'")
    check(audit and audit[-1]["outcome"] == "refused", "viewer: the forged action is audited as refused")
    check(w.sql("SELECT count(*) AS n FROM outbound")[0]["n"] == before, "viewer: no SMS queued")
    check(w.sql("SELECT status FROM cases WHERE code = '%s'" % code)[0]["status"] == "accepted",
          "viewer: the case did not change")


def scoped_story(w, s, port):
    page(s, port, "#/cases")
    communes = set(s.script("return Array.from(document.querySelectorAll('#cases-table tbody tr'))"
                            ".map(r => r.children[6].textContent)"))
    check(communes == {webfixture.SCOPED_COMMUNE}, "scoped: only its commune (%s)" % communes)
    other = w.sql("SELECT code FROM cases WHERE village = '301'")[0]["code"]
    a = forge(s, "cases.show", {"code": other})
    check(a.get("ok") is False, "scoped: a case of another commune is not shown (%s)" % a.get("error"))


def supervisor_story(w, s, port, shots):
    page(s, port, "#/reports")
    s.wait("document.querySelector('#charts svg')", 30, "the charts")
    bars = s.script("return document.querySelectorAll('#charts svg rect').length")
    check(bars >= 3, "supervisor: the charts have bars (%d)" % bars)
    titles = s.script("return Array.from(document.querySelectorAll('#charts svg rect title'))"
                      ".map(t => t.textContent)")
    month = (datetime.datetime.now() - datetime.timedelta(days=45)).strftime("%Y-%m")
    check("DR1 %s · Khiếu nại: 1" % month in titles,
          "supervisor: the complaint is stacked in its commune and month (%s)" % titles)
    check(any(t.endswith("%: 100") for t in titles), "supervisor: the on-time rate bar (100%)")
    s.script("document.querySelector('#report-totals').scrollIntoView()")
    s.screenshot(os.path.join(shots, "charts.png"))
    s.window(390, 844)
    navigate(s, "/")
    s.screenshot(os.path.join(shots, "phone.png"))
    s.window(1366, 768)


def promote_story(w, s, port):
    """The throttled message, promoted from its list, becomes a case."""
    page(s, port)
    check(int(s.text("#w-throttled b.count")) == 1, "supervisor: the throttled message is a warning")
    s.script("document.body.removeAttribute('data-ready')")
    s.click("#w-throttled a")
    s.wait("document.body.getAttribute('data-ready') === '1' && document.querySelector('#inbox')")
    before = w.sql("SELECT count(*) AS n FROM cases")[0]["n"]
    s.click("button.promote")
    s.wait("document.querySelector('#inbox .ok')", 20, "the promotion")
    w.wait_sql("SELECT count(*) AS n FROM cases", lambda r: r[0]["n"] == before + 1)
    check(w.sql("SELECT promoted FROM inbound WHERE text LIKE '%cong thoat%'")[0]["promoted"] == 1,
          "supervisor: the message is promoted and became a case")


def norole_story(w, s, port):
    page(s, port)
    check(s.script("return document.querySelector('#no-access') !== null"), "no role: the no-access page")
    text = s.text("#no-access")
    check("Không có quyền" in text and webfixture.USERS["norole"] in text,
          "no role: it says so in Vietnamese, naming the account")
    check(not s.find_all("#nav a"), "no role: no menu")
    audit = w.sql("SELECT outcome, detail FROM audit WHERE user = '%s'" % webfixture.USERS["norole"])
    check(audit and audit[-1]["outcome"] == "refused" and audit[-1]["detail"] == "no role",
          "no role: the daemon audited the refusal")


def english_story(w, s, port):
    page(s, port, "", lang="en")
    check("Overdue" in s.text("#warnings"), "English by Cockpit's language")
    s.script("window.localStorage.removeItem('cockpit.lang')")


def main():
    preflight()
    build, source = sys.argv[1], sys.argv[2]
    shots = sys.argv[3] if len(sys.argv) > 3 else os.path.join(build, "web-screenshots")
    os.makedirs(shots, exist_ok=True)
    w = webfixture.World(build, source)
    sessions = []
    try:
        seed(w)
        w.install_package()
        ports = {who: w.start_cockpit(who) for who in webfixture.USERS}
        driver = w.start_chromedriver()

        def browser():
            d = tempfile.mkdtemp(prefix="chromium-", dir=w.dir)
            try:
                s = webdriver.Session(driver, CHROME_ARGS, d)
            except Exception as e:
                skip("Chromium cannot start: %s" % e)
            sessions.append(s)
            return s
        code = handler_story(w, browser(), ports["handler"], shots)
        notices_story(w, sessions[0], ports["handler"])
        poll_story(w, sessions[0], ports["handler"])
        modems_story(w, sessions[0], ports["handler"])
        paging_story(w, sessions[0], ports["handler"])
        english_story(w, sessions[0], ports["handler"])
        viewer_story(w, browser(), ports["viewer"], code)
        scoped_story(w, browser(), ports["scoped"])
        supervisor_story(w, browser(), ports["supervisor"], shots)
        promote_story(w, sessions[-1], ports["supervisor"])
        norole_story(w, browser(), ports["norole"])
        down_story(w, sessions[0], ports["handler"])
    except Exception as e:
        failures.append("error: %r" % e)
        print("FAIL error: %r (logs in %s)" % (e, w.dir))
    finally:
        for s in sessions:
            s.quit()
        if not w.close(keep=bool(failures) and os.environ.get("TIENGDAN_KEEP_WEB") == "1"):
            failures.append("the daemon's exit")
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

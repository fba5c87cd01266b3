/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The casework views: the first screen (what needs doing), the cases list
 * with the console's filters and paging, and a case with its history,
 * messages, deadlines and the actions the user's role allows. */
"use strict";

window.tdViews = (function () {
    const t = tdI18n.t;
    const OPEN = ["received", "accepted", "in_progress"];
    const SCAN = 5000; /* the rows a first-screen listing looks at */

    function today() {
        return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(new Date());
    }

    /* The date n working days (Monday to Friday) after day. */
    function addWorkdays(day, n) {
        const d = new Date(day + "T12:00:00Z");
        while (n > 0) {
            d.setUTCDate(d.getUTCDate() + 1);
            if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6)
                n--;
        }
        return d.toISOString().slice(0, 10);
    }

    function countBy(rows, key) {
        const m = {};
        rows.forEach(function (r) {
            const k = r[key] || "";
            m[k] = (m[k] || 0) + 1;
        });
        return m;
    }

    function caseCols() {
        return [
            { label: t("code"), fmt: function (r) { return td.el("a", { href: "#/cases/" + r.code }, r.code) } },
            { label: t("kind"), fmt: function (r) { return td.kindName(r.kind) } },
            { label: t("status"), fmt: function (r) { return td.statusName(r.status) } },
            { label: t("received"), key: "received_on" },
            {
                label: t("due"), fmt: function (r) {
                    return td.el(r.overdue ? "span.bad" : "span", {}, r.due || "–");
                }
            },
            { label: t("place"), fmt: function (r) { return r.village_name || r.place || "–" } },
            { label: t("commune"), fmt: function (r) { return r.commune || "–" } },
            { label: t("assignee"), fmt: function (r) { return r.unit || t("unassigned") } },
        ];
    }

    function openCase(r) { td.go("/cases/" + r.code) }

    /* One warning line: a count that opens its list. */
    function warn(id, label, n, path, options) {
        return td.el("li", { id: id, class: n ? "warn" : "ok" },
            td.el("a", {
                href: "#", onclick: function (ev) { ev.preventDefault(); td.go(path, options) }
            }, td.el("b.count", {}, String(n)), " " + label));
    }

    function byAssignee(rows) {
        const m = countBy(rows, "unit");
        return td.el("ul.chips", {}, Object.keys(m).sort().map(function (u) {
            return td.el("li", {}, td.el("a", {
                href: "#", onclick: function (ev) {
                    ev.preventDefault();
                    td.go("/cases", { overdue: "1", assignee: u });
                }
            }, (u || t("unassigned")) + ": " + m[u]));
        }));
    }

    /* counts: [{commune, kind, n}] -> a table of communes by kind. */
    function countsTable(counts) {
        const by = {};
        counts.forEach(function (c) {
            const k = c.commune || "";
            by[k] = by[k] || { c: c.commune };
            by[k][c.kind] = (by[k][c.kind] || 0) + c.n;
        });
        const cols = [{ label: t("commune"), fmt: function (r) { return r.c || "–" } }]
            .concat(tdI18n.KINDS.map(function (k) {
                return { label: td.kindName(k), fmt: function (r) { return String(r[k] || 0) } };
            }));
        return td.table(cols, Object.keys(by).sort().map(function (k) { return by[k] }));
    }

    function total(counts) {
        return counts.reduce(function (a, c) { return a + c.n }, 0);
    }

    /* This month's and today's counts: the daemon's cases.counts, or (a
     * daemon without it) counted from the month's listing. */
    function monthCounts(month, day) {
        return tdRpc.call("cases.counts", { since: month, day: day }).then(function (a) {
            if (a.ok)
                return {
                    month: a.result.rows.map(function (r) { return { commune: r.commune, kind: r.kind, n: r.since } }),
                    today: a.result.rows.map(function (r) { return { commune: r.commune, kind: r.kind, n: r.day } }),
                };
            return tdRpc.call("cases.list", { since: month, limit: 100000 }).then(function (l) {
                const rows = l.ok ? l.result.rows : [];
                const one = function (r) { return { commune: r.commune, kind: r.kind, n: 1 } };
                return {
                    month: rows.map(one),
                    today: rows.filter(function (r) { return r.received_on === day }).map(one),
                };
            });
        });
    }

    function daysAgo(day, n) {
        const d = new Date(day + "T12:00:00Z");
        d.setUTCDate(d.getUTCDate() - n);
        return d.toISOString().slice(0, 10);
    }

    function home(main) {
        const day = today();
        const month = day.slice(0, 8) + "01";
        const soon = addWorkdays(day, 3);
        const recent = daysAgo(day, 120); /* an open case older is overdue by then */
        const calls = [
            tdRpc.call("cases.list", { overdue: true, limit: SCAN }),
            monthCounts(month, day),
            tdRpc.call("inbox", { unprocessed: true, limit: 500 }),
            tdRpc.call("inbox", { throttled: true, limit: 500 }),
            tdRpc.call("inbox", { limit: 500 }),
            tdRpc.call("modems"),
            tdRpc.call("cases.list", { limit: 10 }),
        ].concat(OPEN.map(function (st) {
            return tdRpc.call("cases.list", { status: st, since: recent, limit: SCAN });
        }));
        return Promise.all(calls).then(function (a) {
            main.textContent = "";
            const w = td.section(t("brand_home"), "warnings");
            const overdue = a[0].ok ? a[0].result.rows : [];
            const open = [].concat.apply([], a.slice(7).map(function (x) { return x.ok ? x.result.rows : [] }));
            const dueSoon = open.filter(function (r) {
                return !r.overdue && r.due && r.due >= day && r.due <= soon;
            });
            const unclear = a[4].ok ? a[4].result.rows.filter(function (r) {
                return r.outcome === "refused" && !r.promoted;
            }) : [];
            const modems = a[5].ok ? a[5].result.rows : [];
            const down = modems.filter(function (m) { return !m.connected });
            const full = modems.filter(function (m) { return m.sim_size > 0 && m.sim_used >= 0.8 * m.sim_size });
            const poor = modems.filter(function (m) {
                const b = parseFloat(String(m.balance || "").replace(/[^0-9.]/g, ""));
                return m.balance && !isNaN(b) && b < 10000;
            });
            const list = td.el("ul.warnings", {},
                warn("w-overdue", t("overdue"), overdue.length, "/cases", { overdue: "1" }),
                warn("w-due-soon", t("due_soon"), dueSoon.length, "/cases", { due_by: soon }),
                warn("w-unprocessed", t("triage"), a[2].ok ? a[2].result.rows.length : 0, "/cases", { inbox: "unprocessed" }),
                warn("w-unclear", t("unclear"), unclear.length, "/cases", { inbox: "unclear" }),
                warn("w-throttled", t("throttled"), a[3].ok ? a[3].result.rows.length : 0, "/cases", { inbox: "throttled" }),
                warn("w-modems-down", t("modems_down"), down.length, "/modems"),
                warn("w-sim-full", t("sim_full"), full.length, "/modems"),
                warn("w-balance", t("low_balance"), poor.length, "/modems"));
            w.appendChild(list);
            if (overdue.length)
                w.appendChild(td.el("div", {}, td.el("h3", {}, t("overdue") + " " + t("by_assignee")), byAssignee(overdue)));
            if (dueSoon.length)
                w.appendChild(td.el("div", {}, td.el("h3", {}, t("due_soon") + " " + t("by_assignee")), byAssignee(dueSoon)));
            main.appendChild(w);
            const counts = td.el("div.two", {},
                td.el("section.card", { id: "today" }, td.el("h2", {}, t("today") + " (" + total(a[1].today) + ")"), countsTable(a[1].today.filter(function (c) { return c.n > 0 }))),
                td.el("section.card", { id: "month" }, td.el("h2", {}, t("this_month") + " (" + total(a[1].month) + ")"), countsTable(a[1].month)));
            main.appendChild(counts);
            const n = td.section(t("newest"), "newest");
            n.appendChild(a[6].ok ? td.table(caseCols(), a[6].result.rows, openCase, "newest-table") : td.problem(a[6]));
            main.appendChild(n);
        });
    }

    /* ------------------------------------------------------------ list */

    function filterForm(o) {
        function sel(name, values, label, fmt) {
            return td.el("label", {}, label, td.el("select", { name: name },
                td.el("option", { value: "" }, t("all")),
                values.map(function (v) {
                    return td.el("option", { value: v, selected: o[name] === v }, fmt ? fmt(v) : v);
                })));
        }
        function input(name, label, type) {
            return td.el("label", {}, label, td.el("input", { name: name, type: type || "text", value: o[name] || "" }));
        }
        const f = td.el("form.filters", { id: "filters" },
            sel("kind", tdI18n.KINDS, t("kind"), td.kindName),
            sel("status", tdI18n.STATUSES, t("status"), td.statusName),
            input("commune", t("commune")), input("village", t("village")),
            input("assignee", t("assignee")), input("since", t("since"), "date"),
            input("q", t("search"), "search"),
            td.el("label.check", {}, td.el("input", { type: "checkbox", name: "overdue", checked: o.overdue === "1" }), t("only_overdue")),
            td.el("button", { type: "submit" }, t("apply")));
        f.onsubmit = function (ev) {
            ev.preventDefault();
            const opts = {};
            new FormData(f).forEach(function (v, k) {
                if (v)
                    opts[k] = k === "overdue" ? "1" : String(v);
            });
            td.go("/cases", opts);
        };
        return f;
    }

    function inboxList(main, which) {
        const args = which === "throttled" ? { throttled: true } : which === "unprocessed" ? { unprocessed: true } : {};
        args.limit = 500;
        return tdRpc.call("inbox", args).then(function (a) {
            main.textContent = "";
            const s = td.section(t(which === "unclear" ? "unclear" : which === "throttled" ? "throttled" : "triage"), "inbox");
            if (!a.ok)
                s.appendChild(td.problem(a));
            else
                s.appendChild(td.table([
                    { label: "#", key: "id" }, { label: t("received"), key: "received_at" },
                    { label: t("sender"), fmt: function (r) { return r.sender || t("hidden") } },
                    { label: t("text"), key: "text" }, { label: t("status"), key: "outcome" },
                ], a.result.rows.filter(function (r) {
                    return which !== "unclear" || (r.outcome === "refused" && !r.promoted);
                })));
            main.appendChild(s);
        });
    }

    /* The pager: the daemon pages (limit, offset) unless a filter only the
     * page can apply (text, assignee, due by) is set; then the page reads
     * up to 100,000 cases and pages them itself. */
    function cases(main, o) {
        if (o.inbox)
            return inboxList(main, o.inbox);
        const page = Math.max(1, parseInt(o.page || "1", 10) || 1);
        const PAGE = Math.min(500, Math.max(1, parseInt(o.per || "50", 10) || 50));
        const local = !!(o.q || "assignee" in o || o.due_by);
        const args = local ? { limit: 100000 } : { limit: PAGE + 1, offset: (page - 1) * PAGE };
        ["kind", "status", "commune", "village", "since"].forEach(function (k) {
            if (o[k])
                args[k] = o[k];
        });
        if (o.overdue === "1")
            args.overdue = true;
        return tdRpc.call("cases.list", args).then(function (a) {
            main.textContent = "";
            const s = td.section(t("nav_cases"), "cases");
            s.appendChild(filterForm(o));
            if (!a.ok) {
                s.appendChild(td.problem(a));
                main.appendChild(s);
                return;
            }
            const q = (o.q || "").toLowerCase();
            let rows = a.result.rows.filter(function (r) {
                if ("assignee" in o && (r.unit || "") !== o.assignee)
                    return false;
                if (o.due_by && !(OPEN.indexOf(r.status) >= 0 && !r.overdue && r.due && r.due <= o.due_by && r.due >= today()))
                    return false;
                return !q || (r.text || "").toLowerCase().indexOf(q) >= 0 || (r.code || "").toLowerCase().indexOf(q) >= 0;
            });
            let more;
            if (local) {
                more = rows.length > page * PAGE;
                rows = rows.slice((page - 1) * PAGE, page * PAGE);
            } else {
                more = rows.length > PAGE;
                rows = rows.slice(0, PAGE);
            }
            s.appendChild(td.table(caseCols(), rows, openCase, "cases-table"));
            function to(p, label, enabled) {
                return td.el("button", {
                    type: "button", disabled: !enabled, id: p < page ? "page-prev" : "page-next",
                    onclick: function () { td.go("/cases", Object.assign({}, o, { page: String(p) })) },
                }, label);
            }
            s.appendChild(td.el("div.pager", {}, to(page - 1, t("prev"), page > 1),
                td.el("span", { id: "page-no" }, t("page_of", page, rows.length)), to(page + 1, t("next"), more)));
            main.appendChild(s);
        });
    }

    return { home: home, cases: cases, caseView: function (m, c) { return tdCase.show(m, c) }, today: today };
})();

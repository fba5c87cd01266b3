/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The casework views: the first screen (what needs doing), the cases list
 * with the console's filters and paging, and a case with its history,
 * messages, deadlines and the actions the user's role allows. */
"use strict";

window.tdViews = (function () {
    const t = tdI18n.t;
    const OPEN = ["received", "accepted", "in_progress"];
    const SCAN = 5000; /* the rows a first-screen listing looks at */
    const LOW_BALANCE = 10000; /* đồng: a SIM's balance worth a warning */

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

    /* by: {unit: n} -> chips that open the list of that assignee. */
    function byAssignee(by, options) {
        return td.el("ul.chips", {}, Object.keys(by).sort().map(function (u) {
            return td.el("li", {}, td.el("a", {
                href: "#", onclick: function (ev) {
                    ev.preventDefault();
                    td.go("/cases", Object.assign({ assignee: u }, options));
                }
            }, (u || t("unassigned")) + ": " + by[u]));
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

    function sumBy(list, key, value) {
        const m = {};
        list.forEach(function (x) {
            const n = value(x);
            if (n)
                m[x[key] || ""] = (m[x[key] || ""] || 0) + n;
        });
        return m;
    }

    /* The first screen's figures: the daemon's cases.counts (one grouped
     * query each), or, from a daemon without it, counted from listings. */
    function figures(month, day, soon) {
        return tdRpc.call("cases.counts", { since: month, day: day, due_by: soon }).then(function (a) {
            if (a.ok && a.result.deadlines) {
                const d = a.result.deadlines;
                return {
                    month: a.result.rows.map(function (r) { return { commune: r.commune, kind: r.kind, n: r.since } }),
                    today: a.result.rows.map(function (r) { return { commune: r.commune, kind: r.kind, n: r.day } }),
                    overdue: sumBy(d, "unit", function (x) { return x.overdue }),
                    dueSoon: sumBy(d, "unit", function (x) { return x.due_soon }),
                };
            }
            return figuresFromLists(month, day, soon);
        });
    }

    function figuresFromLists(month, day, soon) {
        const recent = daysAgo(day, 120); /* an open case older is overdue by then */
        return Promise.all([
            tdRpc.call("cases.list", { since: month, limit: 100000 }),
            tdRpc.call("cases.list", { overdue: true, limit: SCAN }),
        ].concat(OPEN.map(function (st) {
            return tdRpc.call("cases.list", { status: st, since: recent, limit: SCAN });
        }))).then(function (a) {
            const rows = a[0].ok ? a[0].result.rows : [];
            const one = function (r) { return { commune: r.commune, kind: r.kind, n: 1 } };
            const open = [].concat.apply([], a.slice(2).map(function (x) { return x.ok ? x.result.rows : [] }));
            const unit = function (r) { return { unit: r.unit, n: 1 } };
            return {
                month: rows.map(one),
                today: rows.filter(function (r) { return r.received_on === day }).map(one),
                overdue: sumBy((a[1].ok ? a[1].result.rows : []).map(unit), "unit", function (x) { return x.n }),
                dueSoon: sumBy(open.filter(function (r) {
                    return !r.overdue && r.due && r.due >= day && r.due <= soon;
                }).map(unit), "unit", function (x) { return x.n }),
            };
        });
    }

    function daysAgo(day, n) {
        const d = new Date(day + "T12:00:00Z");
        d.setUTCDate(d.getUTCDate() - n);
        return d.toISOString().slice(0, 10);
    }

    function sum(by) {
        return Object.keys(by).reduce(function (a, k) { return a + by[k] }, 0);
    }

    function home(main) {
        const day = today();
        const month = day.slice(0, 8) + "01";
        const soon = addWorkdays(day, 3);
        const calls = [
            figures(month, day, soon),
            tdRpc.call("inbox", { unprocessed: true, limit: 500 }),
            tdRpc.call("inbox", { throttled: true, limit: 500 }),
            tdRpc.call("inbox", { limit: 500 }),
            tdRpc.call("modems"),
            tdRpc.call("cases.list", { limit: 10 }),
        ];
        return Promise.all(calls).then(function (a) {
            main.textContent = "";
            const f = a[0];
            const w = td.section(t("brand_home"), "warnings");
            const unclear = a[3].ok ? a[3].result.rows.filter(function (r) {
                return r.outcome === "refused" && !r.promoted;
            }) : [];
            const modems = a[4].ok ? a[4].result.rows : [];
            const down = modems.filter(function (m) { return !m.connected });
            const full = modems.filter(function (m) { return m.sim_size > 0 && m.sim_used >= 0.8 * m.sim_size });
            const poor = modems.filter(function (m) {
                const b = parseFloat(String(m.balance || "").replace(/[^0-9.]/g, ""));
                return m.balance && !isNaN(b) && b < LOW_BALANCE;
            });
            w.appendChild(td.el("ul.warnings", {},
                warn("w-overdue", t("overdue"), sum(f.overdue), "/cases", { overdue: "1" }),
                warn("w-due-soon", t("due_soon"), sum(f.dueSoon), "/cases", { due_by: soon }),
                warn("w-unprocessed", t("triage"), a[1].ok ? a[1].result.rows.length : 0, "/cases", { inbox: "unprocessed" }),
                warn("w-unclear", t("unclear"), unclear.length, "/cases", { inbox: "unclear" }),
                warn("w-throttled", t("throttled"), a[2].ok ? a[2].result.rows.length : 0, "/cases", { inbox: "throttled" }),
                warn("w-modems-down", t("modems_down"), down.length, "/modems"),
                warn("w-sim-full", t("sim_full"), full.length, "/modems"),
                warn("w-balance", t("low_balance"), poor.length, "/modems")));
            if (sum(f.overdue))
                w.appendChild(td.el("div", { id: "overdue-by" }, td.el("h3", {}, t("overdue") + " " + t("by_assignee")),
                    byAssignee(f.overdue, { overdue: "1" })));
            if (sum(f.dueSoon))
                w.appendChild(td.el("div", { id: "due-soon-by" }, td.el("h3", {}, t("due_soon") + " " + t("by_assignee")),
                    byAssignee(f.dueSoon, { due_by: soon })));
            main.appendChild(w);
            main.appendChild(td.el("div.two", {},
                td.el("section.card", { id: "today" }, td.el("h2", {}, t("today") + " (" + total(f.today) + ")"),
                    countsTable(f.today.filter(function (c) { return c.n > 0 }))),
                td.el("section.card", { id: "month" }, td.el("h2", {}, t("this_month") + " (" + total(f.month) + ")"),
                    countsTable(f.month))));
            const n = td.section(t("newest"), "newest");
            n.appendChild(a[5].ok ? td.table(caseCols(), a[5].result.rows, openCase, "newest-table") : td.problem(a[5]));
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

    /* A throttled message becomes a case again (handlers; the daemon
     * checks). */
    function promoteButton(r) {
        if (!r.throttled || !td.can("handler"))
            return "";
        const b = td.el("button", { type: "button", class: "promote", "data-id": String(r.id) }, t("promote"));
        b.onclick = function () {
            tdRpc.call("inbox.promote", { id: r.id }).then(function (a) {
                b.replaceWith(a.ok ? td.el("span.ok", {}, t("done")) : td.problem(a));
            });
        };
        return b;
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
                    { label: "", fmt: promoteButton },
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

    return { figures: figures, figuresFromLists: figuresFromLists, addWorkdays: addWorkdays, home: home, cases: cases, caseView: function (m, c) { return tdCase.show(m, c) }, today: today };
})();

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The other views: notices (draft with the live segment counter, send,
 * acknowledgements per village, remind), polls with the household tally,
 * the modems table with USSD, and the period report with its charts. */
"use strict";

window.tdMore = (function () {
    const t = tdI18n.t;
    const el = function () { return td.el.apply(null, arguments) };

    function box() { return el("div", { "aria-live": "polite", class: "result" }) }

    function show(b, a, okText) {
        b.textContent = "";
        b.appendChild(a.ok ? el("p.ok", {}, okText) : td.problem(a));
    }

    /* ------------------------------------------------------------ notices */

    function draftForm() {
        const b = box();
        const title = el("input", { name: "title", id: "notice-title", required: true });
        const to = el("input", { name: "to", id: "notice-to", required: true, placeholder: "all | commune:DAKNANG | village:…" });
        const text = el("textarea", { name: "text", id: "notice-text", rows: "3", required: true });
        const ack = el("input", { type: "checkbox", name: "ack" });
        const count = el("span.counter", { id: "notice-count" });
        text.oninput = function () {
            tdRpc.call("sms.cost", { text: title.value + ": " + text.value }).then(function (a) {
                count.textContent = a.ok ? t("segments", a.result.segments, a.result.characters, a.result.encoding) : "";
                count.className = "counter" + (a.ok && a.result.segments > 1 ? " bad" : "");
            });
        };
        const f = el("form.action", { id: "notice-form" }, el("h3", {}, t("draft")),
            el("label", {}, t("title"), title), el("label", {}, t("targets"), to),
            el("label", {}, t("text"), text), count,
            el("label.check", {}, ack, "ACK"), el("button", { type: "submit" }, t("create")), b);
        f.onsubmit = function (ev) {
            ev.preventDefault();
            tdRpc.call("notices.create", { title: title.value, to: to.value, text: text.value, ack: ack.checked })
                .then(function (a) {
                    show(b, a, t("done") + (a.ok && a.result.code ? " " + a.result.code : ""));
                    if (a.ok && a.result.code)
                        td.go("/notices/" + a.result.code);
                });
        };
        return f;
    }

    function noticeView(main, code) {
        return tdRpc.call("notices.show", { code: code }).then(function (a) {
            main.textContent = "";
            if (!a.ok)
                return main.appendChild(td.problem(a));
            const n = a.result, b = box();
            const s = el("section.card", { id: "notice" }, el("h1", {}, code + " · " + (n.title || "")),
                el("blockquote", {}, n.body || ""),
                n.sms ? el("p.preview", { id: "notice-sms" }, t("citizen_sms") + ": " + n.sms) : null, b);
            if (td.can("supervisor"))
                s.appendChild(el("div.buttons", {},
                    el("button", { type: "button", id: "notice-send", onclick: function () {
                        tdRpc.call("notices.send", { code: code }).then(function (x) { show(b, x, t("sms_queued")) });
                    } }, t("send")),
                    el("button", { type: "button", id: "notice-remind", onclick: function () {
                        tdRpc.call("notices.remind", { code: code }).then(function (x) { show(b, x, t("sms_queued")) });
                    } }, t("remind"))));
            s.appendChild(el("h2", {}, t("acks")));
            s.appendChild(td.table([{ label: t("village"), fmt: function (r) { return r.village_name || r.village || "–" } },
                { label: "n", key: "recipients" }, { label: "ACK", key: "acknowledged" },
                { label: "%", key: "ack_rate" }], n.by_village || []));
            main.appendChild(s);
        });
    }

    function notices(main, code) {
        if (code)
            return noticeView(main, code);
        return tdRpc.call("notices.list", { limit: 200 }).then(function (a) {
            main.textContent = "";
            const s = td.section(t("notices"), "notices");
            s.appendChild(a.ok ? td.table([{ label: t("code"), key: "code" }, { label: t("title"), key: "title" },
                { label: t("targets"), key: "target" }, { label: t("status"), key: "state" },
                { label: "n", key: "recipients" }, { label: "ACK", key: "acknowledged" }],
                a.result.rows, function (r) { td.go("/notices/" + (r.code || r.id)) }) : td.problem(a));
            if (td.can("handler"))
                s.appendChild(draftForm());
            main.appendChild(s);
        });
    }

    /* ------------------------------------------------------------ polls */

    function choiceName(c) {
        return (c.no !== undefined ? c.no + ". " : "") + (c.label || "");
    }

    function pollForm() {
        const b = box();
        const q = el("input", { name: "question", id: "poll-question", required: true });
        const to = el("input", { name: "to", id: "poll-to", required: true, placeholder: "village:… | commune:… | all" });
        const choices = el("input", { name: "choices", id: "poll-choices", required: true, placeholder: "Dong y,Khong dong y" });
        const households = el("input", { name: "households", id: "poll-households", type: "number", min: "1", required: true });
        const closes = el("input", { name: "closes", id: "poll-closes", type: "date" });
        const f = el("form.action", { id: "poll-form" }, el("h3", {}, t("draft_poll")),
            el("label", {}, t("question"), q), el("label", {}, t("targets"), to),
            el("label", {}, t("choices"), choices), el("label", {}, t("households"), households),
            el("label", {}, t("closes"), closes), el("button", { type: "submit" }, t("create")), b);
        f.onsubmit = function (ev) {
            ev.preventDefault();
            const args = { question: q.value, to: to.value, choices: choices.value, households: Number(households.value) };
            if (closes.value)
                args.closes = closes.value;
            tdRpc.call("polls.create", args).then(function (a) {
                show(b, a, t("done"));
                if (a.ok && a.result.code)
                    td.go("/polls/" + a.result.code);
            });
        };
        return f;
    }

    function polls(main, code) {
        if (code)
            return tdRpc.call("polls.show", { code: code }).then(function (a) {
                main.textContent = "";
                if (!a.ok)
                    return main.appendChild(td.problem(a));
                const p = a.result, b = box();
                const s = el("section.card", { id: "poll" }, el("h1", {}, code + " · " + (p.question || p.title || "")), b,
                    el("h2", {}, t("tally")),
                    td.table([{ label: t("choices"), fmt: choiceName }, { label: "n", key: "votes" }], p.choices || []),
                    el("p", {}, "households " + (p.households || 0) + ", votes " + (p.votes || 0) + ", turnout " + (p.turnout || 0)));
                const chart = (p.choices || []).map(function (c) { return { label: choiceName(c), values: [c.votes || 0] } });
                if (chart.length)
                    s.appendChild(tdCharts.bars(t("tally"), chart, [""], p.households || null));
                if (td.can("supervisor") && !p.closed)
                    s.appendChild(el("button", { type: "button", id: "poll-close", onclick: function () {
                        tdRpc.call("polls.close", { code: code }).then(function (x) { show(b, x, t("done")) });
                    } }, t("close_poll")));
                main.appendChild(s);
            });
        return tdRpc.call("polls.list", { limit: 200 }).then(function (a) {
            main.textContent = "";
            const s = td.section(t("polls"), "polls");
            s.appendChild(a.ok ? td.table([{ label: t("code"), key: "code" }, { label: t("title"), key: "title" },
                { label: t("status"), key: "state" }], a.result.rows, function (r) { td.go("/polls/" + (r.code || r.id)) })
                : td.problem(a));
            if (td.can("handler"))
                s.appendChild(pollForm());
            main.appendChild(s);
        });
    }

    /* ------------------------------------------------------------ modems */

    function ussdForm(rows) {
        const b = box();
        const modem = el("select", { name: "modem" }, rows.map(function (m) { return el("option", { value: m.modem }, m.modem) }));
        const code = el("input", { name: "code", id: "ussd-code", value: "*101#" });
        const f = el("form.action", { id: "ussd-form" }, el("h3", {}, t("ussd")), modem, code,
            el("button", { type: "submit" }, t("send")), b);
        f.onsubmit = function (ev) {
            ev.preventDefault();
            tdRpc.call("modems.ussd", { modem: modem.value, code: code.value }).then(function (a) {
                show(b, a, a.ok ? JSON.stringify(a.result.answer || a.result.reply || a.result) : "");
            });
        };
        return f;
    }

    function modems(main) {
        return tdRpc.call("modems").then(function (a) {
            main.textContent = "";
            const s = td.section(t("modems"), "modems");
            if (!a.ok) {
                s.appendChild(td.problem(a));
                return main.appendChild(s);
            }
            s.appendChild(td.table([{ label: "", key: "modem" },
                { label: t("connected"), fmt: function (m) { return el(m.connected ? "span" : "span.bad", {}, m.connected ? t("yes") : t("no")) } },
                { label: t("signal"), fmt: function (m) { return m.signal_percent === null || m.signal_percent === undefined ? "–" : m.signal_percent + "%" } },
                { label: "", fmt: function (m) { return m.operator || m.network || "" } },
                { label: t("sim"), fmt: function (m) { return m.sim_size ? m.sim_used + "/" + m.sim_size : "–" } },
                { label: t("balance"), fmt: function (m) { return m.balance || "–" } },
                { label: "↑", key: "sent_today" }, { label: "↓", key: "received_today" },
                { label: "", key: "last_error" }], a.result.rows, null, "modems-table"));
            if (td.can("admin"))
                s.appendChild(ussdForm(a.result.rows));
            main.appendChild(s);
        });
    }

    /* ------------------------------------------------------------ reports */

    /* Cases per commune per month, stacked by kind, from the listing of
     * the period's cases (the report has no by-kind split per commune). */
    function monthlyGroups(rows, to) {
        const m = {};
        rows.forEach(function (r) {
            if (r.received_on > to)
                return;
            const k = (r.commune || "–") + " " + r.received_on.slice(0, 7);
            m[k] = m[k] || tdI18n.KINDS.map(function () { return 0 });
            m[k][tdI18n.KINDS.indexOf(r.kind)]++;
        });
        return Object.keys(m).sort(function (x, y) {
            return x.slice(-7) === y.slice(-7) ? (x < y ? -1 : 1) : (x.slice(-7) < y.slice(-7) ? -1 : 1);
        }).slice(-36).map(function (k) { return { label: k, values: m[k] } });
    }

    function chart(title, svg) {
        return el("figure.chart", {}, el("figcaption", {}, title), svg);
    }

    function charts(s, whole, cases, to) {
        const units = whole.by_unit || [];
        const c = el("div.charts", { id: "charts" });
        c.appendChild(chart(t("chart_by_commune"), tdCharts.bars(t("chart_by_commune"),
            monthlyGroups(cases, to), tdI18n.KINDS.map(td.kindName))));
        c.appendChild(chart(t("chart_overdue"), tdCharts.bars(t("chart_overdue"),
            units.map(function (u) { return { label: u.name || u.unit || "–", values: [u.overdue || 0] } }), [t("overdue")])));
        c.appendChild(chart(t("chart_rates") + " (%)", tdCharts.bars(t("chart_rates"),
            units.map(function (u) { return { label: u.name || u.unit || "–", values: [u.on_time_rate || 0] } }), ["%"], 100)));
        const acks = units.filter(function (u) { return u.ack_asked > 0 });
        if (acks.length)
            c.appendChild(chart(t("chart_acks") + " (%)", tdCharts.bars(t("chart_acks"),
                acks.map(function (u) { return { label: u.name || u.unit || "–", values: [u.ack_rate || 0] } }), ["%"], 100)));
        s.appendChild(c);
    }

    function reports(main, o) {
        const day = tdViews.today();
        const from = o.from || day.slice(0, 5) + "01-01", to = o.to || day;
        main.textContent = "";
        const s = td.section(t("reports"), "reports");
        const f = el("form.filters", { id: "report-form" },
            el("label", {}, t("from"), el("input", { type: "date", name: "from", value: from })),
            el("label", {}, t("to"), el("input", { type: "date", name: "to", value: to })),
            el("label", {}, t("commune"), el("input", { name: "unit", value: o.unit || "" })),
            el("button", { type: "submit" }, t("run_report")));
        f.onsubmit = function (ev) {
            ev.preventDefault();
            const q = {};
            new FormData(f).forEach(function (v, k) { if (v) q[k] = String(v) });
            td.go("/reports", q);
        };
        s.appendChild(f);
        main.appendChild(s);
        const args = { from: from, to: to };
        if (o.unit)
            args.unit = o.unit;
        const calls = [tdRpc.call("report", args), tdRpc.call("cases.list", { since: from, limit: 100000 })];
        return Promise.all(calls).then(function (a) {
            if (!a[0].ok)
                return s.appendChild(td.problem(a[0]));
            const r = a[0].result, tot = r.totals || {};
            s.appendChild(td.table([{ label: t("kind"), fmt: function (k) { return td.kindName(k.kind) } },
                { label: t("received"), key: "received" }, { label: t("s_resolved"), key: "resolved" },
                { label: t("overdue"), key: "overdue" }, { label: "%", key: "on_time_rate" }], r.by_kind || [], null, "report-table"));
            s.appendChild(el("p", { id: "report-totals" }, t("received") + ": " + (tot.received || 0) + " · " + t("overdue") + ": " + (tot.overdue || 0)));
            charts(s, r, a[1].ok ? a[1].result.rows : [], to);
        });
    }

    return { notices: notices, polls: polls, modems: modems, reports: reports };
})();

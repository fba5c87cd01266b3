/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One case: its text, deadlines, history and messages in and out, and the
 * actions the user's role allows (status change with reason, assign, note,
 * reply). The daemon checks every action again and audits it. */
"use strict";

window.tdCase = (function () {
    const t = tdI18n.t;
    const el = function () { return td.el.apply(null, arguments) };
    /* The changes a status allows, as daemon/core/case_status.c has them
     * (an open case moves forward or exits; a resolved one closes or
     * reopens); the daemon refuses any other. */
    function nextStatuses(from) {
        const all = tdI18n.STATUSES, i = all.indexOf(from);
        if (i >= 0 && i <= 2)
            return all.slice(i + 1);
        return from === "resolved" ? ["closed", "in_progress"] : [];
    }

    function kv(pairs) {
        return el("dl.kv", {}, pairs.map(function (p) {
            return [el("dt", {}, p[0]), el("dd", {}, p[1] === null || p[1] === undefined || p[1] === "" ? "–" : p[1])];
        }));
    }

    function result(box, a, okText) {
        box.textContent = "";
        box.appendChild(a.ok ? el("p.ok", { role: "status" }, okText) : td.problem(a));
    }

    /* Runs op with args, shows the outcome in box and redraws the case. */
    function act(box, op, args, okText) {
        return tdRpc.call(op, args).then(function (a) {
            result(box, a, okText(a));
            /* Redraw the case a moment later, unless the user has gone
             * elsewhere meanwhile. */
            const here = cockpit.location.href;
            if (a.ok)
                window.setTimeout(function () {
                    if (cockpit.location.href === here)
                        td.route();
                }, 1200);
            return a;
        });
    }

    function statusForm(c, box) {
        const next = nextStatuses(c.status);
        const sel = el("select", { name: "status", id: "new-status" },
            next.map(function (s) { return el("option", { value: s }, td.statusName(s)) }));
        const reason = el("textarea", { name: "note", id: "status-reason", rows: "2", required: true });
        const preview = el("p.preview", { id: "sms-preview" });
        /* The daemon's own text of the SMS this change sends (its
         * "preview" changes nothing), with its segments. */
        function show() {
            preview.textContent = "";
            if (!sel.value)
                return;
            tdRpc.call("cases.status", { code: c.code, status: sel.value, preview: true }).then(function (a) {
                preview.textContent = "";
                if (!a.ok)
                    return preview.appendChild(td.problem(a));
                if (!a.result.notified)
                    return preview.appendChild(el("span", {}, t("no_sms")));
                preview.appendChild(el("b", {}, t("citizen_sms") + ":"));
                preview.appendChild(el("span", { id: "sms-text" }, "\n" + a.result.text + "\n"));
                preview.appendChild(el("small", {}, t("segments", a.result.segments, a.result.characters, a.result.encoding)));
            });
        }
        sel.onchange = show;
        show();
        const f = el("form.action", { id: "status-form" },
            el("h3", {}, t("change_status")), el("label", {}, t("status"), sel),
            el("label", {}, t("reason"), reason), preview,
            el("button", { type: "submit", id: "status-submit" }, t("confirm")));
        f.onsubmit = function (ev) {
            ev.preventDefault();
            act(box, "cases.status", { code: c.code, status: sel.value, note: reason.value }, function (a) {
                return t("done") + (a.ok && a.result.notified ? " " + t("sms_queued") + " #" + a.result.outbound_id : "");
            });
        };
        return next.length ? f : null;
    }

    function textForm(id, title, op, c, box, counter) {
        const area = el("textarea", { name: "text", id: id + "-text", rows: "2", required: true });
        const count = el("span.counter", { id: id + "-count" });
        if (counter)
            area.oninput = function () {
                tdRpc.call("sms.cost", { text: area.value || " " }).then(function (a) {
                    count.textContent = a.ok ? t("segments", a.result.segments, a.result.characters, a.result.encoding) : "";
                });
            };
        const f = el("form.action", { id: id + "-form" }, el("h3", {}, title), area, count,
            el("button", { type: "submit" }, t("send")));
        f.onsubmit = function (ev) {
            ev.preventDefault();
            act(box, op, { code: c.code, text: area.value }, function () { return op === "cases.reply" ? t("sms_queued") : t("done") });
        };
        return f;
    }

    function assignForm(c, box) {
        const unit = el("input", { name: "unit", id: "assign-unit", value: c.unit || "" });
        const f = el("form.action", { id: "assign-form" }, el("h3", {}, t("assign")), unit,
            el("button", { type: "submit" }, t("confirm")));
        f.onsubmit = function (ev) {
            ev.preventDefault();
            act(box, "cases.assign", { code: c.code, unit: unit.value }, function () { return t("done") });
        };
        return f;
    }

    function actions(c) {
        if (!td.can("handler"))
            return null;
        const box = el("div", { id: "action-result", "aria-live": "polite" });
        return el("section.card", { id: "actions" }, el("h2", {}, t("actions")), box,
            el("div.forms", {}, statusForm(c, box), td.can("supervisor") ? assignForm(c, box) : null,
                textForm("note", t("note"), "cases.note", c, box, false),
                textForm("reply", t("reply"), "cases.reply", c, box, true)));
    }

    function show(main, code) {
        return tdRpc.call("cases.show", { code: code }).then(function (a) {
            main.textContent = "";
            if (!a.ok) {
                main.appendChild(td.problem(a));
                return;
            }
            const c = a.result;
            const top = el("div.casegrid");
            main.appendChild(top);
            top.appendChild(el("section.card", { id: "case", "data-code": c.code },
                el("h1", {}, c.code + " · " + td.kindName(c.kind) + " · ",
                    el("span", { id: "case-status", "data-status": c.status }, td.statusName(c.status))),
                el("blockquote", {}, c.text || ""),
                kv([[t("received"), c.received_on], [t("sender"), c.confidential && !c.sender ? t("hidden") : c.sender],
                    [t("place"), c.village_name || c.village], [t("commune"), c.commune], [t("assignee"), c.unit_name || c.unit]]),
                el("h3", {}, t("deadlines")),
                kv([[t("first_due"), c.due_first], [t("resolve_due"), c.due_resolve]])));
            top.appendChild(actions(c) || el("span"));
            const h = el("section.card", { id: "history" }, el("h2", {}, t("history")));
            h.appendChild(td.table([{ label: t("received"), key: "at" }, { label: "", key: "actor" },
                { label: "", key: "event" }, { label: t("status"), fmt: function (e) { return e.status_to ? td.statusName(e.status_to) : "" } },
                { label: t("note"), key: "note" }], c.events || []));
            main.appendChild(h);
            const m = el("section.card", { id: "messages" }, el("h2", {}, t("messages_in")),
                td.table([{ label: t("received"), key: "received_at" }, { label: t("text"), key: "text" }], c.messages_in || []),
                el("h2", {}, t("messages_out")),
                td.table([{ label: t("received"), fmt: function (r) { return r.created_at || r.sent_at || "" } },
                    { label: t("text"), key: "text" }, { label: t("status"), key: "state" }], c.messages_out || [], null, "out-table"));
            main.appendChild(m);
        });
    }

    return { show: show };
})();

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The page's frame: who the user is (the daemon's whoami), the menu, the
 * router over cockpit.location, and the small DOM helpers the views share.
 * A user without a tiengdan role gets a "no access" page, not an error. */
"use strict";

window.td = (function () {
    const t = tdI18n.t;
    const RANK = { viewer: 0, handler: 1, supervisor: 2, admin: 3 };
    const me = { user: "", role: null, communes: null };

    /* el("tag.class", {attr: value}, child...) */
    function el(spec, attrs) {
        const parts = spec.split(".");
        const n = document.createElement(parts[0] || "div");
        if (parts.length > 1)
            n.className = parts.slice(1).join(" ");
        for (const k in attrs || {}) {
            if (k === "onclick" || k === "onchange" || k === "oninput" || k === "onsubmit")
                n[k] = attrs[k];
            else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false)
                n.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
        }
        for (let i = 2; i < arguments.length; i++)
            add(n, arguments[i]);
        return n;
    }

    function add(n, c) {
        if (c === null || c === undefined || c === false)
            return;
        if (Array.isArray(c))
            c.forEach(function (x) { add(n, x) });
        else
            n.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
    }

    /* A table of rows: cols is [{key, label, fmt(row)}]; onrow(row) makes a
     * row clickable. */
    function table(cols, rows, onrow, id) {
        if (!rows || !rows.length)
            return el("p.empty", {}, t("none"));
        return el("div.scroll", {},
            el("table", { id: id || null },
                el("thead", {}, el("tr", {}, cols.map(function (c) { return el("th", {}, c.label) }))),
                el("tbody", {}, rows.map(function (r) {
                    const tr = el("tr", { "data-key": r.code || r.modem || null },
                        cols.map(function (c) {
                            return el("td", { "data-label": c.label }, c.fmt ? c.fmt(r) : r[c.key]);
                        }));
                    if (onrow) {
                        tr.className = "link";
                        tr.onclick = function () { onrow(r) };
                    }
                    return tr;
                }))));
    }

    function go(path, options) {
        cockpit.location.go(path, options || {});
    }

    function can(role) {
        return me.role !== null && RANK[me.role] >= RANK[role];
    }

    /* A box saying what went wrong with answer a. */
    function problem(a) {
        if (tdRpc.missing(a))
            return el("p.notavail", {}, t("not_available"));
        return el("p.error", { role: "alert" }, (a.error === "forbidden" ? t("refused") + ": " : "") +
            (a.message || a.error));
    }

    function section(title, id) {
        const s = el("section.card", { id: id || null }, el("h2", {}, title));
        return s;
    }

    function kindName(k) { return t("k_" + k) }
    function statusName(s) { return t("s_" + s) }

    const NAV = [
        ["", "brand_home"], ["cases", "nav_cases"], ["notices", "nav_notices"],
        ["polls", "nav_polls"], ["modems", "nav_modems"], ["reports", "nav_reports"],
    ];

    function drawNav(current) {
        const nav = document.getElementById("nav");
        nav.textContent = "";
        NAV.forEach(function (n) {
            if (n[0] === "reports" && !can("supervisor"))
                return;
            nav.appendChild(el("a", {
                href: "#/" + n[0], id: "nav-" + (n[0] || "home"),
                class: current === n[0] ? "current" : null,
                onclick: function (ev) { ev.preventDefault(); go("/" + n[0]) },
            }, t(n[1])));
        });
    }

    const ROUTES = {
        "": function (m) { return tdViews.home(m) },
        cases: function (m, p, o) { return p[1] ? tdViews.caseView(m, p[1]) : tdViews.cases(m, o) },
        notices: function (m, p) { return tdMore.notices(m, p[1]) },
        polls: function (m, p) { return tdMore.polls(m, p[1]) },
        modems: function (m) { return tdMore.modems(m) },
        reports: function (m, p, o) { return tdMore.reports(m, o) },
    };

    let routed = 0;

    /* Draws the view of the location into a fresh box: a view still
     * drawing when the location changes again draws into a box no longer
     * on the page, and only the latest marks the page ready. */
    function route() {
        const main = document.getElementById("main");
        const path = cockpit.location.path;
        const top = path[0] || "";
        const mine = ++routed;
        const box = el("div.view", {}, el("p.loading", {}, t("loading")));
        main.textContent = "";
        main.appendChild(box);
        drawNav(top);
        const view = ROUTES[top] || ROUTES[""];
        const t0 = performance.now();
        document.body.removeAttribute("data-ready");
        Promise.resolve(view(box, path, cockpit.location.options)).then(function () {
            if (mine !== routed)
                return;
            document.body.setAttribute("data-view", top || "home");
            document.body.setAttribute("data-ms", String(Math.round(performance.now() - t0)));
            document.body.setAttribute("data-ready", "1");
        });
    }

    /* No role (the daemon says "forbidden" to whoami) or no daemon. */
    function noAccess(main, a) {
        const forbidden = a.error === "forbidden";
        const text = el("p", {}, forbidden ? "" : (a.message || a.error));
        main.textContent = "";
        document.getElementById("nav").textContent = "";
        main.appendChild(el("section.card.noaccess", { id: "no-access" },
            el("h1", {}, forbidden ? t("no_access") : t("unreachable")), text));
        document.body.setAttribute("data-view", "no-access");
        if (!forbidden) {
            document.body.setAttribute("data-ready", "1");
            return;
        }
        cockpit.user().then(function (u) {
            text.textContent = t("no_access_text", u.name);
        }).catch(function () {
            text.textContent = t("no_access_text", "");
        }).then(function () {
            document.body.setAttribute("data-ready", "1");
        });
    }

    function start() {
        document.documentElement.lang = tdI18n.lang;
        tdRpc.call("whoami").then(function (a) {
            const main = document.getElementById("main");
            if (!a.ok)
                return noAccess(main, a);
            me.user = a.result.user;
            me.role = a.result.role;
            me.communes = a.result.communes;
            document.body.setAttribute("data-role", me.role);
            document.getElementById("who").textContent = me.user + " · " + t("role_" + me.role) +
                (me.communes ? " · " + me.communes.join(", ") : "");
            cockpit.addEventListener("locationchanged", route);
            route();
        });
    }

    document.addEventListener("DOMContentLoaded", start);

    return {
        el: el, table: table, go: go, can: can, problem: problem, section: section,
        kindName: kindName, statusName: statusName, me: me, route: route,
    };
})();

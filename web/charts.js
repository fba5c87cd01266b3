/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Plain SVG charts drawn from the report's JSON: grouped-stacked bars
 * (cases per commune per month by kind) and simple bars (overdue, rates).
 * No chart library: a few rectangles and labels. */
"use strict";

window.tdCharts = (function () {
    const NS = "http://www.w3.org/2000/svg";
    const COLORS = ["#2f6fae", "#e08a1e", "#b3322f", "#5a9a4a", "#7d5ba6", "#888"];

    function node(tag, attrs, text) {
        const n = document.createElementNS(NS, tag);
        for (const k in attrs)
            n.setAttribute(k, attrs[k]);
        if (text !== undefined)
            n.textContent = text;
        return n;
    }

    function frame(width, height, title) {
        const svg = node("svg", {
            viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": title,
            class: "chart", preserveAspectRatio: "xMinYMin meet"
        });
        svg.appendChild(node("title", {}, title));
        return svg;
    }

    /* Bars: groups is [{label, values: [n per series]}], stacked within a
     * group; series names the colours' legend. max fixes the scale (else
     * the largest stack). */
    function bars(title, groups, series, max) {
        const W = 640, H = 280, L = 90, B = 80, T = 24;
        const svg = frame(W, H, title);
        const top = max || Math.max(1, ...groups.map(function (g) {
            return g.values.reduce(function (a, b) { return a + (b || 0) }, 0);
        }));
        const slot = (W - L - 10) / Math.max(1, groups.length);
        const bw = Math.max(4, Math.min(40, slot * 0.7));
        svg.appendChild(node("line", { x1: L, y1: H - B, x2: W - 5, y2: H - B, stroke: "#555" }));
        svg.appendChild(node("text", { x: L - 4, y: T + 4, "text-anchor": "end", "font-size": 11 }, String(top)));
        svg.appendChild(node("text", { x: L - 4, y: H - B, "text-anchor": "end", "font-size": 11 }, "0"));
        groups.forEach(function (g, i) {
            let y = H - B;
            const x = L + i * slot + (slot - bw) / 2;
            g.values.forEach(function (v, s) {
                if (!v)
                    return;
                const h = (H - B - T) * v / top;
                y -= h;
                const r = node("rect", { x: x.toFixed(1), y: y.toFixed(1), width: bw.toFixed(1), height: h.toFixed(1), fill: COLORS[s % COLORS.length] });
                r.appendChild(node("title", {}, g.label + " · " + (series[s] || "") + ": " + v));
                svg.appendChild(r);
            });
            const lx = x + bw / 2;
            svg.appendChild(node("text", {
                x: lx.toFixed(1), y: H - B + 12, "font-size": 10, "text-anchor": "end",
                transform: "rotate(-35 " + lx.toFixed(1) + " " + (H - B + 12) + ")"
            }, g.label));
        });
        series.forEach(function (s, i) {
            if (series.length < 2)
                return;
            svg.appendChild(node("rect", { x: 10 + i * 130, y: 4, width: 10, height: 10, fill: COLORS[i % COLORS.length] }));
            svg.appendChild(node("text", { x: 24 + i * 130, y: 13, "font-size": 11 }, s));
        });
        return svg;
    }

    return { bars: bars };
})();

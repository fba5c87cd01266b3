/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's control protocol over a Cockpit stream channel to its unix
 * socket: one JSON object per line each way, answered in order. The bridge
 * runs as the logged-in user, so the daemon sees that user's credentials;
 * the page decides nothing about what a role may do. */
"use strict";

window.tdRpc = (function () {
    let channel = null;
    let buffer = "";
    const waiting = []; /* resolvers, in the order the requests were sent */
    const timings = []; /* {cmd, ms} of every answered request */

    function socketPath() {
        const m = window.cockpit && cockpit.manifests && cockpit.manifests.tiengdan;
        return (m && m.config && m.config.socket) || "/run/tiengdan/control.sock";
    }

    function fail(problem) {
        channel = null;
        buffer = "";
        while (waiting.length) {
            const w = waiting.shift();
            w.resolve({ ok: false, error: "unreachable", message: problem || "disconnected" });
        }
    }

    function onMessage(ev, data) {
        buffer += data;
        let nl;
        while ((nl = buffer.indexOf("\n")) >= 0) {
            const line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            const w = waiting.shift();
            if (!w)
                continue;
            let answer;
            try {
                answer = JSON.parse(line);
            } catch (e) {
                answer = { ok: false, error: "internal", message: "not JSON" };
            }
            timings.push({ cmd: w.cmd, ms: performance.now() - w.t0 });
            w.resolve(answer);
        }
    }

    function open() {
        channel = cockpit.channel({ payload: "stream", unix: socketPath() });
        channel.addEventListener("message", onMessage);
        channel.addEventListener("close", function (ev, opts) {
            fail(opts && (opts.message || opts.problem));
        });
    }

    /* Sends one request; resolves with the daemon's answer object (never
     * rejects: a lost connection is {ok: false, error: "unreachable"}). */
    function call(cmd, args) {
        if (!channel)
            open();
        const line = JSON.stringify({ cmd: cmd, args: args || {}, lang: tdI18n.lang }) + "\n";
        return new Promise(function (resolve) {
            waiting.push({ cmd: cmd, t0: performance.now(), resolve: resolve });
            channel.send(line);
        });
    }

    /* An operation the daemon does not know (yet): shown "not available". */
    function missing(answer) {
        return !answer.ok && answer.error === "bad_request";
    }

    return { call: call, missing: missing, timings: timings, socketPath: socketPath };
})();

# SPDX-License-Identifier: GPL-2.0-or-later
# A very small WebDriver client (W3C protocol over urllib) for Debian's
# chromedriver: sessions, navigation, elements, script, screenshots.
import base64
import json
import time
import urllib.error
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


class WebDriverError(Exception):
    pass


class Session:
    def __init__(self, port, args, user_data_dir):
        self.base = "http://127.0.0.1:%d" % port
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/lib/chromium/chromium",
                "args": args + ["--user-data-dir=" + user_data_dir],
            }}}}
        answer = self._send("POST", "/session", caps)
        self.id = answer["sessionId"] if "sessionId" in answer else answer["value"]["sessionId"]

    def _send(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.loads(r.read().decode())
        except urllib.error.HTTPError as e:
            raise WebDriverError(e.read().decode()[:600])

    def cmd(self, method, path, body=None):
        return self._send(method, "/session/%s%s" % (self.id, path), body)["value"]

    def get(self, url):
        self.cmd("POST", "/url", {"url": url})

    def script(self, js, *args):
        return self.cmd("POST", "/execute/sync", {"script": js, "args": list(args)})

    def async_script(self, js, *args):
        return self.cmd("POST", "/execute/async", {"script": js, "args": list(args)})

    def find(self, css):
        v = self.cmd("POST", "/element", {"using": "css selector", "value": css})
        return v[ELEMENT]

    def find_all(self, css):
        return [v[ELEMENT] for v in
                self.cmd("POST", "/elements", {"using": "css selector", "value": css})]

    def click(self, css):
        self.cmd("POST", "/element/%s/click" % self.find(css), {})

    def type(self, css, text):
        self.cmd("POST", "/element/%s/value" % self.find(css), {"text": text})

    def text(self, css):
        return self.cmd("GET", "/element/%s/text" % self.find(css))

    def wait(self, js, timeout=20.0, what=None):
        """Waits until the expression js is truthy; returns its value."""
        end = time.time() + timeout
        while True:
            v = self.script("return " + js)
            if v:
                return v
            if time.time() > end:
                raise WebDriverError("timed out waiting for %s" % (what or js))
            time.sleep(0.1)

    def window(self, width, height):
        self.cmd("POST", "/window/rect", {"width": width, "height": height})

    def screenshot(self, path):
        png = base64.b64decode(self.cmd("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)

    def quit(self):
        try:
            self._send("DELETE", "/session/" + self.id)
        except Exception:
            pass

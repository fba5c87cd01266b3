# SPDX-License-Identifier: GPL-2.0-or-later
# The web test's world: a real tiengdand on Gammu's dummy modem in a fresh
# folder, the Cockpit package copied where cockpit-bridge finds it, one
# cockpit-ws (local session) per unix user, and chromedriver.
import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time

# Existing system accounts stand in for staff: the daemon's role table maps
# them, and the bridge runs as each of them.
USERS = {
    "handler": "daemon",
    "viewer": "bin",
    "scoped": "sys",
    "supervisor": "games",
    "norole": "man",
}
SCOPED_COMMUNE = "DR1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=15.0):
    end = time.time() + timeout
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


class World:
    def __init__(self, build, source):
        self.build, self.source = build, source
        self.dir = tempfile.mkdtemp(prefix="tiengdan-web-")
        os.chmod(self.dir, 0o711)
        self.conf = os.path.join(self.dir, "tiengdan.conf")
        self.sock = os.path.join(self.dir, "control.sock")
        self.modem = os.path.join(self.dir, "modem1")
        os.mkdir(self.modem, 0o700)
        self.daemon = None
        self.procs = []
        self._write_conf()

    def _write_conf(self):
        users = ",\n".join(
            '  { user = "%s"; role = "%s"; %s}' % (
                USERS[k], "handler" if k == "scoped" else k,
                'communes = [ "%s" ]; ' % SCOPED_COMMUNE if k == "scoped" else "")
            for k in ("handler", "viewer", "scoped", "supervisor"))
        with open(self.conf, "w") as f:
            f.write('database = "tiengdan.db";\nsocket = "control.sock";\n'
                    'log_level = "info";\nsocket_group = "nogroup";\n'
                    'gateway_number = "0912000000";\nhourly_limit = 2;\n'
                    'notify_status = [ "accepted", "in_progress", "resolved" ];\n'
                    "users = (\n%s\n);\n"
                    "modems = ( { id = \"m1\"; scan_interval = 1; daily_limit = 0;\n"
                    '  gammu = { model = "dummy"; connection = "none"; device = "modem1"; }; } );\n'
                    % users)
        os.chmod(self.conf, 0o644)

    # ------------------------------------------------------------ daemon

    def start_daemon(self, clock=None):
        env = dict(os.environ)
        env.pop("TIENGDAN_CLOCK", None)
        if clock:
            env["TIENGDAN_CLOCK"] = clock
        log = open(os.path.join(self.dir, "daemon.log"), "a")
        self.daemon = subprocess.Popen([os.path.join(self.build, "tiengdand"), "-c", self.conf],
                                       env=env, stdout=log, stderr=log)
        end = time.time() + 15
        while time.time() < end:
            if os.path.exists(self.sock) and self.console("whoami", check=False)[0] == 0:
                return
            time.sleep(0.1)
        raise RuntimeError("tiengdand did not start; see " + self.dir + "/daemon.log")

    def stop_daemon(self):
        """Stops the daemon (SIGTERM); raises unless it exits 0 (under
        ASan, a leak or an error report is a non-zero exit)."""
        if self.daemon:
            self.daemon.terminate()
            rc = self.daemon.wait(30)
            self.daemon = None
            if rc != 0:
                raise RuntimeError("tiengdand exited %d; see %s/daemon.log" % (rc, self.dir))

    def console(self, *args, check=True):
        """Runs the console as root with --json; returns (status, parsed)."""
        p = subprocess.run([os.path.join(self.build, "tiengdan"), "-c", self.conf, "--json"]
                           + list(args), capture_output=True, text=True)
        if check and p.returncode != 0:
            raise RuntimeError("tiengdan %s: %s" % (" ".join(args), p.stderr))
        try:
            return p.returncode, json.loads(p.stdout) if p.stdout.strip() else None
        except json.JSONDecodeError:
            return p.returncode, p.stdout

    def inject(self, number, text, when=None):
        cmd = [os.path.join(self.build, "tiengdan-sms-inject")]
        if when:
            cmd += ["--time", when]
        subprocess.run(cmd + [self.modem, number, text], check=True, capture_output=True)

    def sql(self, query):
        """Reads the database (sqlite3's own client, read-only)."""
        p = subprocess.run(["sqlite3", "-json", "file:%s/tiengdan.db?mode=ro" % self.dir, query],
                           capture_output=True, text=True, check=True)
        return json.loads(p.stdout) if p.stdout.strip() else []

    def wait_sql(self, query, pred, timeout=30.0):
        end = time.time() + timeout
        while True:
            rows = self.sql(query)
            if pred(rows):
                return rows
            if time.time() > end:
                raise RuntimeError("timed out: %s -> %s" % (query, rows))
            time.sleep(0.2)

    # ------------------------------------------------------------ cockpit

    def install_package(self):
        """Copies web/ to DIR/share/cockpit/tiengdan with the test's socket."""
        share = os.path.join(self.dir, "share")
        dest = os.path.join(share, "cockpit", "tiengdan")
        shutil.copytree(os.path.join(self.source, "web"), dest,
                        ignore=shutil.ignore_patterns("screenshots"))
        man = os.path.join(dest, "manifest.json")
        with open(man) as f:
            m = json.load(f)
        m["config"]["socket"] = self.sock
        with open(man, "w") as f:
            json.dump(m, f, indent=2)
        for root, dirs, files in os.walk(share):
            os.chmod(root, 0o755)
            for n in files:
                os.chmod(os.path.join(root, n), 0o644)
        self.share = share

    def start_cockpit(self, who):
        """cockpit-ws in local-session mode, run as the unix user of role
        who (member of the socket's group); returns its port."""
        pw = pwd.getpwnam(USERS[who])
        home = os.path.join(self.dir, "home-" + who)
        os.makedirs(home, exist_ok=True)
        os.chown(home, pw.pw_uid, pw.pw_gid)
        port = free_port()
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": home, "USER": pw.pw_name,
               "LOGNAME": pw.pw_name, "XDG_DATA_DIRS": self.share + ":/usr/share",
               "XDG_CONFIG_DIRS": os.path.join(self.dir, "etc-none"),
               "XDG_RUNTIME_DIR": home, "LANG": "C.UTF-8"}
        log = open(os.path.join(self.dir, "cockpit-%s.log" % who), "w")
        p = subprocess.Popen(["setpriv", "--reuid=%d" % pw.pw_uid, "--regid=%d" % pw.pw_gid,
                              "--groups=65534", "--",
                              "/usr/lib/cockpit/cockpit-ws", "--local-session=cockpit-bridge",
                              "--address=127.0.0.1", "--port=%d" % port],
                             env=env, stdout=log, stderr=log, cwd=home)
        self.procs.append(p)
        if not wait_port(port):
            raise RuntimeError("cockpit-ws did not start for " + who)
        return port

    def start_chromedriver(self):
        port = free_port()
        log = open(os.path.join(self.dir, "chromedriver.log"), "w")
        p = subprocess.Popen(["chromedriver", "--port=%d" % port], stdout=log, stderr=log)
        self.procs.append(p)
        if not wait_port(port):
            raise RuntimeError("chromedriver did not start")
        return port

    def close(self, keep=False):
        for p in self.procs:
            p.terminate()
        for p in self.procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        ok = True
        try:
            self.stop_daemon()
        except RuntimeError as e:
            print("FAIL " + str(e))
            ok = False
        if ok and not keep:
            shutil.rmtree(self.dir, ignore_errors=True)
        return ok

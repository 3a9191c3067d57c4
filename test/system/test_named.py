"""The named program: command line, start-up, signals, pid file.

Our named is started in the foreground (-g) on a temporary named.conf on
127.0.0.1 (ports 15600-15699) and checked with dnspython:
- -v/-V, and usage errors: exit status and stderr equal to BIND 9.18's
  named for the same arguments (BIND is the oracle);
- answers from the loaded zone, the pid file written (its parent made)
  and removed at exit, SIGTERM/SIGINT exiting 0 within 2 seconds;
- SIGHUP after the zone file changed serves the new serial; SIGHUP with a
  broken named.conf logs "reloading configuration failed" and keeps the
  old data;
- a zone that does not load is "not loaded due to errors." and answers
  SERVFAIL (as BIND's does on the same files) while the others serve;
- a configuration that cannot be loaded exits 1 with named's words;
- without -f/-g, named detaches, the parent exits 0 once serving (1 if
  the start failed), and the pid file names the daemon;
- SIGHUP with a new listen-on port moves the listener; -u drops to
  "nobody" after binding (the pid file is then the user's); -t chroots
  before reading named.conf.
"""
import os
import pathlib
import pwd
import shutil
import signal
import subprocess
import tempfile
import time

import dns.exception
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import pytest

from conftest import bind, ours

PORT_BASE = 15600
# the start-up line, not "running on Linux ..." or "running as: ..."
RUNNING = " running\n"

ZONE = """$TTL 300
@\tSOA\tns1 hostmaster {serial} 7200 900 1209600 300
\tNS\tns1
ns1\tA\t127.0.0.1
www\tA\t192.0.2.{serial_low}
"""

BAD_ZONE = """$TTL 300
@\tSOA\tns1 hostmaster 1 7200 900 1209600 300
\tNS\tns1
ns1\tA\t127.0.0.1
x\tBOGUS\t1
"""


def conf_text(directory, port, pid_file="run/named.pid", extra_zones=""):
    pid = "none" if pid_file is None else f'"{pid_file}"'
    return f"""options {{
\tdirectory "{directory}";
\tlisten-on port {port} {{ 127.0.0.1; }};
\tlisten-on-v6 {{ none; }};
\trecursion no;
\tdnssec-validation no;
\tnotify explicit;
\tpid-file {pid};
}};
controls {{ }};
zone "example.test" {{ type primary; file "example.test.db"; }};
{extra_zones}"""


def write_zone(path, serial):
    with open(path, "w") as f:
        f.write(ZONE.format(serial=serial, serial_low=serial % 256))


class Server:
    """One named process (ours or BIND's) in its own directory."""

    def __init__(self, binary, directory, port, args=None):
        self.dir = directory
        self.port = port
        self.logpath = os.path.join(directory, "named.log")
        self.log = open(self.logpath, "w")
        cmd = [binary, "-g", "-c", "named.conf"] + (args or [])
        self.proc = subprocess.Popen(cmd, cwd=directory, stdout=self.log,
                                     stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)

    def text(self):
        with open(self.logpath) as f:
            return f.read()

    def wait_log(self, needle, timeout=15.0, count=1):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.text().count(needle) >= count:
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        pytest.fail(f"'{needle}' not logged (x{count}); exit "
                    f"{self.proc.poll()}; log:\n{self.text()}")

    def query(self, qname, qtype="SOA"):
        q = dns.message.make_query(qname, qtype)
        return dns.query.udp(q, "127.0.0.1", port=self.port, timeout=2)

    def serial(self):
        r = self.query("example.test.", "SOA")
        assert r.rcode() == dns.rcode.NOERROR, r
        return r.answer[0][0].serial

    def stop(self, sig=signal.SIGTERM, timeout=2.0):
        """Sends sig; returns (exit status, seconds taken)."""
        t0 = time.monotonic()
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"named did not exit within {timeout}s of {sig}")
        self.log.close()
        return rc, time.monotonic() - t0

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if not self.log.closed:
            self.log.close()


@pytest.fixture
def servers():
    started = []
    yield started
    for s in started:
        s.kill()


def setup_dir(tmp_path, port, **kw):
    d = str(tmp_path)
    write_zone(os.path.join(d, "example.test.db"), 1)
    with open(os.path.join(d, "named.conf"), "w") as f:
        f.write(conf_text(d, port, **kw))
    return d


def start_ours(servers, d, port, args=None):
    s = Server(ours("named"), d, port, args)
    servers.append(s)
    s.wait_log(RUNNING)
    return s


def run(binary, args, timeout=10):
    p = subprocess.run([binary] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                       timeout=timeout, cwd="/")
    return p.returncode, p.stdout.decode(), p.stderr.decode()


# ---- command line ----

def test_version():
    rc, out, err = run(ours("named"), ["-v"])
    assert rc == 0 and err == ""
    assert out.startswith("Bindery ") and "BIND 9.18" in out
    assert out.count("\n") == 1
    brc, _, _ = run(bind("named"), ["-v"])
    assert brc == rc
    rc, vout, err = run(ours("named"), ["-V"])
    assert rc == 0 and err == ""
    assert vout.startswith(out)
    assert "default paths:" in vout
    assert "named configuration:  /etc/bind/named.conf" in vout


@pytest.mark.parametrize("args", [
    ["-Z"], ["-h"], ["-p"], ["-p", "abc"], ["-p", "70000"], ["-4", "-6"],
    ["-d", "x"], ["-n", "-1"], ["-m", "bogus"], ["-M", "bogus"],
    ["extra"], ["-g", "--", "x"], ["-u", "no-such-user-xyz"],
    ["-U", "x"], ["-p", "dns=abc"], ["-v", "-m", "bogus"],
])
def test_usage_like_bind(args):
    # nothing starts: every case fails (or prints) before loading
    rc, out, err = run(ours("named"), args + ["-c", "/nonexistent"])
    brc, bout, berr = run(bind("named"), args + ["-c", "/nonexistent"])
    assert rc == brc, (args, err, berr)
    if args[0] == "-v":
        assert out.startswith("Bindery ")
    else:
        assert rc == 1
        assert err == berr, args
        assert out == bout == ""


def test_load_failure_exits_1(tmp_path):
    d = str(tmp_path)
    rc, out, err = run(ours("named"), ["-g", "-c", d + "/missing.conf"])
    assert rc == 1
    assert f"loading configuration from '{d}/missing.conf'" in err
    assert "loading configuration: " in err
    assert err.rstrip().endswith("exiting (due to fatal error)")
    # a syntax error too, with the file:line message first
    with open(os.path.join(d, "named.conf"), "w") as f:
        f.write("options { directory \"" + d + "\" }\n")
    rc, out, err = run(ours("named"), ["-g", "-c", d + "/named.conf"])
    assert rc == 1
    assert f"{d}/named.conf:" in err
    assert err.rstrip().endswith("exiting (due to fatal error)")


# ---- serving, pid file, signals ----

def test_serve_pidfile_sigterm(tmp_path, servers):
    port = PORT_BASE + 1
    d = setup_dir(tmp_path, port)
    s = start_ours(servers, d, port)
    log = s.text()
    assert "starting Bindery " in log
    assert f"loading configuration from '{d}/named.conf'" in log
    assert "all zones loaded" in log
    assert s.serial() == 1
    r = s.query("www.example.test.", "A")
    assert r.rcode() == dns.rcode.NOERROR
    assert r.answer[0][0].address == "192.0.2.1"
    pidfile = os.path.join(d, "run", "named.pid")
    with open(pidfile) as f:
        assert f.read() == f"{s.proc.pid}\n"
    rc, took = s.stop(signal.SIGTERM)
    assert rc == 0
    assert took < 2.0
    assert not os.path.exists(pidfile)
    log = s.text()
    # named's order: interfaces closed, "shutting down", "exiting"
    closed = log.index(f"no longer listening on 127.0.0.1#{port}\n")
    assert closed < log.index(" shutting down\n")
    last_two = [line.split(" ", 2)[2] for line in log.splitlines()[-2:]]
    assert last_two == ["shutting down", "exiting"]


def test_sigint_exits_0(tmp_path, servers):
    port = PORT_BASE + 2
    d = setup_dir(tmp_path, port, pid_file=None)
    s = start_ours(servers, d, port)
    assert s.serial() == 1
    rc, took = s.stop(signal.SIGINT)
    assert rc == 0 and took < 2.0


def test_sighup_new_serial(tmp_path, servers):
    port = PORT_BASE + 3
    d = setup_dir(tmp_path, port)
    s = start_ours(servers, d, port)
    assert s.serial() == 1
    zone = os.path.join(d, "example.test.db")
    write_zone(zone, 2)
    # a different mtime even on a coarse clock
    st = os.stat(zone)
    os.utime(zone, (st.st_atime + 5, st.st_mtime + 5))
    s.proc.send_signal(signal.SIGHUP)
    s.wait_log("reloading configuration succeeded")
    s.wait_log(RUNNING, count=2)
    assert s.serial() == 2
    r = s.query("www.example.test.", "A")
    assert r.answer[0][0].address == "192.0.2.2"
    assert "received SIGHUP signal to reload zones" in s.text()
    rc, _ = s.stop()
    assert rc == 0


def test_sighup_broken_conf_keeps_serving(tmp_path, servers):
    port = PORT_BASE + 4
    d = setup_dir(tmp_path, port)
    s = start_ours(servers, d, port)
    assert s.serial() == 1
    with open(os.path.join(d, "named.conf"), "a") as f:
        f.write("options { bogus-option yes; };\n")
    zone = os.path.join(d, "example.test.db")
    write_zone(zone, 3)
    st = os.stat(zone)
    os.utime(zone, (st.st_atime + 5, st.st_mtime + 5))
    s.proc.send_signal(signal.SIGHUP)
    s.wait_log("reloading configuration failed: ")
    assert s.proc.poll() is None
    assert s.serial() == 1  # the old generation, not the new file
    assert os.path.exists(os.path.join(d, "run", "named.pid"))
    # fixed again: the next SIGHUP loads the new data
    with open(os.path.join(d, "named.conf"), "w") as f:
        f.write(conf_text(d, port))
    s.proc.send_signal(signal.SIGHUP)
    s.wait_log("reloading configuration succeeded")
    s.wait_log(RUNNING, count=2)
    assert s.serial() == 3
    rc, _ = s.stop()
    assert rc == 0


def test_broken_zone_not_loaded(tmp_path, servers):
    port = PORT_BASE + 5
    extra = 'zone "bad.test" { type primary; file "bad.test.db"; };\n'
    d = setup_dir(tmp_path, port, extra_zones=extra, pid_file=None)
    with open(os.path.join(d, "bad.test.db"), "w") as f:
        f.write(BAD_ZONE)
    s = start_ours(servers, d, port)
    assert "zone bad.test/IN: not loaded due to errors." in s.text()
    assert s.serial() == 1
    ours_rcode = s.query("bad.test.", "SOA").rcode()
    rc, _ = s.stop()
    assert rc == 0

    # BIND on the same directory and files, for the rcode
    bport = PORT_BASE + 6
    with open(os.path.join(d, "named.conf"), "w") as f:
        f.write(conf_text(d, bport, extra_zones=extra, pid_file=None))
    b = Server(bind("named"), d, bport)
    servers.append(b)
    b.wait_log(RUNNING)
    assert "zone bad.test/IN: not loaded due to errors." in b.text()
    assert ours_rcode == b.query("bad.test.", "SOA").rcode() == \
        dns.rcode.SERVFAIL
    b.stop()


def wait_gone(pid, timeout=2.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not os.path.exists(f"/proc/{pid}"):
            return True
        with open(f"/proc/{pid}/stat") as f:
            if f.read().split(") ")[1].startswith("Z"):
                return True
        time.sleep(0.02)
    return False


def test_daemon(tmp_path):
    port = PORT_BASE + 7
    d = setup_dir(tmp_path, port)
    rc, out, err = run(ours("named"), ["-c", d + "/named.conf"])
    assert rc == 0, err
    pidfile = os.path.join(d, "run", "named.pid")
    with open(pidfile) as f:
        pid = int(f.read())
    try:
        q = dns.message.make_query("example.test.", "SOA")
        r = dns.query.udp(q, "127.0.0.1", port=port, timeout=2)
        assert r.answer[0][0].serial == 1
        # a new session: not tied to the terminal it started from
        assert os.getsid(pid) == pid
    finally:
        os.kill(pid, signal.SIGTERM)
    assert wait_gone(pid)
    assert not os.path.exists(pidfile)

    # a start that fails: the parent reports it
    rc, out, err = run(ours("named"), ["-c", d + "/missing.conf"])
    assert rc == 1


def test_sighup_moves_listener(tmp_path, servers):
    port = PORT_BASE + 8
    new_port = PORT_BASE + 9
    d = setup_dir(tmp_path, port, pid_file=None)
    s = start_ours(servers, d, port)
    assert s.serial() == 1
    with open(os.path.join(d, "named.conf"), "w") as f:
        f.write(conf_text(d, new_port, pid_file=None))
    s.proc.send_signal(signal.SIGHUP)
    s.wait_log("reloading configuration succeeded")
    s.wait_log(RUNNING, count=2)
    s.port = new_port
    assert s.serial() == 1
    assert f"no longer listening on 127.0.0.1#{port}" in s.text()
    q = dns.message.make_query("example.test.", "SOA")
    with pytest.raises(dns.exception.Timeout):
        dns.query.udp(q, "127.0.0.1", port=port, timeout=0.5)
    rc, _ = s.stop()
    assert rc == 0


def test_change_user(servers):
    if os.geteuid() != 0:
        pytest.fail("this test starts named as root to check -u")
    nobody = pwd.getpwnam("nobody")
    port = PORT_BASE + 10
    # pytest's tmp_path is root's alone: nobody needs a way in
    top = tempfile.mkdtemp(prefix="test_named_u.", dir="/tmp")
    try:
        os.chmod(top, 0o755)
        d = setup_dir(pathlib.Path(top), port)
        # the pid file is written after the switch, as named writes it
        os.chown(d, nobody.pw_uid, nobody.pw_gid)
        check_user(servers, d, port, nobody)
    finally:
        shutil.rmtree(top)


def check_user(servers, d, port, nobody):
    s = start_ours(servers, d, port, ["-u", "nobody"])
    with open(f"/proc/{s.proc.pid}/status") as f:
        uids = [line.split()[1:] for line in f if line.startswith("Uid:")]
    assert uids == [[str(nobody.pw_uid)] * 4]
    pidfile = os.path.join(d, "run", "named.pid")
    assert os.stat(pidfile).st_uid == nobody.pw_uid
    assert s.serial() == 1
    rc, _ = s.stop()
    assert rc == 0
    assert not os.path.exists(pidfile)


def test_chroot(tmp_path, servers):
    if os.geteuid() != 0:
        pytest.fail("this test starts named as root to check -t")
    port = PORT_BASE + 11
    root = str(tmp_path)
    os.mkdir(os.path.join(root, "etc"))
    write_zone(os.path.join(root, "etc", "example.test.db"), 1)
    # every path in named.conf is inside the new root
    with open(os.path.join(root, "etc", "named.conf"), "w") as f:
        f.write(conf_text("/etc", port, pid_file="/run/named.pid"))
    s = Server(ours("named"), root, port,
               ["-t", root, "-c", "/etc/named.conf"])
    servers.append(s)
    s.wait_log(RUNNING)
    assert "loading configuration from '/etc/named.conf'" in s.text()
    assert s.serial() == 1
    pidfile = os.path.join(root, "run", "named.pid")
    with open(pidfile) as f:
        assert f.read() == f"{s.proc.pid}\n"
    assert os.readlink(f"/proc/{s.proc.pid}/root") == root
    rc, _ = s.stop()
    assert rc == 0
    assert not os.path.exists(pidfile)


def test_port_busy_exits_like_bind(tmp_path):
    """Every configured address fails: named 9.18 exits 1, so do we."""
    import socket
    port = PORT_BASE + 12
    d = setup_dir(tmp_path, port, pid_file=None)
    busy = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    busy.bind(("127.0.0.1", port))
    try:
        results = {}
        for who, binary in (("ours", ours("named")), ("bind", bind("named"))):
            rc, out, err = run(binary, ["-g", "-c", d + "/named.conf"],
                               timeout=30)
            tail = [line.split(" ", 2)[2] for line in err.splitlines()[-4:]]
            results[who] = (rc, tail)
    finally:
        busy.close()
    assert results["ours"] == results["bind"]
    assert results["bind"] == (1, [
        "creating IPv4 interface lo failed; interface ignored",
        "unable to listen on any configured interfaces",
        "loading configuration: failure",
        "exiting (due to fatal error)"])


def test_foreground_f(tmp_path):
    """-f: no fork (the pid file names the process we started); logging
    follows named.conf / syslog instead of stderr."""
    port = PORT_BASE + 13
    d = setup_dir(tmp_path, port)
    pidfile = os.path.join(d, "run", "named.pid")
    errpath = os.path.join(d, "stderr.txt")
    with open(errpath, "w") as errf:
        p = subprocess.Popen([ours("named"), "-f", "-c", d + "/named.conf"],
                             cwd=d, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=errf)
    try:
        deadline = time.monotonic() + 15
        while not os.path.exists(pidfile) and time.monotonic() < deadline:
            assert p.poll() is None, open(errpath).read()
            time.sleep(0.02)
        with open(pidfile) as f:
            assert f.read() == f"{p.pid}\n"
        q = dns.message.make_query("example.test.", "SOA")
        r = dns.query.udp(q, "127.0.0.1", port=port, timeout=2)
        assert r.answer[0][0].serial == 1
        p.send_signal(signal.SIGTERM)
        assert p.wait(timeout=2) == 0
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert not os.path.exists(pidfile)


def test_reloads_under_load(tmp_path, servers):
    """Queries keep being answered while SIGHUP swaps in new serials:
    none lost, every serial seen, each reload logged as succeeded."""
    import threading
    port = PORT_BASE + 14
    d = setup_dir(tmp_path, port, pid_file=None)
    s = start_ours(servers, d, port)
    zone = os.path.join(d, "example.test.db")
    stats = {"ok": 0, "fail": 0, "serials": set()}
    lock = threading.Lock()
    stop = threading.Event()

    def ask():
        while not stop.is_set():
            try:
                serial = s.serial()  # also fails on any rcode but NOERROR
            except (AssertionError, dns.exception.DNSException):
                with lock:
                    stats["fail"] += 1
                continue
            with lock:
                stats["ok"] += 1
                stats["serials"].add(serial)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for serial in range(2, 12):
            write_zone(zone, serial)
            st = os.stat(zone)
            os.utime(zone, (st.st_atime + serial * 10,
                            st.st_mtime + serial * 10))
            s.proc.send_signal(signal.SIGHUP)
            s.wait_log("reloading configuration succeeded", count=serial - 1)
            time.sleep(0.05)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert stats["fail"] == 0
    assert stats["serials"] == set(range(1, 12))
    assert stats["ok"] > 100
    rc, _ = s.stop()
    assert rc == 0

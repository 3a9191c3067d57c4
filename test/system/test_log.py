"""named's logging {} against BIND 9.18's named (the oracle).

Our named and BIND's run in the foreground (-f, so the logging statement
is used) on 127.0.0.1 (ports 15110-15119), each in its own directory with
the same named.conf: file channels for several print-time / print-category
/ print-severity combinations, a queries channel (querylog unset, so the
"queries" category turns it on), and a channel with "versions 2" whose
old file must be rolled at start-up.  After one query and SIGTERM the
files are compared line shape for line shape (time stamps reduced to
their format) for the lines both servers write: "running", "exiting",
the query line's prefix.  Nothing may appear on stderr with -f.
"""
import os
import re
import signal
import subprocess
import tempfile
import time

import dns.message
import dns.query
import pytest

from conftest import bind, ours

PORT_OURS = 15110
PORT_BIND = 15111

ZONE = """$TTL 300
@\tSOA\tns1 hostmaster 1 7200 900 1209600 300
\tNS\tns1
ns1\tA\t127.0.0.1
"""

CHANNELS = {
    # name: (channel options, ...)
    "full": "print-time yes; print-category yes; print-severity yes;",
    "iso": "print-time iso8601; print-category yes;",
    "utc": "print-time iso8601-utc; print-severity yes;",
    "local": "print-time local;",
    "bare": "",
}


def conf_text(directory, port):
    chans = "".join(
        f' channel {n} {{ file "{n}.log"; {opts} }};\n'
        for n, opts in CHANNELS.items())
    cats = " ".join(f"{n};" for n in CHANNELS)
    return f"""options {{
\tdirectory "{directory}";
\tlisten-on port {port} {{ 127.0.0.1; }};
\tlisten-on-v6 {{ none; }};
\trecursion no;
\tdnssec-validation no;
\tnotify explicit;
\tpid-file none;
}};
controls {{ }};
logging {{
{chans} channel v {{ file "v.log" versions 2; }};
 channel q {{ file "q.log"; print-category yes; print-severity yes; }};
 category default {{ {cats} v; }};
 category queries {{ q; }};
}};
zone "example.test" {{ type primary; file "example.test.db"; }};
"""


SHAPES = [
    (re.compile(r"\d\d-[A-Z][a-z][a-z]-\d{4} \d\d:\d\d:\d\d\.\d{3}"),
     "<LOCAL>"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"), "<ISOZ>"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}"), "<ISO>"),
]


def shape(line):
    for rx, token in SHAPES:
        line = rx.sub(token, line)
    return line


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return ""


def run_server(binary, directory, port):
    with open(os.path.join(directory, "named.conf"), "w") as f:
        f.write(conf_text(directory, port))
    with open(os.path.join(directory, "example.test.db"), "w") as f:
        f.write(ZONE)
    with open(os.path.join(directory, "v.log"), "w") as f:
        f.write("old\n")
    err = open(os.path.join(directory, "stderr.out"), "w")
    proc = subprocess.Popen([binary, "-f", "-c", "named.conf", "-p",
                             str(port)], cwd=directory, stdout=err,
                            stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while ": running\n" not in read(os.path.join(directory, "full.log")):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{binary} did not start: "
                            f"{read(os.path.join(directory, 'stderr.out'))}")
            time.sleep(0.05)
        q = dns.message.make_query("example.test.", "SOA")
        dns.query.udp(q, "127.0.0.1", port=port, timeout=2)
        deadline = time.monotonic() + 5
        while "query:" not in read(os.path.join(directory, "q.log")):
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        err.close()
    return {name: read(os.path.join(directory, name))
            for name in os.listdir(directory)}


@pytest.fixture(scope="module")
def outputs():
    with tempfile.TemporaryDirectory() as d1, \
            tempfile.TemporaryDirectory() as d2:
        o = run_server(ours("named"), d1, PORT_OURS)
        b = run_server(bind("named"), d2, PORT_BIND)
        yield o, b


def lines_with(text, message):
    """Lines whose text (after any prefix) is exactly message."""
    return [shape(l) for l in text.splitlines()
            if l == message or l.endswith(" " + message)]


@pytest.mark.parametrize("channel", sorted(CHANNELS))
@pytest.mark.parametrize("message", ["running", "exiting"])
def test_layout(outputs, channel, message):
    o, b = outputs
    want = lines_with(b[f"{channel}.log"], message)
    got = lines_with(o[f"{channel}.log"], message)
    assert want, f"BIND wrote no '{message}' line to {channel}.log"
    assert got == want


def test_query_line_prefix(outputs):
    o, b = outputs
    prefix = re.compile(r"^(.*?)client @")
    want = [prefix.match(l).group(1) for l in b["q.log"].splitlines()
            if "query:" in l]
    got = [prefix.match(l).group(1) for l in o["q.log"].splitlines()
           if "query:" in l and prefix.match(l)]
    assert want == ["queries: info: "]
    assert got == want


def test_versions_rolled_at_start(outputs):
    o, b = outputs
    assert b["v.log.0"] == "old\n"
    assert o.get("v.log.0") == b["v.log.0"]
    assert "v.log.1" not in o and "v.log.1" not in b


def test_nothing_on_stderr(outputs):
    o, b = outputs
    assert b["stderr.out"] == ""
    assert o["stderr.out"] == ""

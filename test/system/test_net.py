"""The network layer of named, compared with BIND 9.18's on the wire.

Each case runs against Debian's /usr/sbin/named and against ours, on the
same named.conf (127.0.0.1, ports 15560-15599), and expects the same
behaviour from both, so BIND stays the oracle:
- TCP pipelining: twenty requests in one write, twenty answers;
- a request the server drops (zero length, a response) ends the TCP
  connection after the answers already due, a FORMERR answer does not;
- over tcp-clients a connection is held unanswered until a slot frees;
- tcp-initial-timeout closes a connection that sends nothing;
- a port in use: the log lines and the outcome (UDP busy: the interface
  is ignored and nothing listens, so the server exits; TCP alone busy:
  "creating TCP socket: address in use" and UDP still answers).
"""
import os
import signal
import socket
import struct
import subprocess
import tempfile
import time

import dns.message
import dns.query
import dns.rcode
import pytest

from conftest import bind, ours

PORTS = {"bind": 15560, "ours": 15580}

ZONE = """$TTL 300
@\tSOA\tns1 hostmaster 1 7200 900 1209600 300
\tNS\tns1
ns1\tA\t127.0.0.1
www\tA\t192.0.2.1
"""


def conf(directory, port, extra=""):
    return f"""options {{
\tdirectory "{directory}";
\tlisten-on port {port} {{ 127.0.0.1; }};
\tlisten-on-v6 {{ none; }};
\trecursion no;
\tdnssec-validation no;
\tnotify explicit;
\tpid-file none;
{extra}}};
controls {{ }};
zone "example.com" {{ type primary; file "example.db"; }};
"""


class Server:
    def __init__(self, which, port, extra=""):
        self.which = which
        self.port = port
        self.dir = tempfile.mkdtemp(prefix=f"net-{which}-")
        with open(os.path.join(self.dir, "named.conf"), "w") as f:
            f.write(conf(self.dir, port, extra))
        with open(os.path.join(self.dir, "example.db"), "w") as f:
            f.write(ZONE)
        binary = bind("named") if which == "bind" else ours("named")
        self.log = open(os.path.join(self.dir, "log"), "w+")
        self.proc = subprocess.Popen(
            [binary, "-g", "-n", "1", "-c",
             os.path.join(self.dir, "named.conf"), "-p", str(port)],
            cwd=self.dir, stdout=self.log, stderr=subprocess.STDOUT)

    def text(self):
        with open(os.path.join(self.dir, "log")) as f:
            return f.read()

    def wait_ready(self, timeout=20.0):
        q = dns.message.make_query("example.com", "SOA")
        end = time.time() + timeout
        while time.time() < end:
            if self.proc.poll() is not None:
                pytest.fail(f"{self.which} named exited:\n{self.text()}")
            try:
                dns.query.udp(q, "127.0.0.1", port=self.port, timeout=0.3)
                return
            except Exception:
                time.sleep(0.1)
        pytest.fail(f"{self.which} named did not answer:\n{self.text()}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


@pytest.fixture
def start():
    started = []

    def _start(which, extra="", ready=True):
        s = Server(which, PORTS[which], extra)
        started.append(s)
        if ready:
            s.wait_ready()
        return s
    yield _start
    for s in started:
        s.stop()


def frame(wire):
    return struct.pack("!H", len(wire)) + wire


def query(qid, name="www.example.com"):
    q = dns.message.make_query(name, "A", use_edns=False)
    q.id = qid
    return q.to_wire()


def read_msg(sock):
    """One framed message, or 'closed' (EOF or reset) or 'timeout'."""
    try:
        head = b""
        while len(head) < 2:
            got = sock.recv(2 - len(head))
            if not got:
                return "closed"
            head += got
        size = struct.unpack("!H", head)[0]
        data = b""
        while len(data) < size:
            got = sock.recv(size - len(data))
            if not got:
                return "closed"
            data += got
        return dns.message.from_wire(data)
    except socket.timeout:
        return "timeout"
    except ConnectionResetError:
        return "closed"


def connect(port, timeout=2.0):
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(timeout)
    return s


@pytest.mark.parametrize("which", ["bind", "ours"])
def test_pipelined(start, which):
    srv = start(which)
    s = connect(srv.port)
    s.sendall(b"".join(frame(query(0x100 + i)) for i in range(20)))
    ids = set()
    for _ in range(20):
        m = read_msg(s)
        assert isinstance(m, dns.message.Message), m
        assert m.rcode() == dns.rcode.NOERROR
        ids.add(m.id)
    assert ids == {0x100 + i for i in range(20)}
    s.close()


@pytest.mark.parametrize("which", ["bind", "ours"])
@pytest.mark.parametrize("dropped", ["empty", "response"])
def test_drop_ends_connection(start, which, dropped):
    srv = start(which)
    if dropped == "empty":
        bad = b""
    else:
        bad = bytearray(query(0x0bad))
        bad[2] |= 0x80  # QR: a response, which named never answers
        bad = bytes(bad)
    s = connect(srv.port)
    s.sendall(frame(query(1)) + frame(query(2)) + frame(bad) +
              frame(query(3)))
    got = [read_msg(s) for _ in range(3)]
    assert [m.id for m in got[:2]] == [1, 2]
    assert got[2] == "closed"
    s.close()


@pytest.mark.parametrize("which", ["bind", "ours"])
def test_formerr_keeps_connection(start, which):
    srv = start(which)
    s = connect(srv.port)
    cut = query(7)[:14]  # the question cut short
    s.sendall(frame(cut) + frame(query(8)))
    first, second = read_msg(s), read_msg(s)
    assert first.rcode() == dns.rcode.FORMERR and first.id == 7
    assert second.rcode() == dns.rcode.NOERROR and second.id == 8
    s.close()


@pytest.mark.parametrize("which", ["bind", "ours"])
def test_tcp_clients_holds(start, which):
    srv = start(which, "\ttcp-clients 1;\n")
    a = connect(srv.port)
    a.sendall(frame(query(1)))
    assert read_msg(a).id == 1
    b = connect(srv.port, timeout=1.0)
    b.sendall(frame(query(2)))
    assert read_msg(b) == "timeout"
    a.close()
    b.settimeout(3.0)
    m = read_msg(b)
    assert isinstance(m, dns.message.Message) and m.id == 2
    b.close()


@pytest.mark.parametrize("which", ["bind", "ours"])
def test_initial_timeout(start, which):
    # 25 (2.5 s) is the smallest value named accepts.
    srv = start(which, "\ttcp-initial-timeout 25;\n")
    s = connect(srv.port, timeout=8.0)
    t0 = time.time()
    assert read_msg(s) == "closed"
    assert 2.0 <= time.time() - t0 < 5.0
    s.close()


def hold(port, kind):
    s = socket.socket(socket.AF_INET, kind)
    if kind == socket.SOCK_STREAM:
        # Past connections' TIME_WAIT must not stop the holder (a
        # second listener is refused all the same).  Not for UDP, where
        # it would let the server share the port.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    if kind == socket.SOCK_STREAM:
        s.listen()
    return s


@pytest.mark.parametrize("which", ["bind", "ours"])
def test_udp_port_busy(start, which):
    busy = hold(PORTS[which], socket.SOCK_DGRAM)
    try:
        srv = start(which, ready=False)
        end = time.time() + 20
        while (time.time() < end and srv.proc.poll() is None and
               "unable to listen" not in srv.text()):
            time.sleep(0.1)
        try:
            srv.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        text = srv.text()
    finally:
        busy.close()
    assert srv.proc.returncode not in (None, 0)
    assert (f"listening on IPv4 interface lo, 127.0.0.1#{PORTS[which]}"
            in text)
    assert "creating IPv4 interface lo failed; interface ignored" in text
    assert "unable to listen on any configured interfaces" in text


@pytest.mark.parametrize("which", ["bind", "ours"])
def test_tcp_port_busy(start, which):
    busy = hold(PORTS[which], socket.SOCK_STREAM)
    try:
        srv = start(which)
        assert "creating TCP socket: address in use" in srv.text()
    finally:
        busy.close()

"""Helpers for comparing two name servers' answers (test_answers.py).

A Server runs one named (BIND's or ours) in its own directory on a
127.0.0.1 port picked from a range; ask() sends one request over UDP or
TCP from a chosen 127.0.0.x source address; describe() turns a response
into dig-like text in which everything that may legitimately differ
between two correct servers is normalized away, so that two responses are
equal exactly when their descriptions are:

  - the message id is dropped (each request gets a fresh one anyway);
  - the RRs of one RRset (consecutive RRs with the same owner, class and
    type; consecutive RRSIGs of one owner count as one RRset) are sorted
    by rdata, since named's default rrset-order shuffles them;
  - in a truncated (TC) response, RRs are shown by number and size only,
    since which RRs of a shuffled RRset fit is chance;
  - a server cookie is shown by its length only (its bytes are a keyed
    hash of a secret and the time), and a TSIG by its key, algorithm,
    error and lengths (time and MAC change with every response).

Everything else stays: header flags and rcode, EDNS version, payload,
flags and options, every section's RRs in order with names in the case
they were sent, TTLs, and the size of the response on the wire (which
catches differences in compression and truncation).
"""
import os
import random
import shutil
import signal
import socket
import struct
import subprocess
import time

import dns.edns
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.opcode
import dns.rcode
import dns.rdataclass
import dns.rdatatype

COOKIE = 10


class ServerError(Exception):
    pass


def port_free(port):
    """True if both a UDP and a TCP socket can bind 127.0.0.1:port now."""
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        s = socket.socket(socket.AF_INET, kind)
        try:
            if kind == socket.SOCK_STREAM:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        finally:
            s.close()
    return True


class Server:
    """One named process on 127.0.0.1.

    binary: the named to run; workdir: a directory holding the zone files
    and named.conf.in (with @PORT@ and @DIR@ placeholders); ports: the
    range to pick a free port from.  start() writes named.conf, runs
    `named -g -c named.conf` and waits until every probe (a request and
    the source address to send it from) gets an answer with rcode
    NOERROR, i.e. until every zone probed is loaded; a server that exits (port taken by someone else) is retried
    on another port, one that runs but does not answer is an error.
    """

    def __init__(self, label, binary, workdir, ports, probe):
        self.label = label
        self.binary = binary
        self.dir = workdir
        self.ports = list(ports)
        self.probe = probe
        self.proc = None
        self.port = None
        self.log = os.path.join(workdir, "named.run")

    def start(self, timeout=20.0):
        candidates = self.ports[:]
        random.shuffle(candidates)
        tried = 0
        for port in candidates:
            if not port_free(port):
                continue
            tried += 1
            if tried > 5:
                break
            how = self._start_on(port, timeout)
            if how == "up":
                return self
            if how == "silent":
                break
        raise ServerError(f"{self.label}: {self.binary} did not start; "
                          f"see {self.log}:\n{self.log_tail()}")

    def _start_on(self, port, timeout):
        with open(os.path.join(self.dir, "named.conf.in")) as f:
            conf = f.read()
        conf = conf.replace("@PORT@", str(port)).replace("@DIR@", self.dir)
        with open(os.path.join(self.dir, "named.conf"), "w") as f:
            f.write(conf)
        logf = open(self.log, "ab")
        self.proc = subprocess.Popen(
            [self.binary, "-g", "-c", os.path.join(self.dir, "named.conf")],
            cwd=self.dir, stdout=logf, stderr=subprocess.STDOUT)
        logf.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.proc = None
                return "exited"
            if self._ready(port):
                self.port = port
                return "up"
            time.sleep(0.1)
        self.stop()
        return "silent"

    def _ready(self, port):
        for wire, source in self.probe:
            got = ask(port, wire, source=source, timeout=0.2)
            if got is None or len(got) < 4 or got[3] & 0x0F != 0:
                return False
        return True

    def stop(self):
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, lines=30):
        try:
            with open(self.log, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""


def ask(port, wire, tcp=False, source="127.0.0.1", timeout=2.0):
    """Sends wire to 127.0.0.1:port from source; the response bytes, or
    None if nothing came back within timeout (or TCP was closed)."""
    if tcp:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    try:
        s.bind((source, 0))
        if not tcp:
            s.sendto(wire, ("127.0.0.1", port))
            data, _ = s.recvfrom(65535)
            return data
        s.connect(("127.0.0.1", port))
        s.sendall(struct.pack("!H", len(wire)) + wire)
        head = _recv_exact(s, 2)
        if head is None:
            return None
        return _recv_exact(s, struct.unpack("!H", head)[0])
    except (socket.timeout, ConnectionError, OSError):
        return None
    finally:
        s.close()


def ask_pipelined(port, wires, source="127.0.0.1", timeout=2.0):
    """Sends every request of wires on one TCP connection before reading,
    then reads as many responses (RFC 7766 pipelining); the responses in
    the order they came, shorter if the server closed or went silent."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    out = []
    try:
        s.bind((source, 0))
        s.connect(("127.0.0.1", port))
        s.sendall(b"".join(struct.pack("!H", len(w)) + w for w in wires))
        for _ in wires:
            head = _recv_exact(s, 2)
            if head is None:
                break
            data = _recv_exact(s, struct.unpack("!H", head)[0])
            if data is None:
                break
            out.append(data)
    except (socket.timeout, ConnectionError, OSError):
        pass
    finally:
        s.close()
    return out


def _recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def _option_text(opt):
    if opt.otype == COOKIE:
        data = _option_bytes(opt)
        client, server = data[:8], data[8:]
        return f"COOKIE client={client.hex()} server=<{len(server)} octets>"
    return f"OPTION {int(opt.otype)} {_option_bytes(opt).hex()}"


def _option_bytes(opt):
    return opt.to_wire()


def _rr_groups(section, truncated):
    """Consecutive RRs of one RRset grouped, each group's rdata sorted.
    In a truncated response an RRset may be cut anywhere and named picks
    its RRs in shuffled order, so there only their number and sizes
    count."""
    groups = []
    for rrset in section:
        # RRSIGs at one owner form one RRset whatever they cover: only
        # an answer to qtype RRSIG lists several of them in a row, and
        # their order there is as free as any RRset's.
        key = (rrset.name.to_text(), rrset.rdclass, rrset.rdtype)
        rdatas = [(rrset.ttl, rd) for rd in rrset]
        if groups and groups[-1][0] == key:
            groups[-1][1].extend(rdatas)
        else:
            groups.append((key, rdatas))
    lines = []
    for (name, rdclass, rdtype), rdatas in groups:
        if truncated:
            sizes = sorted(len(rd.to_digestable()) for _, rd in rdatas)
            ttls = sorted(set(ttl for ttl, _ in rdatas))
            lines.append(f"{name}\t{ttls}\t"
                         f"{dns.rdataclass.to_text(rdclass)}\t"
                         f"{dns.rdatatype.to_text(rdtype)}\t"
                         f"<{len(rdatas)} RRs of sizes {sizes}>")
            continue
        texts = sorted((rd.to_digestable(), ttl, rd.to_text())
                       for ttl, rd in rdatas)
        for _, ttl, text in texts:
            lines.append(f"{name}\t{ttl}\t"
                         f"{dns.rdataclass.to_text(rdclass)}\t"
                         f"{dns.rdatatype.to_text(rdtype)}\t{text}")
    return lines


def _skip_name(wire, off):
    """Offset just past the (possibly compressed) name at off."""
    while True:
        n = wire[off]
        if n >= 0xC0:
            return off + 2
        if n == 0:
            return off + 1
        off += 1 + n


def _split_tsig(wire):
    """(wire without a final TSIG RR, that RR's summary) or (wire, None).
    A TSIG cannot be read without the key, and its time and MAC change
    with every response, so only its stable fields are described."""
    try:
        qd, an, ns, ar = struct.unpack("!4H", wire[4:12])
        if ar == 0:
            return wire, None
        off = 12
        for _ in range(qd):
            off = _skip_name(wire, off) + 4
        start = off
        for _ in range(an + ns + ar):
            start = off
            off = _skip_name(wire, off)
            rtype, _, _, rdlen = struct.unpack("!HHIH", wire[off:off + 10])
            off += 10 + rdlen
        if rtype != 250 or off != len(wire):
            return wire, None
        name = dns.name.from_wire(wire, start)[0].to_text()
        rd = _skip_name(wire, start) + 10
        alg, rd2 = dns.name.from_wire(wire, rd)
        rd += rd2 + 8
        maclen = struct.unpack("!H", wire[rd:rd + 2])[0]
        rd += 2 + maclen
        orig, error, otherlen = struct.unpack("!3H", wire[rd:rd + 6])
        head = wire[:10] + struct.pack("!H", ar - 1) + wire[12:start]
        return head, (f"tsig {name} {alg.to_text()} mac <{maclen} octets> "
                      f"error {error} other <{otherlen} octets>")
    except (IndexError, struct.error, dns.exception.DNSException):
        return wire, None


def describe(wire):
    """Dig-like text of a response, normalized as the module says."""
    if wire is None:
        return ["no response"]
    wire, tsig = _split_tsig(wire)
    if tsig is not None:
        return describe(wire) + [tsig]
    lines = [f"size {len(wire)}"]
    if len(wire) < 12:
        return lines + [f"short message {wire.hex()}"]
    flags = struct.unpack("!H", wire[2:4])[0]
    counts = struct.unpack("!4H", wire[4:12])
    try:
        m = dns.message.from_wire(wire, one_rr_per_rrset=True)
    except (dns.exception.DNSException, ValueError) as e:
        return lines + [f"unparsable ({type(e).__name__}): "
                        f"<id> {wire[2:].hex()}"]
    lines.append(f"opcode {dns.opcode.to_text(m.opcode())} "
                 f"rcode {dns.rcode.to_text(m.rcode())} "
                 f"flags {dns.flags.to_text(m.flags & 0x87f0)} "
                 f"bits {flags & 0x0070:#x} "
                 f"counts qd {counts[0]} an {counts[1]} ns {counts[2]} "
                 f"ar {counts[3]}")
    if m.edns >= 0:
        lines.append(f"edns {m.edns} udp {m.payload} "
                     f"flags {dns.flags.edns_to_text(m.ednsflags)} "
                     f"raw {m.ednsflags:#06x}")
        for opt in m.options:
            lines.append("  " + _option_text(opt))
    lines.append(";; QUESTION")
    for q in m.question:
        lines.append(f"{q.name.to_text()}\t"
                     f"{dns.rdataclass.to_text(q.rdclass)}\t"
                     f"{dns.rdatatype.to_text(q.rdtype)}")
    for title, section in ((";; ANSWER", m.answer),
                           (";; AUTHORITY", m.authority),
                           (";; ADDITIONAL", m.additional)):
        if section:
            lines.append(title)
            lines.extend(_rr_groups(section, bool(m.flags & dns.flags.TC)))
    return lines


def copy_tree(src, dst, names):
    os.makedirs(dst, exist_ok=True)
    for n in names:
        shutil.copy(os.path.join(src, n), os.path.join(dst, n))

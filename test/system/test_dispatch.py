"""The request path (named/dispatch.c) octet for octet against BIND 9.18.

Debian's /usr/sbin/named and our named/named load the same named.conf
(below: query logging on, server-id, version, a zone refusing queries)
and the same zone.  Each request, most of them odd (opcodes, meta
classes and types, EDNS versions and options, cookies, TSIG, CHAOS),
goes to both over UDP or TCP; the two responses must be equal octet for
octet, except the server cookie's 16 octets and a TSIG's time signed.
Then the client lines each server logged (query log, denials, query
errors, NOTIFY/UPDATE/xfer refusals) must be the same, after dropping
timestamps, client object addresses and source ports.

test_answers.py compares answers over many zones and views; this test is
about what dispatch adds around them.
"""
import difflib
import os
import re
import shutil
import struct
import sys
import tempfile
import time

import dns.edns
import dns.message
import dns.name
import dns.tsigkeyring
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dnscompare  # noqa: E402
from conftest import bind, ours  # noqa: E402

BIND_PORTS = range(15420, 15440)
OUR_PORTS = range(15440, 15460)

CONF = """options {
	directory "@DIR@";
	listen-on port @PORT@ { 127.0.0.1; };
	listen-on-v6 { none; };
	recursion no;
	dnssec-validation no;
	notify explicit;
	pid-file none;
	querylog yes;
	server-id "ns1.dispatch.test";
	version "dispatch-test";
	hostname "host.dispatch.test";
	tcp-advertised-timeout 250;
};
controls { };
zone "example.com" { type primary; file "example.com.db"; };
zone "denied.test" { type primary; file "example.com.db";
	allow-query { none; }; };
zone "fwd.example.com" { type forward; forwarders { 127.0.0.1 port 9; }; };
zone "fwd.test" { type forward; forwarders { 127.0.0.1 port 9; }; };
zone "ss.test" { type static-stub; server-addresses { 127.0.0.1; }; };
"""

ZONE = """$TTL 300
@ IN SOA ns1 hostmaster 1 3600 900 604800 60
@ IN NS ns1
@ IN MX 10 mail
ns1 IN A 127.0.0.1
www IN A 192.0.2.1
mail IN A 192.0.2.25
"""


def q(name, qtype="A", qclass="IN", rd=True, **kw):
    m = dns.message.make_query(name, qtype, qclass, **kw)
    m.id = 0x1234
    if not rd:
        m.flags = 0
    return m.to_wire()


def noq(w):
    """The same request without its (single, 21-octet) question."""
    return w[:4] + b"\0\0" + w[6:12] + w[12 + 21:]


def setb(w, i, v):
    w = bytearray(w)
    w[i] = v
    return bytes(w)


def op(name, qtype, opcode, flags=0, qclass="IN"):
    w = bytearray(q(name, qtype, qclass))
    w[2] = (opcode << 3) | (flags >> 8)
    w[3] = flags & 0xFF
    return bytes(w)


def opt(code, data=b""):
    return dns.edns.GenericOption(code, data)


CK = [opt(10, bytes(range(8)))]
ALL = [opt(10, bytes(range(8))), opt(3), opt(11)]


def tsig_request(qclass="IN", key="unknown.key.", alg="hmac-sha256."):
    m = dns.message.make_query("www.example.com", "A", qclass)
    m.id = 0x1234
    m.use_tsig(dns.tsigkeyring.from_text(
        {key: "aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ="}),
        algorithm=dns.name.from_text(alg))
    return m.to_wire()


def qd2(w):
    """Two questions: the first, and its name again with type AAAA."""
    return (w[:5] + b"\x02" + w[6:12] + w[12:12 + 21] + w[12:12 + 17] +
            b"\0\x1c\0\x01" + w[12 + 21:])


E0 = dict(use_edns=0)
CASES = [
    ("plain", q("www.example.com"), False),
    ("plain-edns", q("www.example.com", **E0), False),
    ("case-nord", q("WwW.ExAmple.COM", rd=False), False),
    ("do-cd", setb(q("www.example.com", want_dnssec=True, **E0), 3, 0x10),
     False),
    ("tcp", q("www.example.com", **E0), True),
    ("options-tcp", q("www.example.com", options=ALL, **E0), True),
    ("options-udp", q("www.example.com", options=ALL, **E0), False),
    ("not-in-zone", q("www.other.org"), False),
    ("not-in-zone-cookie", q("www.other.org", options=CK, **E0), False),
    ("denied", q("www.denied.test"), False),
    ("denied-edns", q("www.denied.test", **E0), False),
    ("qd0", bytes.fromhex("123401000000000000000000"), False),
    ("qd0-edns", noq(q("www.example.com", **E0)), False),
    ("qd0-cookie", noq(q("www.example.com", options=CK, **E0)), False),
    ("qd0-notify-cookie",
     setb(noq(q("www.example.com", options=CK, **E0)), 2, 4 << 3), False),
    ("qd0-opcode3", setb(noq(q("www.example.com", **E0)), 2, 3 << 3), False),
    ("status", setb(q("www.example.com"), 2, (2 << 3) | 1), False),
    ("opcode3-options",
     setb(q("www.example.com", options=ALL, **E0), 2, (3 << 3) | 1), True),
    ("iquery", setb(q("www.example.com", **E0), 2, (1 << 3) | 1), False),
    # EDNS version 1 (the OPT's version octet is 25 from the end: 20
    # octets of options, rdlength, flags).
    ("badvers", setb(q("www.example.com", options=ALL, **E0), -25, 1),
     False),
    ("class-any", q("www.example.com", "A", "ANY", options=CK, **E0), False),
    ("class-none", q("www.example.com", "A", "NONE"), False),
    ("class-0", q("www.example.com", "A", 0, **E0), False),
    ("class-hs", q("www.example.com", "A", "HS", **E0), False),
    ("cookie-len7", q("www.example.com", options=[opt(10, bytes(7))], **E0),
     False),
    ("cookie-len41",
     q("www.example.com", options=[opt(10, bytes(41))], **E0), False),
    ("cookie-bad-server",
     q("www.example.com", options=[opt(10, bytes(24))], **E0), False),
    ("mailb", q("www.example.com", "MAILB"), False),
    ("type-tsig", q("www.example.com", "TSIG"), False),
    ("type-tkey", q("www.example.com", "TKEY"), False),
    ("type-opt", q("www.example.com", "OPT", **E0), False),
    ("axfr-udp-nonapex", q("www.example.com", "AXFR"), False),
    ("axfr-udp-apex", q("example.com", "AXFR", **E0), False),
    ("ixfr-udp-apex", q("example.com", "IXFR", **E0), False),
    ("axfr-tcp-other", q("other.org", "AXFR", **E0), True),
    ("expire", q("example.com", "SOA", options=[opt(9)], **E0), False),
    ("expire-all-tcp",
     q("example.com", "SOA", options=[opt(9)] + ALL, **E0), True),
    ("expire-nonapex",
     q("www.example.com", "SOA", options=[opt(9)], **E0), False),
    ("small-buffer", q("example.com", "MX", rd=False, payload=512, **E0),
     False),
    ("normal-buffer", q("example.com", "MX", rd=False, payload=1232, **E0),
     False),
    ("notify-apex", op("example.com", "SOA", 4, 0x400), False),
    ("notify-nonapex", op("www.example.com", "SOA", 4, 0x400), False),
    ("notify-a", op("example.com", "A", 4), False),
    ("update-apex", op("example.com", "SOA", 5), False),
    ("update-other", op("other.org", "SOA", 5), False),
    ("class-unknown", q("www.example.com", "A", 33, options=CK, **E0),
     False),
    ("class-2", q("www.example.com", "A", 2), False),
    ("type-meta-200", q("www.example.com", 200, **E0), False),
    ("type-meta-128", q("www.example.com", 128), False),
    # No question, an A record of class 1232 in additional: the class
    # named takes from it is unknown.
    ("qd0-record-class",
     bytes.fromhex("123401000000000000000001000001" "04d0"
                   "00000000000400000000"), False),
    # ...and of class IN: named finds no question (SERVFAIL).
    ("qd0-record-in",
     bytes.fromhex("12340100000000000000000100000100010000000000040a000001"),
     False),
    # Opcode 3 that does not parse: no RD, no question.
    ("formerr-opcode3",
     bytes.fromhex("122019000001000000000001037777076578616d706c6503636f6d"
                   "000001000100002904d00000110000"), False),
    ("notify-chaos", op("version.bind", "SOA", 4, qclass="CH"), False),
    ("update-chaos", op("x.hostname.bind", "TXT", 5, qclass="CH"), False),
    ("tsig-unknown-key", tsig_request(), False),
    ("tsig-no-view", tsig_request("HS"), False),
    ("tsig-case", tsig_request(key="UnKnown.KEY.", alg="HMAC-SHA256."),
     False),
    ("tsig-chaos", tsig_request("CH"), False),
    ("qd2", qd2(q("www.example.com")), False),
    ("qd2-edns-cookie", qd2(q("www.example.com", options=CK, **E0)), False),
    ("root", q(".", "NS"), False),
    ("under-forward", q("www.fwd.example.com", **E0), False),
    ("forward-alone", q("www.fwd.test", **E0), False),
    ("static-stub", q("ss.test", "NS", **E0), False),
    ("ch-version", q("version.bind", "TXT", "CH"), False),
    ("ch-version-case", q("VERSION.BIND", "TXT", "CH"), False),
    ("ch-hostname-nord", q("hostname.bind", "TXT", "CH", rd=False), False),
    ("ch-id", q("id.server", "TXT", "CH", **E0), False),
    ("ch-authors", q("authors.bind", "TXT", "CH"), True),
    ("ch-authors-edns512",
     q("authors.bind", "TXT", "CH", payload=512, **E0), False),
    ("ch-version-a", q("version.bind", "A", "CH"), False),
    ("ch-version-soa-nord", q("version.bind", "SOA", "CH", rd=False, **E0),
     False),
    ("ch-version-any", q("version.bind", "ANY", "CH"), False),
    ("ch-nxdomain", q("foo.version.bind", "TXT", "CH"), False),
    ("ch-other", q("version.server", "TXT", "CH"), False),
    ("ch-not-builtin", q("www.example.com", "A", "CH"), False),
]


def mask(wire):
    """Hides what differs by design: server cookie, TSIG time signed."""
    if wire is None:
        return None
    w = bytearray(wire)
    i = w.find(bytes.fromhex("000a0018"))
    if i >= 0:
        w[i + 12:i + 28] = b"S" * 16
    i = w.find(b"\x0bhmac-sha256\x00")
    if i >= 0:
        w[i + 13:i + 19] = b"T" * 6
    return bytes(w)


def client_lines(path):
    """The client lines of a named -g log, without time, object address
    and source port."""
    out = []
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            parts = line.split(" ", 2)
            if len(parts) < 3 or not (parts[2].startswith("client ") or
                                      parts[2].startswith("limit ")):
                continue
            text = re.sub(r"@0x[0-9a-f]+", "@P", parts[2])
            text = re.sub(r"#\d+", "#N", text)
            out.append(text)
    return out


@pytest.fixture(scope="module")
def servers():
    started = []
    dirs = []
    probe = [(q("www.example.com"), "127.0.0.1")]
    try:
        for label, binary, ports in (("bind", bind("named"), BIND_PORTS),
                                     ("ours", ours("named"), OUR_PORTS)):
            d = tempfile.mkdtemp(prefix=f"dispatch-{label}-")
            dirs.append(d)
            with open(os.path.join(d, "named.conf.in"), "w") as f:
                f.write(CONF)
            with open(os.path.join(d, "example.com.db"), "w") as f:
                f.write(ZONE)
            srv = dnscompare.Server(label, binary, d, ports, probe)
            started.append(srv.start())
        yield started
    finally:
        for srv in started:
            srv.stop()
        for d in dirs:
            shutil.rmtree(d, ignore_errors=True)


def test_responses_and_log_lines(servers):
    bind_srv, our_srv = servers
    before = [len(client_lines(s.log)) for s in servers]
    diffs = []
    for name, wire, tcp in CASES:
        a = mask(dnscompare.ask(bind_srv.port, wire, tcp=tcp, timeout=1.0))
        b = mask(dnscompare.ask(our_srv.port, wire, tcp=tcp, timeout=1.0))
        if name == "ch-authors":
            # named shuffles the names: compare header and size.
            a = a and a[:12] + struct.pack("!H", len(a))
            b = b and b[:12] + struct.pack("!H", len(b))
        if a != b:
            diffs.append(f"{name}:\n  bind {a.hex() if a else None}\n"
                         f"  ours {b.hex() if b else None}")
        if name.startswith("ch-"):
            # The built-in CHAOS view answers 3 a second per name.
            time.sleep(0.4)
    assert not diffs, "\n".join(diffs)
    time.sleep(0.5)  # let both flush their logs
    logs = [client_lines(s.log)[n:] for s, n in zip(servers, before)]
    assert logs[0] == logs[1], "\n".join(
        difflib.unified_diff(logs[0], logs[1], "bind", "ours", lineterm=""))

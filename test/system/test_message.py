"""Message layer (named/message.c, named/render.c) against the oracles.

Parsing: each crafted request goes both to Debian's BIND 9.18 named
(started here on a high port) and to our parser (test/system/msgtool).
BIND's answer (none, FORMERR, or a normal answer) must match the verdict
our parser gives, and for FORMERR the question count and the presence of
an OPT in BIND's answer must match what our parser says to echo.  A few
requests parse fine but are refused later by the query path (no
question, two questions, EDNS version 1, unknown opcode); the table says
so and checks that our parser accepts them.

Rendering: responses built by msgtool render are parsed by dnspython and
must hold exactly the records put in (compressed names expand back to
the same names, case kept), with TC and truncation where expected.
"""
import os
import socket
import struct
import subprocess
import tempfile
import time

import dns.edns
import dns.flags
import dns.message
import dns.rcode
import dns.rrset
import pytest

from conftest import BUILDDIR, bind

MSGTOOL = os.path.join(BUILDDIR, "test", "system", "msgtool")


def msgtool_parse(pkt):
    out = subprocess.run([MSGTOOL, "parse", pkt.hex()], check=True,
                         capture_output=True, text=True).stdout
    res = {}
    for line in out.splitlines():
        k, _, v = line.partition(" ")
        res[k] = v
    return res


def msgtool_render(limit, id_, flags, script):
    p = subprocess.run([MSGTOOL, "render", str(limit), str(id_), str(flags)],
                       input=script, check=True, capture_output=True,
                       text=True)
    return bytes.fromhex(p.stdout.strip()), p.stderr


def name(n):
    out = b""
    for label in n.split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def hdr(id_=0x1111, flags=0, qd=1, an=0, ns=0, ar=0):
    return struct.pack("!6H", id_, flags, qd, an, ns, ar)


def qs(n="www.example", t=1, c=1):
    return name(n) + struct.pack("!HH", t, c)


def rr(n, t, c, ttl, rd):
    return name(n) + struct.pack("!HHIH", t, c, ttl, len(rd)) + rd


OPT = rr("", 41, 1232, 0, b"")
TSIG = rr("key", 250, 255, 0, name("hmac-sha256") +
          b"\0\0\0\0\0\1\1\x2c\0\0\x11\x11\0\0\0\0")

DROP, FORMERR, ANSWER = "drop", "formerr", "answer"
# name: (packet, what BIND does, our verdict or "later" if the query
# path (not the parser) must refuse it)
CASES = {
    "short": (b"\x11\x11\x00\x00\x00\x01", DROP, 1),
    "response": (hdr(flags=0x8000) + qs(), DROP, 1),
    "plain": (hdr() + qs(), ANSWER, 0),
    "edns": (hdr(ar=1) + qs() + OPT, ANSWER, 0),
    "trailing": (hdr() + qs() + b"junk", ANSWER, 0),
    "cut_question": (hdr() + qs()[:-2], FORMERR, 2),
    "two_opt": (hdr(ar=2) + qs() + OPT + OPT, FORMERR, 2),
    "opt_in_answer": (hdr(an=1) + qs() + OPT, FORMERR, 2),
    "opt_owner": (hdr(ar=1) + qs() + rr("x", 41, 1232, 0, b""), FORMERR, 2),
    "bad_cookie": (hdr(ar=1) + qs() +
                   rr("", 41, 1232, 0, b"\x00\x0a\x00\x05abcde"), FORMERR, 2),
    "cut_option": (hdr(ar=1) + qs() +
                   rr("", 41, 1232, 0, b"\x00\x0a\x00\x08ab"), FORMERR, 2),
    "class_mismatch": (hdr(ar=1) + qs() +
                       rr("www.example", 1, 3, 0, b"\1\2\3\4"), FORMERR, 2),
    "bad_a_rdata": (hdr(an=1) + qs() + rr("www.example", 1, 1, 0, b"\1\2\3"),
                    FORMERR, 2),
    "same_question_twice": (hdr(qd=2) + qs() + qs(), FORMERR, 2),
    "two_question_names": (hdr(qd=2) + qs() + qs("ns.example"), FORMERR, 2),
    "two_question_types": (hdr(qd=2) + qs() + qs(t=28), FORMERR, "later"),
    "no_question": (hdr(qd=0), FORMERR, "later"),
    "tsig_not_last": (hdr(ar=2) + qs() + TSIG + OPT, FORMERR, 2),
    "tsig_in_answer": (hdr(an=1) + qs() + TSIG, FORMERR, 2),
    "edns_version_1": (hdr(ar=1) + qs() + rr("", 41, 1232, 0x10000, b""),
                       ANSWER, "later"),
    "opcode_3": (hdr(flags=3 << 11) + qs(), ANSWER, "later"),
    "rd_cd_kept_ad_dropped": (hdr(flags=0x0130, ar=2) + qs() + OPT +
                              rr("www.example", 1, 1, 0, b"\1\2\3"),
                              FORMERR, 2),
    "two_questions_rd": (hdr(flags=0x0100, qd=2) + qs() + qs(), FORMERR, 2),
    "pointer_loop": (hdr() + b"\xc0\x0c" + struct.pack("!HH", 1, 1),
                     FORMERR, 2),
    "rdlen_past_end": (hdr(an=1) + qs() + name("a") +
                       struct.pack("!HHIH", 1, 1, 0, 40) + b"\1\2\3\4",
                       FORMERR, 2),
    "any_as_record": (hdr(an=1) + qs() + rr("www.example", 255, 1, 0, b""),
                      FORMERR, 2),
    "type0_as_record": (hdr(ar=1) + qs() + rr("www.example", 0, 1, 0, b""),
                        FORMERR, 2),
    "axfr_as_record": (hdr(ar=1) + qs() + rr("www.example", 252, 1, 0, b""),
                       FORMERR, 2),
    "unknown_type_128": (hdr(an=1) + qs() + rr("www.example", 128, 1, 0, b""),
                         ANSWER, 0),
}


@pytest.fixture(scope="module")
def bind_server():
    d = tempfile.mkdtemp(prefix="bindery-msg-")
    port = 20000 + os.getpid() % 20000
    with open(os.path.join(d, "named.conf"), "w") as f:
        f.write(f"""options {{ directory "{d}"; pid-file "{d}/named.pid";
  listen-on port {port} {{ 127.0.0.1; }}; listen-on-v6 {{ none; }};
  recursion no; }};
zone "example" {{ type primary; file "example.db"; }};
""")
    with open(os.path.join(d, "example.db"), "w") as f:
        f.write("$TTL 300\n@ SOA ns host 1 2 3 4 5\n@ NS ns\n"
                "ns A 192.0.2.1\nwww A 192.0.2.2\n")
    proc = subprocess.Popen([bind("named"), "-g", "-c",
                             os.path.join(d, "named.conf")],
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    # Wait until it answers.
    ok = False
    for _ in range(50):
        if ask(port, hdr() + qs()) is not None:
            ok = True
            break
        time.sleep(0.1)
    if not ok:
        proc.kill()
        pytest.fail("BIND's named did not start")
    yield port
    proc.terminate()
    proc.wait()


def ask(port, pkt, timeout=0.5):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    try:
        s.sendto(pkt, ("127.0.0.1", port))
        data, _ = s.recvfrom(65535)
        return data
    except (socket.timeout, ConnectionRefusedError):
        return None
    finally:
        s.close()


@pytest.mark.parametrize("case", sorted(CASES))
def test_parse_like_bind(bind_server, case):
    pkt, bind_does, ours = CASES[case]
    got = ask(bind_server, pkt, timeout=0.3 if bind_does == DROP else 2)
    if got is None:
        seen = DROP
    elif got[3] & 0xF == dns.rcode.FORMERR:
        seen = FORMERR
    else:
        seen = ANSWER
    assert seen == bind_does, f"BIND no longer does what the table says"
    res = msgtool_parse(pkt)
    if ours == "later":
        assert res["verdict"] == "0"
        return
    assert int(res["verdict"]) == ours
    if ours == 2:
        # The FORMERR answer echoes what named echoes.
        qd, _, _, ar = struct.unpack("!4H", got[4:12])
        assert int(res["counts"].split()[0]) == qd
        assert int(res["opt_error"]) == ar
        # And render_formerr() gives named's answer octet for octet.
        out = subprocess.run([MSGTOOL, "formerr", pkt.hex()], check=True,
                             capture_output=True, text=True).stdout
        assert bytes.fromhex(out.strip()) == got


def test_parse_fields_from_dnspython():
    q = dns.message.make_query(
        "WwW.Example.com", "MX", use_edns=0, want_dnssec=True, payload=1400,
        options=[dns.edns.GenericOption(10, bytes(range(16))),
                 dns.edns.GenericOption(3, b"")])
    q.id = 4321
    res = msgtool_parse(q.to_wire())
    assert res["result"] == "success" or res["verdict"] == "0"
    assert res["id"] == "4321"
    assert res["qname"] == "WwW.Example.com."
    assert res["qtype"] == "15" and res["qclass"] == "1"
    assert res["edns"] == "1400 0 0 1"
    assert res["cookie"] == bytes(range(16)).hex()
    assert res["nsid"] == "1"
    assert res["flags"] == str(dns.flags.RD)


def rdhex(rdtype, text, origin=None):
    rs = dns.rrset.from_text("x.", 0, "IN", rdtype, text)
    return rs[0].to_wire().hex()


def test_render_compressed_response():
    soa = rdhex("SOA", "ns1.example.com. host.Example.com. 1 2 3 4 5")
    script = "\n".join([
        "question www.example.com. 15 1",
        "edns 1232 1",
        f"rrset 1 www.example.com. 15 1 300 {rdhex('MX', '10 mail.example.com.')}"
        f" {rdhex('MX', '20 MX2.example.com.')}",
        f"rrset 2 example.com. 6 1 600 {soa}",
        f"rrset 3 mail.example.com. 1 1 300 {rdhex('A', '192.0.2.1')}",
        f"rrset 3 _s._tcp.example.com. 33 1 300 "
        f"{rdhex('SRV', '0 0 53 mail.example.com.')}",
    ]) + "\n"
    wire, err = msgtool_render(4096, 77, 0x8400, script)
    assert err == ""
    m = dns.message.from_wire(wire)
    assert m.id == 77 and m.flags & dns.flags.AA and m.flags & dns.flags.QR
    assert m.edns == 0 and m.payload == 1232 and m.ednsflags & dns.flags.DO
    assert str(m.question[0]) == "www.example.com. IN MX"
    want = [
        dns.rrset.from_text("www.example.com.", 300, "IN", "MX",
                            "10 mail.example.com.", "20 MX2.example.com."),
        dns.rrset.from_text("example.com.", 600, "IN", "SOA",
                            "ns1.example.com. host.Example.com. 1 2 3 4 5"),
        dns.rrset.from_text("mail.example.com.", 300, "IN", "A", "192.0.2.1"),
        dns.rrset.from_text("_s._tcp.example.com.", 300, "IN", "SRV",
                            "0 0 53 mail.example.com."),
    ]
    assert m.answer == want[:1]
    assert m.authority == want[1:2]
    assert m.additional == want[2:]
    # Case kept where the text had capitals (dnspython compares names
    # case-insensitively, so look at the text).
    assert "MX2.example.com." in m.answer[0].to_text()
    assert "host.Example.com." in m.authority[0].to_text()
    # The SRV target stays uncompressed: its rdata is as long as stored.
    srv = bytes.fromhex(rdhex("SRV", "0 0 53 mail.example.com."))
    assert srv in wire
    # Compression is as tight as dnspython's: with names that agree in
    # case (dnspython matches case-insensitively) and no SRV (dnspython
    # compresses SRV targets, which RFC 2782 and BIND do not), dnspython
    # renders the message in as many octets (the order of records within
    # an RRset may differ: dnspython keeps them in a set).
    soa = rdhex("SOA", "ns1.example.com. host.example.com. 1 2 3 4 5")
    lower, _ = msgtool_render(4096, 77, 0x8400, "\n".join([
        "question www.example.com. 15 1",
        "edns 1232 1",
        f"rrset 1 www.example.com. 15 1 300 {rdhex('MX', '10 mail.example.com.')}"
        f" {rdhex('MX', '20 mx2.example.com.')}",
        f"rrset 2 example.com. 6 1 600 {soa}",
        f"rrset 3 mail.example.com. 1 1 300 {rdhex('A', '192.0.2.1')}",
    ]) + "\n")
    assert len(lower) == len(dns.message.from_wire(lower).to_wire())
    # Mixed case in the SOA rdata costs the literal "Example" label.
    assert len(wire) > len(lower)


def test_render_truncates_whole_rrsets():
    rd = rdhex("TXT", '"' + "x" * 200 + '"')
    rd2 = rdhex("TXT", '"' + "y" * 200 + '"')
    script = "\n".join([
        "question t.example. 16 1",
        f"rrset 1 t.example. 16 1 60 {rd} {rd2}",
        f"rrset 1 u.example. 16 1 60 {rd}",
        f"rrset 3 t.example. 1 1 60 {rdhex('A', '192.0.2.9')}",
    ]) + "\n"
    wire, err = msgtool_render(512, 5, 0x8400, script)
    assert len(wire) <= 512
    assert "rrset 3 " in err and "rrset 4 " in err
    m = dns.message.from_wire(wire)
    assert m.flags & dns.flags.TC
    assert len(m.answer) == 1 and len(m.answer[0]) == 2
    assert m.additional == []
    # With room for everything there is no TC.
    wire, err = msgtool_render(4096, 5, 0x8400, script)
    assert err == ""
    m = dns.message.from_wire(wire)
    assert not m.flags & dns.flags.TC
    assert len(m.answer) == 2 and len(m.additional) == 1


def test_render_badvers():
    wire, _ = msgtool_render(512, 9, 0x8000,
                             "question a.example. 1 1\nedns 1232 0\n"
                             "rcode 16\n")
    m = dns.message.from_wire(wire)
    assert m.rcode() == dns.rcode.BADVERS

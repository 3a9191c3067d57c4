"""Answers of our named compared with BIND 9.18's, end to end (issue #5).

Debian's /usr/sbin/named and our named/named load the same named.conf
(test/system/answers/named.conf.in: five views reached by the query's
source address 127.0.0.1-5, each with a different minimal-responses /
minimal-any, one with other data) and the same zones (answers/*.db, two
of them signed here with dnssec-signzone, NSEC and NSEC3).  Every case
below sends the same request to both over UDP or TCP and compares the
responses as dnscompare.describe() prints them (id dropped, RRs sorted
inside each RRset, server cookie bytes ignored; everything else,
including the size on the wire, must be equal).

Besides the named cases: 600 seeded random requests over the zones'
names (test_random_queries), the CHAOS view's rate limit, and checks
that the normalization hides nothing else.

A difference is either fixed in our named or listed in KNOWN with the
reason and the exact lines that differ; a listed difference that goes
away (or changes) fails the test too, so the list stays true.

BINDERY_ANSWERS_PEER=bind compares BIND with a second BIND, which checks
the harness itself (every case must then be equal).

BINDERY_ANSWERS_REPORT=file appends every unexpected difference to file
in dig-like text (how /tmp/answers-diffs.md is written).
"""
import concurrent.futures
import difflib
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile

import dns.edns
import dns.flags
import dns.message
import dns.rrset
import dns.tsig
import dns.zone
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dnscompare  # noqa: E402
from conftest import SRCDIR, bind, ours  # noqa: E402

DATA = os.path.join(SRCDIR, "test", "system", "answers")
BIND_PORTS = range(15700, 15750)
OUR_PORTS = range(15750, 15800)
ZONEFILES = ["named.conf.in", "example.db", "other.db", "child.db",
             "view-a.db", "view-b.db", "signed.db.signed",
             "nsec3.db.signed"]

# Source addresses select the views of named.conf.in.
FIRST, SECOND, NOAUTH, NOREC, MAXIMAL = (
    "127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5")
NOVIEW = "127.0.0.9"


# --------------------------------------------------------------- requests

def query(qname, qtype="A", qclass="IN", *, edns=0, payload=1232, do=False,
          rd=False, options=()):
    """Wire form of a query; edns=None sends none."""
    m = dns.message.make_query(qname, qtype, qclass,
                               use_edns=edns if edns is not None else False,
                               payload=payload, want_dnssec=do,
                               options=list(options))
    m.id = random.randrange(65536)
    m.flags = dns.flags.RD if rd else 0
    return m.to_wire()


def rawname(text):
    out = b""
    for label in text.split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def header(flags=0, qd=1, an=0, ns=0, ar=0):
    return struct.pack("!6H", random.randrange(65536), flags, qd, an, ns, ar)


def question(name="www.example", qtype=1, qclass=1):
    return rawname(name) + struct.pack("!HH", qtype, qclass)


def opt_rr(payload=1232, ttl=0, rdata=b""):
    return b"\0" + struct.pack("!HHIH", 41, payload, ttl, len(rdata)) + rdata


def cookie_opt(data):
    return struct.pack("!HH", 10, len(data)) + data


class Case:
    def __init__(self, wire, tcp=False, source=FIRST):
        self.wire, self.tcp, self.source = wire, tcp, source


CASES = {}


def add(case_id, wire, tcp=False, source=FIRST):
    assert case_id not in CASES, case_id
    CASES[case_id] = Case(wire, tcp, source)


def add_variants(case_id, qname, qtype="A", qclass="IN"):
    """The three ways most names are asked: UDP with EDNS and no RD, UDP
    without EDNS but with RD (dig +noedns), TCP with EDNS and DO."""
    add(f"{case_id}/udp", query(qname, qtype, qclass))
    add(f"{case_id}/plain-rd", query(qname, qtype, qclass, edns=None,
                                     rd=True))
    add(f"{case_id}/tcp-do", query(qname, qtype, qclass, do=True), tcp=True)


# Name cases in the unsigned zone example. (and its neighbours).
NAMES = [
    # apex and plain data
    ("apex-soa", "example", "SOA"),
    ("apex-ns", "example", "NS"),
    ("apex-mx", "example", "MX"),
    ("apex-txt", "example", "TXT"),
    ("apex-any", "example", "ANY"),
    ("apex-dnskey", "example", "DNSKEY"),
    ("www-a", "www.example", "A"),
    ("www-aaaa", "www.example", "AAAA"),
    ("www-any", "www.example", "ANY"),
    ("www-mx-nodata", "www.example", "MX"),
    ("www-rrsig-nodata", "www.example", "RRSIG"),
    ("www-type65000", "www.example", "TYPE65000"),
    ("ns1-any", "ns1.example", "ANY"),
    ("nxdomain", "nope.example", "A"),
    ("nxdomain-deep", "a.b.c.nope.example", "TXT"),
    ("mx-additional", "mx.example", "MX"),
    ("srv-additional", "_sip._tcp.example", "SRV"),
    ("srv-ent", "_tcp.example", "A"),
    ("naptr", "naptr.example", "NAPTR"),
    ("svcb", "svc.example", "SVCB"),
    ("https-self", "https.example", "HTTPS"),
    ("afsdb", "afsdb.example", "AFSDB"),
    ("rt", "rt.example", "RT"),
    ("kx", "kx.example", "KX"),
    ("null-mx", "nullmx.example", "MX"),
    ("ptr", "ptr.example", "PTR"),
    ("srv-root-target", "srvdot.example", "SRV"),
    ("caa", "caa.example", "CAA"),
    ("ttl-differs", "ttldiff.example", "A"),
    # case preservation
    ("case-mixed", "MiXeD.ExAmPlE", "A"),
    ("case-lower-of-mixed", "mixed.example", "A"),
    ("case-upper", "WWW.EXAMPLE", "A"),
    ("case-any", "WwW.eXaMpLe", "ANY"),
    ("case-wild", "FoO.WiLd.example", "A"),
    ("case-cname", "C1.Example", "A"),
    ("case-nxdomain", "NoPe.ExAmple", "A"),
    # wildcards
    ("wild-a", "foo.wild.example", "A"),
    ("wild-txt", "foo.wild.example", "TXT"),
    ("wild-any", "foo.wild.example", "ANY"),
    ("wild-nodata", "foo.wild.example", "MX"),
    ("wild-multilabel", "a.b.wild.example", "A"),
    ("wild-literal", "*.wild.example", "A"),
    ("wild-exists-nodata", "exists.wild.example", "TXT"),
    ("wild-parent-ent", "wild.example", "A"),
    ("wild-cname", "foo.wcname.example", "A"),
    ("wild-cname-mx", "foo.wcname.example", "MX"),
    ("wild-cname-loop", "x.wcloop.example", "A"),
    ("wild-below-ent", "q.e.ent2.example", "A"),
    ("wild-ent-itself", "e.ent2.example", "A"),
    ("wild-ent-parent", "ent2.example", "A"),
    ("wild-ent-blocks", "y.wc2.example", "A"),
    ("wild-ent-nx", "z.y.wc2.example", "A"),
    ("wild-sibling", "z.wc2.example", "A"),
    # empty non-terminals
    ("ent", "b.ent.example", "A"),
    ("ent-top", "ent.example", "ANY"),
    ("ent-below-nx", "x.b.ent.example", "A"),
    ("ent-leaf", "a.b.ent.example", "A"),
    # CNAME
    ("cname-a", "cname.example", "A"),
    ("cname-cname", "cname.example", "CNAME"),
    ("cname-any", "cname.example", "ANY"),
    ("cname-chain", "c1.example", "A"),
    ("cname-chain-nodata", "c1.example", "MX"),
    ("cname-loop", "loop1.example", "A"),
    ("cname-self", "self.example", "A"),
    ("cname-other-zone", "xz.example", "A"),
    ("cname-other-zone-nx", "xz2.example", "A"),
    ("cname-out-of-server", "xzout.example", "A"),
    ("cname-dangling", "cdangle.example", "A"),
    ("cname-to-wild", "cwild.example", "A"),
    ("cname-to-mx", "cmx.example", "MX"),
    ("cname-long-chain", "l1.example", "A"),
    ("cname-chain-12", "k1.example", "A"),
    ("cname-back-from-other", "back.other", "A"),
    ("cname-qtype-nsec", "c1.example", "NSEC"),
    ("cname-qtype-nsec-loop", "loop1.example", "NSEC"),
    ("cname-qtype-nsec-long", "l1.example", "NSEC"),
    ("soa-qtype-nxdomain", "nope.example", "SOA"),
    ("soa-qtype-nodata", "www.example", "SOA"),
    ("soa-qtype-ent", "b.ent.example", "SOA"),
    # compression: named offers only some suffixes of the names it wrote
    ("compress-third-suffix", "a.b.c.deep.example", "A"),
    ("compress-second-suffix", "p.b.c.deep.example", "A"),
    # DNAME
    ("dname-other-zone", "x.dn.example", "A"),
    ("dname-owner", "dn.example", "DNAME"),
    ("dname-owner-a", "dn.example", "A"),
    ("dname-in-zone", "a.dn2.example", "A"),
    ("dname-in-zone-nx", "zz.dn2.example", "A"),
    ("dname-to-apex", "www.dnself.example", "A"),
    ("dname-yxdomain", "x" * 60 + "." + "y" * 20 + ".ydn.example", "A"),
    ("dname-fits", "short.ydn.example", "A"),
    ("dname-any", "zz.ydn.example", "ANY"),
    ("dname-any-in-zone", "a.dn2.example", "ANY"),
    ("dname-cname-qtype", "a.dn2.example", "CNAME"),
    # delegations
    ("deleg-a", "www.sub.example", "A"),
    ("deleg-at-cut", "sub.example", "A"),
    ("deleg-ns", "sub.example", "NS"),
    ("deleg-ds", "sub.example", "DS"),
    ("deleg-glue-name", "ns.sub.example", "A"),
    ("deleg-occluded", "deep.sub.example", "A"),
    ("deleg-any", "sub.example", "ANY"),
    ("deleg-sibling-glue", "www.sib.example", "A"),
    ("deleg-out-of-bailiwick", "x.oob.example", "TXT"),
    ("deleg-not-a-cut", "sub2.example", "TXT"),
    ("child-soa", "child.example", "SOA"),
    ("child-www", "www.child.example", "A"),
    ("child-ds-from-parent", "child.example", "DS"),
    ("child-nx", "nope.child.example", "A"),
    # other zone
    ("other-apex", "other", "SOA"),
    ("other-x", "x.other", "ANY"),
]

for cid, qn, qt in NAMES:
    add_variants(cid, qn, qt)

# Outside every zone, other classes, meta types.
add("refused-outside", query("www.nowhere.test", "A"))
add("refused-root", query(".", "SOA"))
add("refused-tld", query("com", "NS", rd=True, edns=None))
add("refused-no-view", query("www.example", "A"), source=NOVIEW)
add("class-hs", query("www.example", "A", "HS"))
add("class-ch-in-zone", query("www.example", "A", "CH"), tcp=True)
add("class-any", query("www.example", "A", "ANY"))
add("qtype-axfr-udp", query("example", "AXFR"))
add("qtype-ixfr-udp", query("example", "IXFR"))
add("qtype-maila", query("www.example", "MAILA"))
add("qtype-opt", query("www.example", "OPT"))
add("qtype-tkey", query("www.example", "TKEY"))
add("qtype-zero", query("www.example", "TYPE0"))
for t in (128, 172, 248, 249, 250, 65280, 65535):
    add(f"qtype-{t}", header(ar=1) + question(qtype=t) + opt_rr())
for c in (0, 2, 28, 254, 255):
    add(f"class-{c}", header(ar=1) + question(qclass=c) + opt_rr())

# CHAOS.
for cid, qn, qt in [("version-bind", "version.bind", "TXT"),
                    ("version-server", "version.server", "TXT"),
                    ("hostname-bind", "hostname.bind", "TXT"),
                    ("id-server", "id.server", "TXT"),
                    ("version-bind-soa", "version.bind", "SOA"),
                    ("version-bind-ns", "version.bind", "NS"),
                    ("version-bind-any", "version.bind", "ANY"),
                    ("version-bind-a", "version.bind", "A"),
                    ("chaos-nx", "nothere.bind", "TXT"),
                    ("chaos-outside", "www.example", "TXT"),
                    ("version-bind-case", "VeRsIoN.BiNd", "TXT")]:
    add(f"chaos-{cid}/udp", query(qn, qt, "CH"))
    add(f"chaos-{cid}/tcp", query(qn, qt, "CH", edns=None), tcp=True)

# Large answers and truncation.
for cid, qn, qt in [("bigtxt", "bigtxt.example", "TXT"),
                    ("manya", "manya.example", "A"),
                    ("meda", "meda.example", "A"),
                    ("mxmany", "mxmany.example", "MX"),
                    ("mxmany-any", "mxmany.example", "ANY")]:
    add(f"big-{cid}/noedns", query(qn, qt, edns=None))
    for size in (100, 512, 1232, 1400, 4096, 65535):
        add(f"big-{cid}/edns{size}", query(qn, qt, payload=size))
    add(f"big-{cid}/edns1232-do", query(qn, qt, payload=1232, do=True))
    add(f"big-{cid}/tcp", query(qn, qt, edns=None), tcp=True)
    add(f"big-{cid}/tcp-edns512", query(qn, qt, payload=512), tcp=True)

# Additional data at small EDNS sizes (named adds none up to 512).
for size in (100, 512, 513):
    for cid, qn, qt in [("apex-ns", "example", "NS"),
                        ("apex-mx", "example", "MX"),
                        ("referral", "www.sub.example", "A"),
                        ("srv", "_sip._tcp.example", "SRV")]:
        add(f"small-{cid}/edns{size}", query(qn, qt, payload=size))

# minimal-responses and minimal-any, one view each.
VIEWS = {"first": FIRST, "second": SECOND, "noauth": NOAUTH,
         "norec": NOREC, "maximal": MAXIMAL}
for cid, qn, qt in [("www", "www.example", "A"),
                    ("mx", "mx.example", "MX"),
                    ("srv", "_sip._tcp.example", "SRV"),
                    ("apex-ns", "example", "NS"),
                    ("apex-any", "example", "ANY"),
                    ("www-any", "www.example", "ANY"),
                    ("nxdomain", "nope.example", "A"),
                    ("nodata", "www.example", "MX"),
                    ("referral", "www.sub.example", "A"),
                    ("cname", "c1.example", "A"),
                    ("wild", "foo.wild.example", "A"),
                    ("signed-www", "www.signed", "A"),
                    ("signed-any", "signed", "ANY"),
                    ("signed-www-any", "www.signed", "ANY"),
                    ("signed-rrsig", "signed", "RRSIG")]:
    for vname, src in VIEWS.items():
        for rd in (False, True):
            tag = "rd" if rd else "nord"
            add(f"minimal-{cid}/{vname}-{tag}",
                query(qn, qt, rd=rd, do=qn.endswith("signed")), source=src)

# minimal-any without DO in a signed zone: one RRset, no RRSIG.
add("minimal-any-nodo/signed-www", query("www.signed", "ANY"), source=NOREC)
add("minimal-any-nodo/signed-apex", query("signed", "ANY"), source=NOREC)

# allow-query on a zone: none, and two of the five views' clients.
for vname, src in VIEWS.items():
    add(f"allow-query-none/{vname}", query("www.closed", "A"), source=src)
    add(f"allow-query-some/{vname}", query("www.partial", "A"), source=src)
    add(f"allow-query-some-tcp/{vname}", query("x.partial", "ANY"),
        tcp=True, source=src)

# Two views, different data.
for vname, src in (("first", FIRST), ("second", SECOND)):
    add(f"view-who/{vname}", query("who.view.test", "TXT"), source=src)
    add(f"view-onlya/{vname}", query("onlya.view.test", "A"), source=src)
    add(f"view-onlyb/{vname}", query("onlyb.view.test", "A"), source=src)
    add(f"view-soa/{vname}", query("view.test", "SOA"), source=src)
    # TCP: BIND's built-in CHAOS view rate-limits UDP answers to
    # 3 a second per /24 (see test_chaos_rate_limit).
    add(f"view-version/{vname}", query("version.bind", "TXT", "CH"),
        tcp=True, source=src)

# Signed zones queried with DO (and a few without).
for zone in ("signed", "nsec3"):
    for cid, qn, qt in [("apex-soa", zone, "SOA"),
                        ("dnskey", zone, "DNSKEY"),
                        ("apex-any", zone, "ANY"),
                        ("apex-nsec", zone, "NSEC"),
                        ("apex-nsec3param", zone, "NSEC3PARAM"),
                        ("www-a", f"www.{zone}", "A"),
                        ("www-rrsig", f"www.{zone}", "RRSIG"),
                        ("www-nodata", f"www.{zone}", "MX"),
                        ("nxdomain", f"nope.{zone}", "A"),
                        ("nxdomain-deep", f"a.nope.{zone}", "A"),
                        ("wild", f"foo.wild.{zone}", "A"),
                        ("wild-nodata", f"foo.wild.{zone}", "MX"),
                        ("ent", f"b.ent.{zone}", "A"),
                        ("cname", f"cname.{zone}", "A"),
                        ("dangle", f"dangle.{zone}", "A"),
                        ("dname", f"x.dn.{zone}", "A"),
                        ("insecure-referral", f"x.insecure.{zone}", "A"),
                        ("insecure-ds", f"insecure.{zone}", "DS"),
                        ("secure-referral", f"x.secure.{zone}", "A"),
                        ("secure-ds", f"secure.{zone}", "DS"),
                        ("nsec-at-cut", f"insecure.{zone}", "NSEC"),
                        ("apex-rrsig", zone, "RRSIG"),
                        ("soa-nxdomain", f"nope.{zone}", "SOA"),
                        ("case", f"WwW.{zone.upper()}", "A")]:
        add(f"dnssec-{zone}-{cid}/udp-do", query(qn, qt, do=True))
        add(f"dnssec-{zone}-{cid}/tcp-do", query(qn, qt, do=True), tcp=True)
        add(f"dnssec-{zone}-{cid}/udp", query(qn, qt))
    add(f"dnssec-{zone}-big/edns512-do", query(zone, "ANY", payload=512,
                                                do=True))
    add(f"dnssec-{zone}-nx/noedns", query(f"nope.{zone}", "A", edns=None))

# NSEC3 owner names (hashes of www.nsec3. and of the apex, salt aabbccdd,
# 2 iterations) asked as if they were names of the zone.
for cid, h in (("www", "EJVMGGUCK8UUPJ8HDV6PLR37CEG5VO3A"),
               ("apex", "MADCHPERQF6VVGDGAFS0KJ8SBKHEM51E")):
    for qt in ("NSEC3", "A", "ANY", "RRSIG"):
        add(f"nsec3-owner-{cid}-{qt}/do", query(f"{h}.nsec3", qt, do=True))
        add(f"nsec3-owner-{cid}-{qt}/plain", query(f"{h}.nsec3", qt))

# Names at the length limits and with odd octets (escapes, non-ASCII
# letters that are not case-folded, an empty-looking label).
add("long-name-255", query(".".join(["a" * 63] * 3 + ["b" * 53]) +
                           ".example", "A"))
add("long-label-63", query("c" * 63 + ".example", "A"))
add("odd-octets", header() + b"\x04\xc9W\x00w\x07example\0\0\1\0\1")
add("odd-octets-case", header() + b"\x03WwW\x07ExAmPlE\0\0\1\0\1")
add("dot-in-label", header() + b"\x07www.exa\x07example\0\0\1\0\1")
add("wild-odd-octets", header() + b"\x03\xff\x80A\x04wild\x07example\0"
    b"\0\1\0\1")

# EDNS options and versions.
add("edns-cookie-client", query("www.example", options=[
    dns.edns.GenericOption(10, b"\x01\x02\x03\x04\x05\x06\x07\x08")]))
add("edns-cookie-client-tcp", query("www.example", options=[
    dns.edns.GenericOption(10, b"\x01\x02\x03\x04\x05\x06\x07\x08")]),
    tcp=True)
add("edns-cookie-bad-server", query("www.example", options=[
    dns.edns.GenericOption(10, b"\x01\x02\x03\x04\x05\x06\x07\x08" +
                           b"\0" * 16)]))
add("edns-cookie-bad-length", header(ar=1) + question() +
    opt_rr(rdata=cookie_opt(b"abcde")))
add("edns-cookie-too-long", header(ar=1) + question() +
    opt_rr(rdata=cookie_opt(b"a" * 41)))
add("tsig-unknown-key", header(ar=1) + question() + rawname("nokey") +
    struct.pack("!HHIH", 250, 255, 0, 61) + rawname("hmac-sha256") +
    struct.pack("!HIH", 0, 1700000000, 300) + struct.pack("!H", 32) +
    b"\x01" * 32 + struct.pack("!HHH", 0x1111, 0, 0))
add("edns-ecs-v4", header(ar=1) + question() + opt_rr(
    rdata=struct.pack("!HHHBB", 8, 7, 1, 24, 0) + b"\x7f\0\0"))
add("edns-ecs-v6", header(ar=1) + question() + opt_rr(
    rdata=struct.pack("!HHHBB", 8, 10, 2, 48, 0) + b"\x20\x01\x0d\xb8\0\1"))
add("edns-ecs-zero", header(ar=1) + question() + opt_rr(
    rdata=struct.pack("!HHHBB", 8, 4, 1, 0, 0)))
add("edns-ecs-scope-set", header(ar=1) + question() + opt_rr(
    rdata=struct.pack("!HHHBB", 8, 7, 1, 24, 24) + b"\x7f\0\0"))
add("edns-ecs-too-long", header(ar=1) + question() + opt_rr(
    rdata=struct.pack("!HHHBB", 8, 8, 1, 24, 0) + b"\x7f\0\0\0"))
add("edns-nsid", query("www.example", options=[
    dns.edns.GenericOption(3, b"")]))
add("edns-unknown-option", query("www.example", options=[
    dns.edns.GenericOption(65001, b"xyz")]))
add("edns-expire", query("example", "SOA", options=[
    dns.edns.GenericOption(9, b"")]))
add("edns-version-1", header(ar=1) + question() +
    opt_rr(ttl=0x00010000))
add("edns-version-1-do", header(ar=1) + question() +
    opt_rr(ttl=0x00018000))
add("edns-version-1-tcp", header(ar=1) + question() +
    opt_rr(ttl=0x00010000), tcp=True)
add("edns-unknown-flag", header(ar=1) + question() + opt_rr(ttl=0x4000))
add("edns-payload-0", header(ar=1) + question() + opt_rr(payload=0))
add("edns-extended-rcode-set", header(ar=1) + question() +
    opt_rr(ttl=0xa0008000))

# Malformed or unusual requests.
add("bad-short-header", b"\x12\x34\x00\x00\x00\x01")
add("bad-short-header-tcp", b"\x12\x34\x00\x00\x00\x01", tcp=True)
add("bad-qdcount-0", header(qd=0))
add("bad-qdcount-0-edns", header(qd=0, ar=1) + opt_rr())
add("bad-qdcount-2-same", header(qd=2) + question() + question())
add("bad-qdcount-2-types", header(qd=2) + question() +
    question(qtype=28))
add("bad-qdcount-2-names", header(qd=2) + question() +
    question("mail.example"))
add("bad-name-label-past-end", header() + b"\x05ab")
add("bad-name-pointer-loop", header() + b"\xc0\x0c\0\1\0\1")
add("bad-name-pointer-forward", header() + b"\xc0\x20\0\1\0\1")
add("bad-name-reserved-label", header() + b"\x80abc\0\0\1\0\1")
add("bad-question-cut", header() + rawname("www.example") + b"\0")
add("bad-trailing-junk", header() + question() + b"junk")
add("bad-response-bit", header(flags=0x8000) + question())
add("opcode-iquery", header(flags=1 << 11) + question())
add("opcode-status", header(flags=2 << 11) + question())
add("opcode-3", header(flags=3 << 11) + question())
add("opcode-15", header(flags=15 << 11) + question())
add("opcode-6-no-question-rd", header(flags=(6 << 11) | 0x0100, qd=0))
add("opcode-12-bad-opt", header(flags=(12 << 11) | 0x0100, ar=1) +
    question() + opt_rr(rdata=b"\0\0\0\0\0")[:-5] + b"\0\x0a" +
    b"\0" * 5)
add("opcode-notify", header(flags=(4 << 11) | 0x0400) +
    question("example", 6))
add("opcode-update", header(flags=5 << 11, qd=1) + question("example", 6))
# UPDATE requests with odd sections (found by fuzzing the sections): the
# octets after the message id, as sent.
for cid, rest in (
        ("opt-and-junk",
         "2c00000100000001000203777777067369676e656400000100010377"
         "7777076578616d706c6500000100fe00000000000000002904d0000000000000"
         "0178076578616d706c65000010000100000000000403616263"),
        ("prereq-not-zone",
         "29000001000000000002046e6f7065076578616d706c650000060001"
         "03777777076578616d706c6500000100010000012c0004010203040377777707"
         "6578616d706c6500000100fe000000000000"),
        ("update-junk",
         "28000001000000020002076578616d706c6500000600010178076578"
         "616d706c6500001000010000000000040361626303777777076578616d706c65"
         "00000100fe0000000000000178076578616d706c650000060001000000000016"
         "0000000000000000000000000000000000000000000003777777076578616d70"
         "6c6500000100010000012c000401020304"),
        ("tsig-in-update-section",
         "28000001000000010000046e6f7065076578616d706c650000060001"
         "0000fa00ff000000000000")):
    add(f"update-{cid}", struct.pack("!H", random.randrange(65536)) +
        bytes.fromhex(rest))
add("flags-tc-set", header(flags=0x0200) + question())
add("flags-aa-ad-cd-z", header(flags=0x0470) + question())
add("flags-rcode-set", header(flags=0x0003) + question())
add("flags-ad-truncated", header(flags=0x0120) +
    question("manya.example", 255))
add("flags-ad-cd-truncated", header(flags=0x0130) +
    question("bigtxt.example", 16))
add("flags-ad-signed", header(flags=0x0020) + question("www.signed"))
add("flags-ad-signed-do", header(flags=0x0020, ar=1) +
    question("www.signed") + opt_rr(ttl=0x8000))
add("flags-ad-unsigned", header(flags=0x0020) + question())
add("label-binary-escape", header() +
    b"\x03a.b\x07example\0\0\1\0\1")
add("label-nul-octet", header() + b"\x03a\0b\x07example\0\0\1\0\1")


# ------------------------------------------------------------------ KNOWN
# case id -> (why ours differs, the differing lines as difflib prints
# them, "- " for BIND's and "+ " for ours, each as a regular expression
# that must match its line in full; literal text except where a field
# changes from run to run, such as signatures).
KNOWN = {}


# For the random requests, whose exact lines are not known in advance:
# (why, regular expression the request's description must match, the
# regular expressions every differing line must match one of).
KNOWN_FAMILIES = []


def known_family(label, diff):
    """The index of the KNOWN_FAMILIES entry that explains diff, or None."""
    if os.environ.get("BINDERY_ANSWERS_PEER") == "bind":
        return None
    for i, (_, request, lines) in enumerate(KNOWN_FAMILIES):
        if re.fullmatch(request, label) and all(
                any(re.fullmatch(p, line) for p in lines) for line in diff):
            return i
    return None


def known_matches(patterns, diff):
    return len(patterns) == len(diff) and all(
        re.fullmatch(p, line) for p, line in zip(patterns, diff))


# --------------------------------------------------------------- fixtures

def sign_zones(d):
    keys = os.path.join(d, "keys")
    os.makedirs(keys, exist_ok=True)
    for zone, extra in (("signed", []),
                        ("nsec3", ["-3", "aabbccdd", "-H", "2"])):
        for ksk in (["-f", "KSK"], []):
            subprocess.run([bind("dnssec-keygen"), "-q", "-K", keys, "-a",
                            "ECDSAP256SHA256", "-n", "ZONE"] + ksk + [zone],
                           cwd=d, check=True, capture_output=True)
        subprocess.run([bind("dnssec-signzone"), "-q", "-S", "-K", keys,
                        "-o", zone, "-f", f"{zone}.db.signed"] + extra +
                       [f"{zone}.db.in"],
                       cwd=d, check=True, capture_output=True)


def peer_binary():
    if os.environ.get("BINDERY_ANSWERS_PEER") == "bind":
        return bind("named")
    return ours("named")


@pytest.fixture(scope="module")
def servers():
    top = tempfile.mkdtemp(prefix="bindery-answers-")
    try:
        for n in os.listdir(DATA):
            shutil.copy(os.path.join(DATA, n), top)
        sign_zones(top)
        # Zones load in the background: wait for every one in every view.
        probe = [(query(zone, "SOA"), src) for src in VIEWS.values()
                 for zone in ("example", "other", "child.example",
                              "view.test", "signed", "nsec3")]
        started = []
        try:
            for label, binary, ports in (("bind", bind("named"), BIND_PORTS),
                                         ("ours", peer_binary(), OUR_PORTS)):
                d = os.path.join(top, label)
                dnscompare.copy_tree(top, d, ZONEFILES)
                srv = dnscompare.Server(label, binary, d, ports, probe)
                srv.start()
                started.append(srv)
            yield started[0], started[1]
        except dnscompare.ServerError as e:
            pytest.fail(str(e))
        finally:
            for srv in started:
                srv.stop()
    finally:
        shutil.rmtree(top, ignore_errors=True)


def responses(bind_srv, our_srv, case):
    timeout = 0.5 if len(case.wire) < 12 or case.wire[2] & 0x80 else 2.0
    got = []
    for srv in (bind_srv, our_srv):
        wire = dnscompare.ask(srv.port, case.wire, tcp=case.tcp,
                              source=case.source, timeout=timeout)
        got.append(dnscompare.describe(wire))
    return settle(bind_srv, our_srv, case, got)


def settle(bind_srv, our_srv, case, got):
    """When only one server stayed silent, asks it once more with a long
    wait: on this shared machine a server may take seconds to answer,
    and a late answer is not a dropped request."""
    if (got[0] == ["no response"]) == (got[1] == ["no response"]):
        return got
    i = 0 if got[0] == ["no response"] else 1
    srv = (bind_srv, our_srv)[i]
    got[i] = dnscompare.describe(dnscompare.ask(
        srv.port, case.wire, tcp=case.tcp, source=case.source, timeout=5.0))
    return got


def difference(b, o):
    return [line for line in difflib.ndiff(b, o)
            if line.startswith(("- ", "+ "))]


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_answer(servers, case_id):
    bind_srv, our_srv = servers
    b, o = responses(bind_srv, our_srv, CASES[case_id])
    assert our_srv.alive(), f"our named died:\n{our_srv.log_tail()}"
    diff = difference(b, o)
    expected = []
    if case_id in KNOWN and os.environ.get("BINDERY_ANSWERS_PEER") != "bind":
        if known_matches(KNOWN[case_id][1], diff):
            return
        expected = KNOWN[case_id][1]
    report = os.environ.get("BINDERY_ANSWERS_REPORT")
    if report and diff != expected:
        with open(report, "a") as f:
            f.write(f"\n### {case_id}\n```\n;; BIND\n" + "\n".join(b) +
                    "\n;; ours\n" + "\n".join(o) + "\n```\n")
    assert diff == expected, (
        f"{case_id}: BIND and ours differ\n--- BIND\n" + "\n".join(b) +
        "\n--- ours\n" + "\n".join(o) + "\n--- diff\n" + "\n".join(diff))


def test_known_cases_exist():
    """Every listed difference names a case that exists."""
    assert sorted(set(KNOWN) - set(CASES)) == []


RANDOM_TYPES = ["A", "AAAA", "MX", "TXT", "NS", "SOA", "CNAME", "DNAME",
                "ANY", "SRV", "DS", "RRSIG", "NSEC", "NSEC3", "DNSKEY",
                "PTR", "TYPE1234"]


def random_requests(seed, count):
    """count requests for names of the test zones, varied the way the
    fixed cases are (prefix labels, mixed case, type, EDNS, DO, RD,
    payload, view, transport), the same for every run of one seed."""
    rng = random.Random(seed)
    names = set()
    for zone, f in (("example", "example.db"), ("other", "other.db"),
                    ("child.example", "child.db"),
                    ("view.test", "view-a.db"), ("view.test", "view-b.db"),
                    ("signed", "signed.db.in"), ("nsec3", "nsec3.db.in")):
        z = dns.zone.from_file(os.path.join(DATA, f), zone,
                               relativize=False, check_origin=False)
        names.update(n.to_text() for n in z.nodes)
    names = sorted(names)
    out = []
    for _ in range(count):
        labels = rng.choice(names).split(".")
        r = rng.random()
        if r < 0.2:
            labels = [f"zz{rng.randrange(9)}"] + labels
        elif r < 0.3:
            labels = ["q", "r"] + labels
        qname = ".".join(labels)
        if rng.random() < 0.3:
            qname = "".join(c.upper() if rng.random() < 0.5 else c
                            for c in qname)
        qtype = rng.choice(RANDOM_TYPES)
        edns = rng.choice([None, 0, 0, 0])
        do = edns is not None and rng.random() < 0.4
        payload = rng.choice([512, 700, 1232, 4096])
        rd = rng.random() < 0.5
        src = rng.choice(list(VIEWS.values()))
        tcp = rng.random() < 0.2
        label = (f"{qname} {qtype} edns={edns} do={do} payload={payload} "
                 f"rd={rd} from {src} {'tcp' if tcp else 'udp'}")
        out.append((label, Case(query(qname, qtype, edns=edns,
                                      payload=payload, do=do, rd=rd),
                                tcp, src)))
    return out


def test_random_queries(servers):
    """600 varied requests (seeded, the same each run) answered alike."""
    bind_srv, our_srv = servers
    differ = []
    seen = set()
    for label, case in random_requests(20261121, 600):
        b, o = responses(bind_srv, our_srv, case)
        diff = difference(b, o)
        family = known_family(label, diff) if diff else None
        if family is not None:
            seen.add(family)
        elif diff:
            differ.append(f"{label}\n" + "\n".join(diff))
    assert our_srv.alive(), f"our named died:\n{our_srv.log_tail()}"
    if os.environ.get("BINDERY_ANSWERS_PEER") != "bind":
        gone = [KNOWN_FAMILIES[i][0] for i in range(len(KNOWN_FAMILIES))
                if i not in seen]
        assert gone == [], "known differences no longer seen: remove them"
    assert differ == [], (f"{len(differ)} of 600 differ; the first:\n" +
                          "\n\n".join(differ[:5]))


def mutated_requests(seed, count):
    """count requests made from random_requests() ones by overwriting a
    few octets, cutting the tail or appending junk (seeded)."""
    rng = random.Random(seed)
    base = random_requests(seed, 100)
    out = []
    for _ in range(count):
        _, case = rng.choice(base)
        w = bytearray(case.wire)
        k = rng.random()
        if k < 0.4:
            for _ in range(rng.randint(1, 3)):
                w[rng.randrange(2, len(w))] = rng.randrange(256)
        elif k < 0.6:
            w = w[:rng.randrange(2, len(w))]
        elif k < 0.8:
            w += bytes(rng.randrange(256) for _ in range(rng.randint(1, 20)))
        else:
            w[rng.randrange(2, 12)] = rng.randrange(256)
        out.append(Case(bytes(w), case.tcp, case.source))
    return out


def test_mutated_requests(servers):
    """400 damaged requests (seeded) get the same answer, or none from
    both: FORMERR, NOTIMP, drops and answers alike."""
    bind_srv, our_srv = servers
    cases = mutated_requests(20261121, 400)

    def ask(job):
        case, srv = job
        return dnscompare.describe(dnscompare.ask(
            srv.port, case.wire, tcp=case.tcp, source=case.source,
            timeout=0.5))

    # Many of these are dropped; waiting for them in parallel keeps the
    # test short.
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(ask, [(c, srv) for c in cases
                                      for srv in servers]))
    differ = []
    for i, case in enumerate(cases):
        got = settle(bind_srv, our_srv, case,
                     [answers[2 * i], answers[2 * i + 1]])
        diff = difference(*got)
        if diff:
            differ.append(f"{case.wire.hex()} "
                          f"{'tcp' if case.tcp else 'udp'} from "
                          f"{case.source}\n" + "\n".join(diff))
    assert our_srv.alive(), f"our named died:\n{our_srv.log_tail()}"
    assert differ == [], (f"{len(differ)} of 400 differ; the first:\n" +
                          "\n\n".join(differ[:5]))


def test_tcp_pipelined(servers):
    """Five requests written at once on one TCP connection all get their
    answers (any order: named may answer them out of order)."""
    wires = [query("www.example", "A"), query("mx.example", "MX"),
             query("nope.example", "A"), query("bigtxt.example", "TXT",
                                                edns=None),
             query("foo.wild.example", "TXT", do=True)]
    got = []
    for srv in servers:
        answers = dnscompare.ask_pipelined(srv.port, wires)
        ids = sorted(struct.unpack("!H", a[:2])[0] for a in answers)
        assert ids == sorted(struct.unpack("!H", w[:2])[0] for w in wires)
        got.append(sorted(dnscompare.describe(a) for a in answers))
    assert got[0] == got[1]


def test_cookie_round_trip(servers):
    """A client that returns the server cookie it was given gets the same
    answer from both (a fresh server cookie of the same length)."""
    client = b"\x11\x22\x33\x44\x55\x66\x77\x88"
    got = []
    for srv in servers:
        first = dns.message.from_wire(dnscompare.ask(srv.port, query(
            "www.example", options=[dns.edns.GenericOption(10, client)])))
        cookie = [o for o in first.options if o.otype == 10]
        assert len(cookie) == 1 and cookie[0].to_wire()[:8] == client
        again = dnscompare.ask(srv.port, query("www.example", options=[
            dns.edns.GenericOption(10, cookie[0].to_wire())]))
        got.append(dnscompare.describe(again))
    assert got[0] == got[1]


def test_chaos_rate_limit(servers):
    """named's built-in CHAOS view answers at most 3 UDP requests a second
    for one name per /24 (rate-limit { responses-per-second 3; slip 0; }
    in its default configuration); a burst of 10 gets 3 or 4 answers
    (the burst may straddle a second) and the rest are dropped, not
    truncated."""
    for srv in servers:
        wire = query("version.bind", "TXT", "CH")
        answered = sum(
            dnscompare.ask(srv.port, wire, source="127.0.0.7",
                           timeout=0.3) is not None
            for _ in range(10))
        assert 2 <= answered <= 5, f"{srv.label}: {answered} of 10"


# --------------------------------------------- the normalization itself

def _response(*records, flags=dns.flags.QR | dns.flags.AA, edns=False,
              options=()):
    m = dns.message.make_response(dns.message.make_query("x.example", "A"))
    if edns:
        m.use_edns(0, payload=1232, options=list(options))
    m.flags = flags
    for text in records:
        rr = dns.rrset.from_text(*text.split(None, 4))
        m.answer.append(rr)
    return m


def test_describe_sorts_rrs_within_rrsets_only():
    a = _response("x.example. 300 IN A 192.0.2.1",
                  "x.example. 300 IN A 192.0.2.2",
                  "x.example. 300 IN TXT t").to_wire()
    b = _response("x.example. 300 IN A 192.0.2.2",
                  "x.example. 300 IN A 192.0.2.1",
                  "x.example. 300 IN TXT t").to_wire()
    c = _response("x.example. 300 IN TXT t",
                  "x.example. 300 IN A 192.0.2.1",
                  "x.example. 300 IN A 192.0.2.2").to_wire()
    assert dnscompare.describe(a) == dnscompare.describe(b)
    assert dnscompare.describe(a) != dnscompare.describe(c)


def test_describe_keeps_case_ttl_flags_and_id_free():
    base = _response("x.example. 300 IN A 192.0.2.1")
    seen = dnscompare.describe(base.to_wire())
    other_id = _response("x.example. 300 IN A 192.0.2.1")
    other_id.id = (base.id + 1) % 65536
    assert dnscompare.describe(other_id.to_wire()) == seen
    cname = dnscompare.describe(
        _response("x.example. 300 IN CNAME www.other.").to_wire())
    assert dnscompare.describe(_response(
        "x.example. 300 IN CNAME WwW.other.").to_wire()) != cname
    for changed in (
                    _response("x.example. 301 IN A 192.0.2.1"),
                    _response("x.example. 300 IN A 192.0.2.1",
                              flags=dns.flags.QR)):
        assert dnscompare.describe(changed.to_wire()) != seen
    assert dnscompare.describe(None) == ["no response"]


def test_describe_ignores_server_cookie_bytes_only():
    def with_cookie(data):
        return _response("x.example. 300 IN A 192.0.2.1", edns=True,
                         options=[dns.edns.GenericOption(10, data)])
    one = dnscompare.describe(with_cookie(b"c" * 8 + b"s" * 16).to_wire())
    two = dnscompare.describe(with_cookie(b"c" * 8 + b"t" * 16).to_wire())
    assert one == two
    assert dnscompare.describe(
        with_cookie(b"d" * 8 + b"s" * 16).to_wire()) != one
    assert dnscompare.describe(
        with_cookie(b"c" * 8 + b"s" * 8).to_wire()) != one


def test_describe_tsig_by_stable_fields_only():
    key = dns.tsig.Key("k.", b"0123456789abcdef0123456789abcdef",
                       dns.tsig.HMAC_SHA256)

    def signed(error=0):
        m = _response("x.example. 300 IN A 192.0.2.1")
        m.use_tsig(key, tsig_error=error)
        return m.to_wire()

    wire = signed()
    one = dnscompare.describe(wire)
    assert one[-1] == ("tsig k. hmac-sha256. mac <32 octets> error 0 "
                       "other <0 octets>")
    assert "x.example.\t300\tIN\tA\t192.0.2.1" in one
    # Another time and MAC: the last 42 octets are time (6), fudge (2),
    # MAC length (2), MAC (32); then original id, error, other length.
    tail = len(wire) - 6 - 32 - 2 - 2 - 6
    other = bytearray(wire)
    other[tail:tail + 6] = b"\0\0\1\2\3\4"
    other[-38:-6] = b"\x55" * 32
    assert dnscompare.describe(bytes(other)) == one
    assert dnscompare.describe(signed(error=16)) != one

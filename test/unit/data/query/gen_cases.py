#!/usr/bin/python3
"""Captures named 9.18's responses for the query unit test.

Reads cases.in (one case per line: VIEW QNAME QTYPE [rd] [ad] [do] [noedns]
[bufsize=N] [tcp] [nolen] [trunc]; '#' starts a comment), sends each
query to a named serving this directory's zones on 127.0.0.1 port PORT
from source address 127.0.0.VIEW (named.conf.in: views 1..6 differ in
minimal-responses/minimal-any and match-clients), and writes cases.txt:
VIEW TCP FLAGS QUERY-HEX RESPONSE-HEX per line, named's octets as
received.  The query id is fixed so the files are reproducible.

To regenerate (as root, named 9.18 installed):
  mkdir /tmp/q && cp *.db /tmp/q && sed 's#@DIR@#/tmp/q#g' named.conf.in \
      > /tmp/q/named.conf && /usr/sbin/named -g -c /tmp/q/named.conf &
  ./gen_cases.py 15300 < cases.in > cases.txt
The signed zones (signed.test NSEC, n3.test NSEC3 with salt, oo.test NSEC3
opt-out) were made from signed.src with dnssec-keygen/dnssec-signzone.

usage: gen_cases.py PORT < cases.in > cases.txt
"""
import socket
import struct
import sys

import dns.flags
import dns.message


def exchange(wire, src, port, tcp):
    """named's response octets, as received (not re-rendered)."""
    if tcp:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(5)
        s.bind((src, 0))
        s.connect(('127.0.0.1', port))
        s.sendall(struct.pack('!H', len(wire)) + wire)
        buf = b''
        while len(buf) < 2 or len(buf) < 2 + struct.unpack('!H', buf[:2])[0]:
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
        s.close()
        return buf[2:]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(5)
    s.bind((src, 0))
    s.sendto(wire, ('127.0.0.1', port))
    data = s.recv(65536)
    s.close()
    return data


port = int(sys.argv[1])
for line in sys.stdin:
    line = line.split('#', 1)[0].split()
    if not line:
        continue
    view, qname, qtype, opts = line[0], line[1], line[2], line[3:]
    edns = -1 if 'noedns' in opts else 0
    size = 1232
    for o in opts:
        if o.startswith('bufsize='):
            size = int(o[8:])
    m = dns.message.make_query(qname, qtype, use_edns=edns, payload=size,
                               want_dnssec='do' in opts)
    m.id = 4660
    if 'rd' not in opts:
        m.flags &= ~dns.flags.RD
    if 'ad' in opts:
        m.flags |= dns.flags.AD
    wire = m.to_wire()
    src = '127.0.0.%s' % view
    tcp = 'tcp' in opts
    resp = exchange(wire, src, port, tcp)
    flags = ','.join(o for o in opts if o in ('nolen', 'trunc')) or '-'
    print(view, int(tcp), flags, wire.hex(), resp.hex())

#!/usr/bin/python3
"""Writes N random cases (cases.in syntax) over the test zones: names
made of labels that occur in them, random qtype, DO, RD, EDNS, TCP and
view.  Deterministic for a given seed.

usage: gen_random.py SEED N >> cases.in
"""
import random
import sys

LABELS = ["www", "*", "sub", "wild", "foo", "dn", "x", "c1", "loop1", "self",
          "b", "ent", "mx", "ns1", "kid", "insec", "sub2", "wc", "wcloop",
          "deleg", "a", "big", "mixed", "nope", "ns", "extdn", "longdn",
          "tosub", "caps", "dangling", "mx2", "mxsub", "_sip", "_tcp",
          "chain1", "chainmx", "ext", "todn", "towild", "tonodata", "nsrec",
          "dtarget", "bigmx", "bigns", "h1", "afs", "naptra", "svcb", "mx12",
          "mx13", "t00"]
ORIGINS = ["example.com", "other.test", "signed.test", "n3.test",
           "kid.example.com", "oo.test"]
TYPES = ["A", "AAAA", "NS", "SOA", "MX", "TXT", "CNAME", "DNAME", "DS",
         "RRSIG", "NSEC", "DNSKEY", "ANY", "SRV", "NSEC3PARAM", "AFSDB",
         "NAPTR", "SVCB", "HTTPS", "PTR", "KEY"]

rng = random.Random(int(sys.argv[1]))
for _ in range(int(sys.argv[2])):
    n = rng.choice([0, 1, 1, 2, 2, 3])
    name = ".".join(rng.choice(LABELS) for _ in range(n))
    name = (name + "." if name else "") + rng.choice(ORIGINS)
    opts = []
    if rng.random() < 0.4:
        opts.append("do")
    if rng.random() < 0.3:
        opts.append("rd")
    if rng.random() < 0.05:
        opts.append("noedns")
    if rng.random() < 0.05:
        opts.append("tcp")
    if rng.random() < 0.1:
        opts.append("bufsize=%d" % rng.choice([512, 600, 1000, 4096]))
    print(rng.choice("123456"), name, rng.choice(TYPES), " ".join(opts))

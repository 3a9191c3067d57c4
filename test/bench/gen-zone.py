#!/usr/bin/env python3
"""gen-zone.py - deterministic generator of the benchmark zone bench.test.

Writes a master file with N records (default 1,000,000) in the mix of
shared/BENCH-NOTES.md:

    A 50%  AAAA 15%  MX 5%  TXT 10%  CNAME 10%  delegations 5% (NS + glue)
    SRV 5%  and one wildcard

plus the apex (SOA, 2 NS and their addresses).  The same N and seed always
give the same bytes, so figures from different runs and machines compare.
The zone passes BIND's `named-checkzone -i local bench.test FILE`: every
in-zone MX/SRV/NS target has an address, CNAMEs sit alone at their names,
glue exists for in-bailiwick name servers.

Names are grouped per owner, owners written in a seeded random order (a
real zone file is rarely sorted, and sorted input flatters tree inserts);
--sorted writes them in generation order instead.

Usage: gen-zone.py [N] [-o FILE] [--seed S] [--sorted] [--queries FILE]
--queries also writes a dnsperf query file (one "name type" per line) of
existing names and types, in a random order, as many lines as records.
"""

import argparse
import random
import sys

ORIGIN = "bench.test."


def plan(n):
    """How many records of each kind for a zone of about n records."""
    fixed = 1 + 2 + 2 + 1  # SOA, apex NS x2, ns1/ns2 A, wildcard
    body = max(n - fixed, 20)
    counts = {
        "AAAA": body * 15 // 100,
        "MX": body * 5 // 100,
        "TXT": body * 10 // 100,
        "CNAME": body * 10 // 100,
        "SRV": body * 5 // 100,
    }
    # A delegation is 3 records: two NS (one in-bailiwick, one outside
    # the zone) and the glue A of the in-bailiwick one.
    counts["DELEG"] = max(body * 5 // 100 // 3, 1)
    used = sum(counts.values()) - counts["DELEG"] + 3 * counts["DELEG"]
    counts["A"] = body - used  # A takes the rounding: about 50%
    return counts


def ipv4(rng):
    return "10.%d.%d.%d" % (rng.randrange(256), rng.randrange(256),
                            rng.randrange(1, 255))


def ipv6(rng):
    return "2001:db8:%x:%x::%x" % (rng.randrange(65536), rng.randrange(65536),
                                   rng.randrange(1, 65536))


WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
         "hotel", "india", "juliet", "kilo", "lima", "mike", "november")


def txt(rng):
    kind = rng.randrange(4)
    if kind == 0:
        return '"v=spf1 ip4:%s/24 -all"' % ipv4(rng)
    if kind == 1:
        return '"google-site-verification=%032x"' % rng.getrandbits(128)
    if kind == 2:
        return '"%s" "%s"' % (rng.choice(WORDS), rng.choice(WORDS))
    return '"%s"' % " ".join(rng.choice(WORDS)
                             for _ in range(rng.randrange(1, 12)))


def generate(n, seed):
    """Returns (nodes, queries): nodes is a list of (owner, [rr lines]),
    owners relative to the origin; queries a list of (name, type)."""
    rng = random.Random(seed)
    c = plan(n)
    nodes = []
    queries = []

    apex = [
        "@\tSOA\tns1 hostmaster 2026112101 7200 3600 1209600 300",
        "@\tNS\tns1",
        "@\tNS\tns2",
    ]
    nodes.append(("@", apex))
    nodes.append(("ns1", ["ns1\tA\t192.0.2.1"]))
    nodes.append(("ns2", ["ns2\tA\t192.0.2.2"]))
    nodes.append(("*.wild", ["*.wild\tA\t192.0.2.3"]))

    # Hosts: A records; the first c["AAAA"] of them are dual-stack.
    nhosts = c["A"]
    hosts = ["host%d" % i for i in range(nhosts)]
    for i, h in enumerate(hosts):
        rrs = ["%s\tA\t%s" % (h, ipv4(rng))]
        queries.append((h, "A"))
        if i < c["AAAA"]:
            ttl = "300\t" if i % 7 == 0 else ""
            rrs.append("%s\t%sAAAA\t%s" % (h, ttl, ipv6(rng)))
            queries.append((h, "AAAA"))
        nodes.append((h, rrs))
    # AAAA beyond the host count (only for tiny zones).
    for i in range(nhosts, c["AAAA"]):
        nodes.append(("v6host%d" % i, ["v6host%d\tAAAA\t%s" % (i, ipv6(rng))]))

    def target():
        return rng.choice(hosts) if hosts else "ns1"

    # Mail domains: MX to one or two hosts.
    i = 0
    left = c["MX"]
    while left > 0:
        owner = "mail%d" % i
        k = min(left, 2 if i % 3 == 0 else 1)
        rrs = ["%s\tMX\t%d %s" % (owner, 10 * (j + 1), target())
               for j in range(k)]
        nodes.append((owner, rrs))
        queries.append((owner, "MX"))
        left -= k
        i += 1

    for i in range(c["TXT"]):
        owner = "txt%d" % i
        nodes.append((owner, ["%s\tTXT\t%s" % (owner, txt(rng))]))
        queries.append((owner, "TXT"))

    for i in range(c["CNAME"]):
        owner = "www%d" % i
        nodes.append((owner, ["%s\tCNAME\t%s" % (owner, target())]))
        queries.append((owner, "A"))

    for i in range(c["SRV"]):
        owner = "_sip._tcp.svc%d" % i
        nodes.append((owner, ["%s\tSRV\t10 %d 5060 %s" %
                              (owner, rng.randrange(1, 100), target())]))
        queries.append((owner, "SRV"))

    for i in range(c["DELEG"]):
        sub = "sub%d" % i
        nodes.append((sub, ["%s\tNS\tns1.%s" % (sub, sub),
                            "%s\tNS\tns.provider.example." % sub]))
        nodes.append(("ns1." + sub, ["ns1.%s\tA\t%s" % (sub, ipv4(rng))]))
        queries.append(("www." + sub, "A"))

    return nodes, queries


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=1000000,
                    help="number of records (default 1000000)")
    ap.add_argument("-o", "--output", default="-", help="zone file (- = stdout)")
    ap.add_argument("--seed", type=int, default=20261121)
    ap.add_argument("--sorted", action="store_true",
                    help="owners in generation order, not shuffled")
    ap.add_argument("--queries", help="also write a dnsperf query file")
    args = ap.parse_args()
    if args.n < 1:
        ap.error("N must be positive")

    nodes, queries = generate(args.n, args.seed)
    rng = random.Random(args.seed + 1)
    if not args.sorted:
        head, rest = nodes[:1], nodes[1:]
        rng.shuffle(rest)
        nodes = head + rest

    out = sys.stdout if args.output == "-" else open(args.output, "w")
    out.write("; bench.test: %d records, generated by test/bench/gen-zone.py"
              " (seed %d)\n" % (args.n, args.seed))
    out.write("$ORIGIN %s\n$TTL 3600\n" % ORIGIN)
    out.write("".join("\n".join(rrs) + "\n" for _, rrs in nodes))
    if out is not sys.stdout:
        out.close()

    if args.queries:
        rng.shuffle(queries)
        with open(args.queries, "w") as q:
            for name, qtype in queries:
                fq = ORIGIN if name == "@" else "%s.%s" % (name, ORIGIN)
                q.write("%s %s\n" % (fq, qtype))


if __name__ == "__main__":
    main()

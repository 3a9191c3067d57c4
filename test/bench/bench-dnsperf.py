#!/usr/bin/env python3
"""bench-dnsperf.py - query throughput of our named against Knot, NSD, BIND.

Serves the generated zone bench.test (gen-zone.py: 1,000 records "small"
and 1,000,000 records "large", cached by size in the work directory) from
each server in turn on 127.0.0.1, one worker, every thread pinned to
--server-cpu (1), and drives it with dnsperf pinned to --client-cpu (0):

    dnsperf -s 127.0.0.1 -p PORT -d FILE -l L -c 16 -T 2 -q Q -t 1

(Q = --outstanding, default 100: shared/BENCH-NOTES.md's 1000 makes
servers with the kernel's default receive buffer drop queries, see
README.md) for three query files:

    hits  existing names and types (gen-zone.py --queries): answers,
          CNAME chains, referrals under the delegations
    nx    the same names with the first label changed ("nx-" prefix):
          NXDOMAIN (names under a delegation are left out: a referral)
    mix   per line, seeded: 70% hits, 15% nx, 10% NODATA (an existing
          name with a type it lacks), 5% wildcard (a random label under
          *.wild)

Measured per server and run: load time (exec until a SOA query is first
answered, polled every 20 ms), memory after the load (VmRSS; for NSD,
which forks and shares the zone copy-on-write, the PSS summed over its
process tree), QPS as dnsperf reports it, and answered queries per server
CPU-second (user + system from /proc/PID/stat of every process of the
server, threads included, before and after the run) - the figure least
sensitive to the client and to other load on a shared machine.

Rounds interleave the servers (ours, knot, nsd, bind, ours, ...), medians
over --rounds are printed with the spread, then ours/peer ratios.

Fails (exit status 1, after finishing the other servers) when a server
does not start or answer, dnsperf loses more than 1% of the queries,
a query file gets the wrong kind of answer (hits not >= 99% NOERROR, nx
not >= 99% NXDOMAIN; mix rcodes more than 1 point away from BIND's), or a
server thread is not pinned where it should be.

Never part of `make check`: run `make bench-dnsperf` or this script by
hand; figures on a shared 2-core VM are noisy (up to ~45% between passes).

Usage: bench-dnsperf.py [--rounds 3] [--duration 5] [--small-only]
                        [--servers ours,knot,nsd,bind] [--builddir DIR]
                        [--queries hits,nx,mix] [--large-only]
                        [--max-loss 1] [--outstanding 100] [--nice N]
                        [--workdir DIR] [--json FILE]
       bench-dnsperf.py --self-test    (parsers and checks, no servers)
"""

import argparse
import importlib.util
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ORIGIN = "bench.test."
SIZES = {"small": 1000, "large": 1000000}
QTYPES = ("hits", "nx", "mix")
ALL_SERVERS = ("ours", "knot", "nsd", "bind")
# Each server has its own port in 15800-15899 (this benchmark's range).
PORTS = {"ours": 15800, "knot": 15801, "nsd": 15802, "bind": 15803}
MAX_LOSS_PCT = 1.0


def load_bench_db():
    """The process helpers of bench-db.py (process tree, CPU, PSS, the
    20 ms SOA poll, stop), shared rather than copied."""
    spec = importlib.util.spec_from_file_location(
        "bench_db", os.path.join(HERE, "bench-db.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


BD = load_bench_db()


# ---------------------------------------------------------------- inputs

def ensure_zone(workdir, n):
    """The zone file for n records and its hit-query file, generated once
    (the zone file name is bench-load.py's, so the two share the cache)."""
    zfile = os.path.join(workdir, "bench-%d.db" % n)
    hits = os.path.join(workdir, "queries-%d-hits.txt" % n)
    if os.path.exists(zfile) and os.path.exists(hits):
        return zfile, hits
    print("generating %s (%d records) and its queries..." % (zfile, n),
          flush=True)
    ztmp, htmp = zfile + ".tmp", hits + ".tmp"
    subprocess.run([sys.executable, os.path.join(HERE, "gen-zone.py"),
                    str(n), "-o", ztmp, "--queries", htmp], check=True)
    os.rename(ztmp, zfile)
    os.rename(htmp, hits)
    return zfile, hits


def under_delegation(name):
    """gen-zone.py puts its delegations at subN.bench.test."""
    labels = name[:-len(ORIGIN)].rstrip(".").split(".")
    return len(labels) >= 2 and re.fullmatch(r"sub\d+", labels[-1]) is not None


def nx_name(name):
    """An absent name next to an existing one: first label changed, so the
    misses spread over the whole tree instead of one cached corner."""
    return "nx-" + name


def nodata_type(qtype):
    return "TXT" if qtype != "TXT" else "MX"


def write_query_files(workdir, n, hits):
    """nx and mix query files derived from the hit file, deterministic."""
    out = {"hits": hits}
    nx = os.path.join(workdir, "queries-%d-nx.txt" % n)
    mix = os.path.join(workdir, "queries-%d-mix.txt" % n)
    out["nx"], out["mix"] = nx, mix
    if os.path.exists(nx) and os.path.exists(mix):
        return out
    with open(hits) as f:
        lines = [l.split() for l in f if l.strip()]
    rng = random.Random(20261121)
    with open(nx + ".tmp", "w") as f:
        for name, qtype in lines:
            if not under_delegation(name):
                f.write("%s %s\n" % (nx_name(name), qtype))
    with open(mix + ".tmp", "w") as f:
        for name, qtype in lines:
            r = rng.random()
            deleg = under_delegation(name)
            if r < 0.70 or deleg:
                f.write("%s %s\n" % (name, qtype))
            elif r < 0.85:
                f.write("%s %s\n" % (nx_name(name), qtype))
            elif r < 0.95:
                f.write("%s %s\n" % (name, nodata_type(qtype)))
            else:
                f.write("w%08x.wild.%s A\n" % (rng.getrandbits(32), ORIGIN))
    os.rename(nx + ".tmp", nx)
    os.rename(mix + ".tmp", mix)
    return out


# --------------------------------------------------------------- servers

MANDATORY = """	listen-on port %(port)d { 127.0.0.1; };
	listen-on-v6 { none; };
	recursion no;
	dnssec-validation no;
	notify explicit;
"""


def named_conf(d, port, zfile):
    """named.conf for ours and BIND alike: the options every test server
    of this project sets, files kept inside the temporary directory."""
    opts = MANDATORY % {"port": port}
    return """options {
	directory "%(d)s";
	pid-file "%(d)s/named.pid";
	session-keyfile "%(d)s/session.key";
%(opts)s};
controls { };
zone "%(origin)s" {
	type primary;
	file "%(zfile)s";
};
""" % {"d": d, "opts": opts, "origin": ORIGIN.rstrip("."), "zfile": zfile}




def server_cmd(who, d, port, zfile, builddir):
    """(argv, config file name, config text) of one server."""
    if who == "ours":
        conf = os.path.join(d, "named.conf")
        prog = os.path.join(builddir, "named", "named")
        return ([prog, "-g", "-n", "1", "-c", conf], conf,
                named_conf(d, port, zfile))
    if who == "bind":
        conf = os.path.join(d, "named.conf")
        return (["/usr/sbin/named", "-g", "-n", "1", "-c", conf], conf,
                named_conf(d, port, zfile))
    if who == "knot":
        conf = os.path.join(d, "knot.conf")
        return (["knotd", "-c", conf], conf, BD.knot_conf(d, port, zfile))
    conf = os.path.join(d, "nsd.conf")
    return (["nsd", "-d", "-c", conf], conf, BD.nsd_conf(d, port, zfile))


def tasks_cpus(pids):
    """Cpus_allowed_list of every thread of pids, {tid: list}."""
    out = {}
    for p in pids:
        try:
            tids = os.listdir("/proc/%d/task" % p)
        except OSError:
            continue
        for t in tids:
            try:
                with open("/proc/%d/task/%s/status" % (p, t)) as f:
                    for line in f:
                        if line.startswith("Cpus_allowed_list:"):
                            out[int(t)] = line.split()[1]
            except OSError:
                pass
    return out


def check_pinned(pid, cpu):
    """None if every thread of the tree may run on cpu only, else what
    is wrong (knotd re-pins its UDP worker; we re-pin and check)."""
    bad = {t: c for t, c in tasks_cpus(BD.children(pid)).items()
           if c != str(cpu)}
    if bad:
        return "threads not pinned to CPU %d: %s" % (cpu, bad)
    return None


def memory_kib(who, pid):
    """The anchor table's memory figure: PSS of the tree for NSD (forked,
    shared copy-on-write), VmRSS of the process for the others."""
    if who == "nsd":
        return sum(BD.pss_kib(p) for p in BD.children(pid))
    return BD.status_kib(pid, "VmRSS")


def log_tail(path, n=15):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return ""


# --------------------------------------------------------------- dnsperf

def parse_dnsperf(text):
    """Figures from dnsperf 2.10's summary; None for a missing one."""
    def num(pattern, conv=float):
        m = re.search(pattern, text)
        return conv(m.group(1)) if m else None
    res = {
        "sent": num(r"Queries sent:\s+(\d+)", int),
        "completed": num(r"Queries completed:\s+(\d+)", int),
        "lost": num(r"Queries lost:\s+(\d+)", int),
        "qps": num(r"Queries per second:\s+([\d.]+)"),
        "latency": num(r"Average Latency \(s\):\s+([\d.]+)"),
        "runtime": num(r"Run time \(s\):\s+([\d.]+)"),
        "resp_size": num(r"Average packet size:.*response\s+(\d+)", int),
    }
    rc = {}
    m = re.search(r"Response codes:\s+(.*)", text)
    if m:
        for code, count in re.findall(r"([A-Z]+) (\d+) \(", m.group(1)):
            rc[code] = int(count)
    res["rcodes"] = rc
    return res


def cpu_busy_s(cpu):
    """Busy seconds of one CPU so far (everything but idle and iowait)
    and its steal seconds, from /proc/stat."""
    tick = os.sysconf("SC_CLK_TCK")
    with open("/proc/stat") as f:
        for line in f:
            fields = line.split()
            if fields[0] == "cpu%d" % cpu:
                v = [int(x) for x in fields[1:9]]
                # user nice system idle iowait irq softirq steal
                busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7]
                return busy / tick, v[7] / tick
    return 0.0, 0.0


def niced(nice):
    """Prefix for a command run at nice level `nice` (0: none)."""
    return ["nice", "-n", str(nice)] if nice else []


def run_dnsperf(port, qfile, duration, cpu, nice=0, outstanding=1000):
    cmd = niced(nice) + [
        "taskset", "-c", str(cpu), "dnsperf", "-s", "127.0.0.1", "-p",
        str(port), "-d", qfile, "-l", str(duration), "-c", "16", "-T", "2",
        "-q", str(outstanding), "-t", "1"]
    p = subprocess.run(cmd, capture_output=True, text=True,
                       timeout=duration + 60)
    res = parse_dnsperf(p.stdout)
    res["exit"] = p.returncode
    res["raw"] = p.stdout + p.stderr
    return res


def rcode_pct(rcodes):
    total = sum(rcodes.values())
    return {k: 100.0 * v / total for k, v in rcodes.items()} if total else {}


def check_dnsperf(qtype, res, max_loss):
    """What is wrong with one dnsperf run, or None."""
    if res["exit"] != 0 or res["sent"] is None or res["qps"] is None:
        return "dnsperf failed (exit %d): %s" % (res["exit"],
                                                 res["raw"].strip()[-300:])
    if not res["sent"]:
        return "dnsperf sent no queries"
    loss = 100.0 * (res["lost"] or 0) / res["sent"]
    if loss > max_loss:
        return "%.2f%% of queries lost (limit %g%%)" % (loss, max_loss)
    pct = rcode_pct(res["rcodes"])
    want = {"hits": "NOERROR", "nx": "NXDOMAIN"}.get(qtype)
    if want and pct.get(want, 0.0) < 99.0:
        return "%s queries: rcodes %s, expected >= 99%% %s" % (
            qtype, fmt_rcodes(pct), want)
    return None


def fmt_rcodes(pct):
    return " ".join("%s %.1f%%" % (k, v) for k, v in sorted(pct.items()))


# ------------------------------------------------------------ one server

def bench_server(who, size, zfile, qfiles, args):
    """Starts who on zfile, measures load and memory, runs every query
    file.  Returns (result dict, [problems])."""
    port = PORTS[who]
    d = tempfile.mkdtemp(prefix="dnsperf-%s-" % who, dir=args.workdir)
    argv, conf, text = server_cmd(who, d, port, zfile, args.builddir)
    with open(conf, "w") as f:
        f.write(text)
    logf = os.path.join(d, "server.log")
    problems = []
    res = {"server": who, "size": size}
    t0 = time.monotonic()
    with open(logf, "w") as log:
        proc = subprocess.Popen(niced(args.nice) +
                                ["taskset", "-c", str(args.server_cpu)] +
                                argv, stdout=log, stderr=subprocess.STDOUT,
                                cwd=d)
    try:
        # knotd re-pins its threads as they start: pin the whole tree now
        # and again once loaded (below), then check before every run.
        BD.pin_all(proc.pid, args.server_cpu)
        t = BD.wait_answer(port, proc, timeout=args.load_timeout)
        if t is None:
            why = "exited %s" % proc.returncode if proc.poll() is not None \
                else "no SOA answer within %d s" % args.load_timeout
            problems.append("%s did not answer (%s); log %s:\n%s" %
                            (who, why, logf, log_tail(logf)))
            return res, problems
        res["load_s"] = time.monotonic() - t0
        time.sleep(0.5)  # let a forking server (NSD) settle
        BD.pin_all(proc.pid, args.server_cpu)
        res["mem_kib"] = memory_kib(who, proc.pid)
        for qtype in args.qtypes:
            bad = check_pinned(proc.pid, args.server_cpu)
            if bad:
                problems.append("%s: %s" % (who, bad))
            pids = BD.children(proc.pid)
            c0 = BD.cpu_s(pids)
            b0, s0 = cpu_busy_s(args.server_cpu)
            w0 = time.monotonic()
            r = run_dnsperf(port, qfiles[qtype], args.duration,
                            args.client_cpu, args.nice, args.outstanding)
            c1 = BD.cpu_s(BD.children(proc.pid))
            b1, s1 = cpu_busy_s(args.server_cpu)
            wall = time.monotonic() - w0
            if proc.poll() is not None:
                problems.append("%s exited during the %s run; log %s:\n%s" %
                                (who, qtype, logf, log_tail(logf)))
                return res, problems
            bad = check_dnsperf(qtype, r, args.max_loss)
            if bad:
                problems.append("%s %s %s: %s" % (who, size, qtype, bad))
            cpu = c1 - c0
            res[qtype] = {
                "qps": r["qps"], "completed": r["completed"],
                "lost": r["lost"], "sent": r["sent"], "cpu_s": cpu,
                "q_per_cpu_s": (r["completed"] / cpu
                                if cpu > 0 and r["completed"] else None),
                "rcodes": rcode_pct(r["rcodes"]),
                "latency": r["latency"],
                "resp_size": r["resp_size"],
                # What else ran on the server's CPU (other processes,
                # interrupts, hypervisor steal), as a share of the run:
                # the noise indicator of this figure.
                "other_pct": max(0.0, 100.0 * (b1 - b0 - cpu) / wall),
                "steal_pct": 100.0 * (s1 - s0) / wall,
            }
        res["mem_after_kib"] = memory_kib(who, proc.pid)
    finally:
        BD.stop(proc)
        if not problems:
            shutil.rmtree(d, ignore_errors=True)
    return res, problems


# ---------------------------------------------------------------- report

def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt_k(x):
    return "-" if x is None else "%.0fk" % (x / 1000.0)


def spread(xs):
    """(max - min) / median in %, the run-to-run noise of one figure."""
    xs = [x for x in xs if x is not None]
    if len(xs) < 2:
        return ""
    m = statistics.median(xs)
    return "±%.0f%%" % (50.0 * (max(xs) - min(xs)) / m) if m else ""


def report(results, servers, sizes, qtypes):
    """Prints the table; returns medians {(size, server, key): value}."""
    meds = {}
    peers = [s for s in servers if s != "ours"]
    for size in sizes:
        print("\n== %s zone (%d records) ==  (other: median share of the "
              "server's CPU used by anything else during the runs)" %
              (size, SIZES[size]))
        hdr = "%-6s" % "server"
        for q in qtypes:
            hdr += " %14s %14s" % ("QPS " + q, "q/CPU-s " + q)
        hdr += " %9s %8s %7s" % ("mem MiB", "load s", "other")
        print(hdr)
        for who in servers:
            rs = [r for r in results if r["server"] == who and
                  r["size"] == size]
            line = "%-6s" % who
            for q in qtypes:
                qps = [r[q]["qps"] for r in rs if q in r]
                qc = [r[q]["q_per_cpu_s"] for r in rs if q in r]
                meds[(size, who, "qps " + q)] = med(qps)
                meds[(size, who, "q/cpu " + q)] = med(qc)
                line += " %14s %14s" % (
                    (fmt_k(med(qps)) + " " + spread(qps)).strip(),
                    (fmt_k(med(qc)) + " " + spread(qc)).strip())
            mem = med([r.get("mem_kib") for r in rs])
            load = med([r.get("load_s") for r in rs])
            meds[(size, who, "mem")] = mem
            meds[(size, who, "load")] = load
            other = med([r[q]["other_pct"] for r in rs for q in qtypes
                         if q in r])
            line += " %9s %8s %7s" % (
                "-" if mem is None else "%.0f" % (mem / 1024),
                "-" if load is None else "%.2f" % load,
                "-" if other is None else "%.0f%%" % other)
            print(line)
        if "ours" in servers and peers:
            keys = ["qps " + q for q in qtypes] + \
                   ["q/cpu " + q for q in qtypes] + ["mem", "load"]
            print("ratios ours/peer (QPS, q/CPU-s: higher is better; "
                  "mem, load: lower is better)")
            print("  %-12s" % "" + "".join(" %9s" % p for p in peers))
            for k in keys:
                line = "  %-12s" % k
                o = meds.get((size, "ours", k))
                for p in peers:
                    v = meds.get((size, p, k))
                    line += " %9s" % ("-" if not o or not v
                                      else "%.2f" % (o / v))
                print(line)
        # rcode mix per server, median run: shows at a glance whether
        # every server answered the same kind of thing.
        for q in qtypes:
            for who in servers:
                rs = [r for r in results if r["server"] == who and
                      r["size"] == size and q in r]
                if rs:
                    size_b = med([r[q]["resp_size"] for r in rs])
                    print("  %-4s %-5s %-36s avg response %s B" % (
                        q, who, fmt_rcodes(rs[0][q]["rcodes"]),
                        "-" if size_b is None else "%.0f" % size_b))
    return meds


def compare_rcodes(results, ref="bind"):
    """Mix answers' rcode shares more than 1 point away from the
    reference server's: a server answering differently is not measured
    on the same work."""
    problems = []
    for r in results:
        if r["server"] == ref or "mix" not in r:
            continue
        refs = [x for x in results if x["server"] == ref and
                x["size"] == r["size"] and "mix" in x]
        if not refs:
            continue
        a, b = r["mix"]["rcodes"], refs[0]["mix"]["rcodes"]
        for code in set(a) | set(b):
            if abs(a.get(code, 0.0) - b.get(code, 0.0)) > 1.0:
                problems.append("%s %s mix: rcodes %s, %s gives %s" % (
                    r["server"], r["size"], fmt_rcodes(a), ref,
                    fmt_rcodes(b)))
                break
    return problems


def compare_sizes(results, qtypes, who="ours", ref="bind"):
    """Warnings (not failures: answer content is the answer-comparison
    tests' job) where who's average response size is more than 2% away
    from ref's: a server that leaves out records does less work, and its
    QPS does not compare."""
    warnings = []
    for size in SIZES:
        for q in qtypes:
            a = med([r[q]["resp_size"] for r in results
                     if r["server"] == who and r["size"] == size and q in r])
            b = med([r[q]["resp_size"] for r in results
                     if r["server"] == ref and r["size"] == size and q in r])
            if a and b and abs(a - b) > 0.02 * b:
                warnings.append("%s %s %s: average response %.0f B, %s's "
                                "%.0f B" % (who, size, q, a, ref, b))
    return warnings


SAMPLE_DNSPERF = """[Timeout] Query timed out: msg id 755
Statistics:

  Queries sent:         175374
  Queries completed:    174568 (99.54%)
  Queries lost:         806 (0.46%)

  Response codes:       NOERROR 147571 (84.53%), NXDOMAIN 26997 (15.47%)
  Average packet size:  request 36, response 70
  Run time (s):         1.001442
  Queries per second:   174316.635412

  Average Latency (s):  0.000779 (min 0.000008, max 0.004164)
"""


def self_test():
    """Checks the parts that decide pass/fail without any server: the
    dnsperf summary parser, the loss and rcode checks, the query-file
    derivations.  Returns the number of failed checks."""
    failed = 0

    def check(what, cond):
        nonlocal failed
        if not cond:
            print("self-test FAILED: " + what)
            failed += 1

    r = parse_dnsperf(SAMPLE_DNSPERF)
    r["exit"], r["raw"] = 0, SAMPLE_DNSPERF
    check("sent", r["sent"] == 175374)
    check("completed", r["completed"] == 174568)
    check("lost", r["lost"] == 806)
    check("qps", abs(r["qps"] - 174316.635412) < 1e-6)
    check("rcodes", r["rcodes"] == {"NOERROR": 147571, "NXDOMAIN": 26997})
    check("response size", r["resp_size"] == 70)
    check("latency", r["latency"] == 0.000779)
    check("0.46% loss passes at 1%", check_dnsperf("mix", r, 1.0) is None)
    check("0.46% loss fails at 0.4%",
          "lost" in (check_dnsperf("mix", r, 0.4) or ""))
    check("15% NXDOMAIN fails the hits file",
          "expected" in (check_dnsperf("hits", r, 1.0) or ""))
    check("85% NOERROR fails the nx file",
          "expected" in (check_dnsperf("nx", r, 1.0) or ""))
    empty = parse_dnsperf("dnsperf: invalid argument")
    empty["exit"], empty["raw"] = 1, "dnsperf: invalid argument"
    check("failed dnsperf", "failed" in (check_dnsperf("mix", empty, 1.0)
                                         or ""))
    check("delegated name", under_delegation("www.sub12.bench.test."))
    check("SRV name is not delegated",
          not under_delegation("_sip._tcp.svc3.bench.test."))
    check("host is not delegated", not under_delegation("host1.bench.test."))
    check("sub label alone", not under_delegation("sub1.bench.test."))
    check("spread", spread([90, 100, 110]) == "±10%")

    # Query files from a tiny hit file: nx leaves out the delegation,
    # mix keeps the line count and only uses names of the zone.
    d = tempfile.mkdtemp(prefix="bench-dnsperf-selftest-")
    try:
        hits = os.path.join(d, "hits")
        lines = ["host%d.bench.test. A" % i for i in range(200)]
        lines.append("www.sub0.bench.test. A")
        with open(hits, "w") as f:
            f.write("\n".join(lines) + "\n")
        q = write_query_files(d, 7, hits)
        with open(q["nx"]) as f:
            nx = f.read().split("\n")[:-1]
        with open(q["mix"]) as f:
            mix = f.read().split("\n")[:-1]
        check("nx count", len(nx) == 200)
        check("nx names", all(l.startswith("nx-host") for l in nx))
        check("mix count", len(mix) == len(lines))
        check("mix in zone", all(l.split()[0].endswith("." + ORIGIN)
                                 for l in mix))
        check("mix has all kinds",
              any(l.startswith("nx-") for l in mix) and
              any(".wild." in l for l in mix) and
              any(l.endswith(" TXT") for l in mix) and
              sum(l in lines for l in mix) > 100)
        check("mix keeps the delegation", "www.sub0.bench.test. A" in mix)
    finally:
        shutil.rmtree(d, ignore_errors=True)
    print("self-test: %d failed" % failed)
    return failed


def main():
    if sys.argv[1:] == ["--self-test"]:
        return 1 if self_test() else 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--duration", type=int, default=5,
                    help="seconds per dnsperf run (dnsperf -l)")
    ap.add_argument("--small-only", action="store_true")
    ap.add_argument("--large-only", action="store_true")
    ap.add_argument("--servers", default=",".join(ALL_SERVERS),
                    help="comma-separated subset of ours,knot,nsd,bind")
    ap.add_argument("--queries", default=",".join(QTYPES),
                    help="comma-separated subset of hits,nx,mix")
    ap.add_argument("--builddir", default=os.environ.get("BUILDDIR", "."))
    ap.add_argument("--workdir", default=os.environ.get("TMPDIR", "/tmp") +
                    "/bindery-bench")
    ap.add_argument("--server-cpu", type=int, default=1)
    ap.add_argument("--client-cpu", type=int, default=0)
    ap.add_argument("--load-timeout", type=int, default=300)
    ap.add_argument("--max-loss", type=float, default=MAX_LOSS_PCT,
                    help="percent of lost queries that fails the run (1)")
    ap.add_argument("--outstanding", type=int, default=100,
                    help="dnsperf -q: queries in flight (100).  With "
                    "BENCH-NOTES' 1000, servers keeping the kernel's "
                    "default 208 KiB UDP receive buffer drop 0.3-2%% of "
                    "the queries (BIND fails the loss limit even on a "
                    "quiet machine) for the same QPS; see README.md")
    ap.add_argument("--nice", type=int, default=0,
                    help="run servers and dnsperf at this nice level "
                    "(e.g. -5 on a busy shared machine; 0: unchanged)")
    ap.add_argument("--json", help="also write every run's figures here")
    args = ap.parse_args()

    servers = [s for s in args.servers.split(",") if s]
    for s in servers:
        if s not in ALL_SERVERS:
            ap.error("unknown server %r" % s)
    args.qtypes = [q for q in args.queries.split(",") if q]
    for q in args.qtypes:
        if q not in QTYPES:
            ap.error("unknown query file %r" % q)
    if args.rounds < 1 or args.duration < 1:
        ap.error("--rounds and --duration must be positive")
    sizes = ["small"] if args.small_only else \
        ["large"] if args.large_only else ["small", "large"]
    args.builddir = os.path.abspath(args.builddir)
    os.makedirs(args.workdir, exist_ok=True)

    missing = []
    if "ours" in servers and not os.access(
            os.path.join(args.builddir, "named", "named"), os.X_OK):
        missing.append("ours (%s/named/named)" % args.builddir)
    for s, prog in (("knot", "knotd"), ("nsd", "nsd"),
                    ("bind", "/usr/sbin/named")):
        if s in servers and not shutil.which(prog):
            missing.append("%s (%s)" % (s, prog))
    if not shutil.which("dnsperf"):
        missing.append("dnsperf")
    if missing:
        print("FAILED: not installed or not built: %s" % ", ".join(missing))
        return 1

    inputs = {}
    for size in sizes:
        zfile, hits = ensure_zone(args.workdir, SIZES[size])
        inputs[size] = (zfile, write_query_files(args.workdir, SIZES[size],
                                                 hits))
    if "ours" in servers:
        # A stale binary was measured once (it logged every query): say
        # which one runs.
        prog = os.path.join(args.builddir, "named", "named")
        head = subprocess.run(["git", "-C", HERE, "rev-parse", "--short",
                               "HEAD"], capture_output=True, text=True)
        print("ours: %s, built %s; source HEAD now %s" % (
            prog, time.strftime("%Y-%m-%d %H:%M:%S UTC",
                                time.gmtime(os.path.getmtime(prog))),
            head.stdout.strip() or "?"))
    with open("/proc/loadavg") as f:
        la = f.read().split()[:3]
    print("servers %s on CPU %d (one worker), dnsperf on CPU %d, -l %d, "
          "-q %d, %d rounds interleaved, nice %d; load average at start %s"
          % (",".join(servers), args.server_cpu, args.client_cpu,
             args.duration, args.outstanding, args.rounds, args.nice,
             " ".join(la)), flush=True)

    results, problems = [], []
    for size in sizes:
        zfile, qfiles = inputs[size]
        for rnd in range(args.rounds):
            for who in servers:
                r, bad = bench_server(who, size, zfile, qfiles, args)
                r["round"] = rnd
                results.append(r)
                problems += bad
                line = "  %s round %d %-5s" % (size, rnd + 1, who)
                if "load_s" in r:
                    line += " load %.2fs mem %.0f MiB" % (
                        r["load_s"], r["mem_kib"] / 1024)
                for q in args.qtypes:
                    if q in r:
                        line += "  %s %s (%s/CPU-s, other %.0f%%)" % (
                            q, fmt_k(r[q]["qps"]),
                            fmt_k(r[q]["q_per_cpu_s"]), r[q]["other_pct"])
                print(line + ("  FAILED" if bad else ""), flush=True)

    report(results, servers, sizes, args.qtypes)
    if "mix" in args.qtypes:
        problems += compare_rcodes(results)
    for w in compare_sizes(results, args.qtypes):
        print("WARNING: " + w)
    with open("/proc/loadavg") as f:
        print("\nload average at end %s (figures on a shared machine are "
              "noisy; gaps under ~15%% are noise)" %
              " ".join(f.read().split()[:3]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    if problems:
        print("\nFAILED:")
        for p in problems:
            print("  " + p)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

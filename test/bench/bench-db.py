#!/usr/bin/env python3
"""bench-db.py - the zone database against NSD and Knot DNS on one zone.

Loads the generated bench.test zone (gen-zone.py, N records, default
1,000,000; cached in the work directory) with our database (the
bench-db program), and starts NSD and Knot DNS on the same file on
127.0.0.1 high ports, interleaved (ours, NSD, Knot) for --runs runs.
Prints medians and our figures as ratios to theirs:

  load time   ours: db_load_file() inside bench-db (parse + build + publish);
              peers: from exec until a UDP SOA query first gets an answer,
              polled every 20 ms (shared/BENCH-NOTES.md).  Also CPU time
              (user + system; for peers of the whole process tree up to
              the first answer), steadier on a loaded machine.
  memory      ours: VmRSS right after the load; NSD: PSS summed over its
              process tree (it forks, the children share the zone
              copy-on-write); Knot: VmRSS (one process; PSS shown too).
  lookups     ours only: db_lookup() of sampled existing names (hits) and
              absent names (misses), one thread pinned to --cpu.  The
              peers' figures would be network QPS, not comparable.
  updates     ours only: time to publish a one-record changeset and the
              memory a new version adds.
  zone table  ours only: deepest-zone finds/s with 10 and 100,000 zones.

Peers run pinned to --cpu as well (knotd re-pins its threads: every
thread is pinned again after start); NSD has rate limiting off.
Never part of `make check`.

Usage: bench-db.py [N] [--runs 3] [--builddir DIR] [--cpu 1]
                   [--seconds 3] [--no-peers]
"""

import argparse
import os
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ORIGIN = "bench.test."


def soa_query(qid):
    """A DNS query for bench.test. SOA IN, in wire form."""
    header = struct.pack("!HHHHHH", qid, 0, 1, 0, 0, 0)
    qname = b"".join(bytes([len(l)]) + l.encode()
                     for l in ORIGIN.rstrip(".").split(".")) + b"\0"
    return header + qname + struct.pack("!HH", 6, 1)


def wait_answer(port, proc, timeout=600.0):
    """Seconds until a SOA query on port gets a NOERROR answer with data,
    polled every 20 ms, or None if proc died or the time ran out."""
    t0 = time.monotonic()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    qid = 1
    try:
        while time.monotonic() - t0 < timeout:
            if proc.poll() is not None:
                return None
            qid = (qid + 1) & 0xffff
            try:
                s.sendto(soa_query(qid), ("127.0.0.1", port))
            except ConnectionRefusedError:
                pass
            # Read everything that came back within 20 ms: answers to
            # earlier polls may arrive late, and any NOERROR answer with
            # data (whatever its id) shows the zone is served.
            deadline = time.monotonic() + 0.02
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                s.settimeout(left)
                try:
                    data = s.recv(4096)
                except (socket.timeout, ConnectionRefusedError):
                    break
                if len(data) >= 12:
                    flags, _, an = struct.unpack("!HHH", data[2:8])
                    if (flags & 0x800f) == 0x8000 and an > 0:
                        return time.monotonic() - t0
    finally:
        s.close()
    return None


def children(pid):
    """pid and all its descendants."""
    kids = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                st = f.read()
        except OSError:
            continue
        ppid = int(st[st.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(d))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def status_kib(pid, key):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def pss_kib(pid):
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_s(pids):
    """User + system CPU seconds of pids, their threads and their reaped
    children (a loaded machine stretches wall time; CPU time much less)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in pids:
        try:
            with open("/proc/%d/stat" % p) as f:
                st = f.read()
        except OSError:
            continue
        fields = st[st.rindex(")") + 2:].split()
        # utime stime cutime cstime are fields 14-17 (1-based)
        total += sum(int(x) for x in fields[11:15])
    return total / tick


def pin_all(pid, cpu):
    for p in children(pid):
        subprocess.run(["taskset", "-a", "-p", "-c", str(cpu), str(p)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# Peer configurations (bench-dnsperf.py uses them too): one worker,
# no journal or zone-file writes, NSD's rate limiting off.
def knot_conf(d, port, zfile):
    return """server:
    rundir: "%(d)s"
    listen: 127.0.0.1@%(port)d
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
database:
    storage: "%(d)s/db"
log:
  - target: stderr
    any: error
template:
  - id: default
    storage: "%(d)s"
    journal-content: none
    zonefile-sync: -1
    zonefile-load: whole
    semantic-checks: off
zone:
  - domain: %(origin)s
    file: "%(zfile)s"
""" % {"d": d, "port": port, "origin": ORIGIN, "zfile": zfile}


def nsd_conf(d, port, zfile):
    # Debian's NSD rate-limits to 200 qps per /24 unless rrl is off.
    return """server:
    ip-address: 127.0.0.1@%(port)d
    port: %(port)d
    username: ""
    chroot: ""
    zonesdir: "%(d)s"
    pidfile: "%(d)s/nsd.pid"
    database: ""
    zonelistfile: "%(d)s/zone.list"
    xfrdfile: "%(d)s/xfrd.state"
    xfrdir: "%(d)s"
    logfile: "%(d)s/nsd.log"
    server-count: 1
    rrl-ratelimit: 0
    rrl-whitelist-ratelimit: 0
    verbosity: 0
remote-control:
    control-enable: no
zone:
    name: %(origin)s
    zonefile: "%(zfile)s"
""" % {"d": d, "port": port, "origin": ORIGIN, "zfile": zfile}


def run_nsd(zfile, cpu, work):
    port = free_port()
    d = tempfile.mkdtemp(prefix="nsd-", dir=work)
    conf = os.path.join(d, "nsd.conf")
    with open(conf, "w") as f:
        f.write(nsd_conf(d, port, zfile))
    proc = subprocess.Popen(["taskset", "-c", str(cpu), "nsd", "-d", "-c",
                             conf], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        t = wait_answer(port, proc)
        if t is None:
            print("nsd did not answer; see %s/nsd.log" % d)
            return None
        cpu = cpu_s(children(proc.pid))
        time.sleep(0.5)  # let the forked server settle
        pids = children(proc.pid)
        return {"load_s": t, "load_cpu_s": cpu,
                "mem_kib": sum(pss_kib(p) for p in pids),
                "rss_kib": max(status_kib(p, "VmRSS") for p in pids)}
    finally:
        stop(proc)
        shutil.rmtree(d, ignore_errors=True)


def run_knot(zfile, cpu, work):
    port = free_port()
    d = tempfile.mkdtemp(prefix="knot-", dir=work)
    conf = os.path.join(d, "knot.conf")
    with open(conf, "w") as f:
        f.write(knot_conf(d, port, zfile))
    proc = subprocess.Popen(["taskset", "-c", str(cpu), "knotd", "-c", conf],
                            stdout=subprocess.DEVNULL,
                            stderr=open(os.path.join(d, "knot.log"), "w"))
    try:
        pin_all(proc.pid, cpu)
        t = wait_answer(port, proc)
        if t is None:
            print("knotd did not answer; see %s/knot.log" % d)
            return None
        cpu = cpu_s(children(proc.pid))
        time.sleep(0.5)
        return {"load_s": t, "load_cpu_s": cpu,
                "mem_kib": status_kib(proc.pid, "VmRSS"),
                "pss_kib": pss_kib(proc.pid)}
    finally:
        stop(proc)
        shutil.rmtree(d, ignore_errors=True)


def run_ours(prog, zfile, cpu, seconds, updates):
    out = subprocess.run([prog, zfile, ORIGIN, "--cpu", str(cpu),
                          "--seconds", str(seconds), "--updates",
                          str(updates)], check=True, capture_output=True,
                         text=True).stdout
    res = {}
    for line in out.splitlines():
        k, _, v = line.partition(" ")
        try:
            res[k] = float(v)
        except ValueError:
            res[k] = v
    res["mem_kib"] = res["rss_after_load_kib"]
    return res


def med(runs, key):
    xs = [r[key] for r in runs if r is not None and key in r]
    return statistics.median(xs) if xs else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=1000000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--builddir", default=os.environ.get("BUILDDIR", "."))
    ap.add_argument("--workdir", default=os.environ.get("TMPDIR", "/tmp") +
                    "/bindery-bench")
    ap.add_argument("--cpu", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=3)
    ap.add_argument("--updates", type=int, default=1000)
    ap.add_argument("--no-peers", action="store_true")
    args = ap.parse_args()

    os.makedirs(args.workdir, exist_ok=True)
    zfile = os.path.join(args.workdir, "bench-%d.db" % args.n)
    if not os.path.exists(zfile):
        print("generating %s (%d records)..." % (zfile, args.n), flush=True)
        tmp = zfile + ".tmp"
        subprocess.run([sys.executable, os.path.join(HERE, "gen-zone.py"),
                        str(args.n), "-o", tmp], check=True)
        os.rename(tmp, zfile)
    prog = os.path.join(args.builddir, "test", "bench", "bench-db")
    if not os.access(prog, os.X_OK):
        sys.exit("%s missing: build it first (make test/bench/bench-db)"
                 % prog)
    peers = not args.no_peers
    if peers and not (shutil.which("nsd") and shutil.which("knotd")):
        print("nsd or knotd not installed: peers skipped")
        peers = False

    print("zone %s, %d records; %d runs interleaved (ours, NSD, Knot), "
          "pinned to CPU %d" % (zfile, args.n, args.runs, args.cpu),
          flush=True)
    ours, nsd, knot = [], [], []
    for i in range(args.runs):
        o = run_ours(prog, zfile, args.cpu, args.seconds, args.updates)
        ours.append(o)
        line = "run %d: ours load %.2fs rss %.0f MiB" % (
            i + 1, o["load_s"], o["mem_kib"] / 1024)
        if peers:
            n = run_nsd(zfile, args.cpu, args.workdir)
            k = run_knot(zfile, args.cpu, args.workdir)
            nsd.append(n)
            knot.append(k)
            if n:
                line += "; nsd %.2fs %.0f MiB PSS" % (
                    n["load_s"], n["mem_kib"] / 1024)
            if k:
                line += "; knot %.2fs %.0f MiB RSS" % (
                    k["load_s"], k["mem_kib"] / 1024)
        print(line, flush=True)

    print("\nmedians of %d runs" % args.runs)
    print("%-34s %12s %12s %12s" % ("", "ours", "NSD", "Knot"))

    def row(label, key, scale, fmt):
        vals = [med(ours, key)]
        if peers:
            vals += [med(nsd, key), med(knot, key)]
        cells = [(fmt % (v / scale)) if v is not None else "-" for v in vals]
        print("%-34s %12s %12s %12s" % tuple([label] + cells +
                                             [""] * (3 - len(cells))))
        return vals

    lt = row("load time, wall (s)", "load_s", 1, "%.2f")
    lc = row("load time, CPU user+sys (s)", "load_cpu_s", 1, "%.2f")
    mem = row("memory after load (MiB)", "mem_kib", 1024, "%.1f")
    for label, key, scale, fmt in [
            ("lookups/s, hits (1 core)", "hit_lookups_per_s", 1, "%.0f"),
            ("lookups/s, misses (1 core)", "miss_lookups_per_s", 1, "%.0f"),
            ("update publish median (us)", "update_median_us", 1, "%.1f"),
            ("update publish p99 (us)", "update_p99_us", 1, "%.1f"),
            ("update publish max (us)", "update_max_us", 1, "%.1f"),
            ("heap added per update (B)", "update_heap_bytes_per_update",
             1, "%.0f"),
            ("unshared heap per version (B)",
             "update_pinned_heap_bytes_per_update", 1, "%.0f"),
            ("zone table finds/s, 10 zones",
             "zonetable_finds_per_s_10_zones", 1, "%.0f"),
            ("zone table finds/s, 100,000 zones",
             "zonetable_finds_per_s_100000_zones", 1, "%.0f")]:
        v = med(ours, key)
        print("%-34s %12s" % (label, (fmt % (v / scale)) if v is not None
                              else "-"))
    if peers:
        print("\nratios ours/peer (below 1 is better for us)")
        for label, vals in (("load wall", lt), ("load CPU", lc),
                            ("memory", mem)):
            parts = []
            for name, v in (("NSD", vals[1]), ("Knot", vals[2])):
                if vals[0] and v:
                    parts.append("%s %.2f" % (name, vals[0] / v))
            print("  %-12s %s" % (label, ", ".join(parts)))
        print("  goals: memory below NSD's (ratio < 1), load time below "
              "Knot's (ratio < 1)")


if __name__ == "__main__":
    main()

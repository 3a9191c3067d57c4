#!/usr/bin/env python3
"""bench-load.py - zone load benchmark: our named-checkzone against BIND's.

Generates bench.test with gen-zone.py (N records, default 1,000,000; the
file is cached by N in the work directory) and measures, interleaved
(BIND, ours, BIND, ours, ...) and reported as the median of --runs runs:

  * `named-checkzone -i local bench.test FILE`: wall time, user+sys CPU,
    peak RSS (through GNU time, see run())
  * `named-compilezone -i local -D -o OUT bench.test FILE` (text dump), and
    whether both tools' dumps are byte-identical
  * the raw format: BIND's `named-compilezone -F raw` writes FILE.raw once,
    then `named-checkzone -f raw -i local` of both tools loads it

and prints the ratio ours/BIND for each.  Our tools are taken from
BUILDDIR/tools (--builddir, or $BUILDDIR, default: the current directory);
if they are missing only BIND's figures are printed.  Never part of
`make check`: run `make bench` or this script by hand on a quiet machine
(see shared/BENCH-NOTES.md for how noisy a shared VM is).

With --peers, NSD's nsd-checkzone joins the text-load row as a third
reference (it checks less than named-checkzone: a rough floor, not a peer
of equal work).

Usage: bench-load.py [N] [--runs 3] [--builddir DIR] [--workdir DIR]
                     [--bind-checkzone PATH] [--no-compile] [--no-raw]
                     [--peers]
"""

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ZONE = "bench.test"


GNU_TIME = "/usr/bin/time"


def run(cmd):
    """Runs cmd, returns (wall s, cpu s, maxrss KiB, exit status, stderr).

    Peak RSS is taken through GNU time when it exists: Linux carries a
    process's RSS high-water mark across exec, so a child forked straight
    from this Python process would report at least Python's own RSS
    (~19 MiB); GNU time is a small C program, so its child starts from
    about 1 MiB.  Without it, wait4() gives the figures (with that floor).
    """
    tfile = None
    argv = cmd
    if os.access(GNU_TIME, os.X_OK):
        fd, tfile = tempfile.mkstemp(prefix="bench-time.")
        os.close(fd)
        argv = [GNU_TIME, "-q", "-f", "%U %S %M", "-o", tfile] + cmd
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    # stderr is small (a few lines); read it before waiting so the child
    # can never block on a full pipe.
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    p.stderr.close()
    cpu = ru.ru_utime + ru.ru_stime
    rss = ru.ru_maxrss
    if tfile is not None:
        try:
            with open(tfile) as f:
                last = f.read().strip().splitlines()[-1].split()
            cpu = float(last[0]) + float(last[1])
            rss = int(last[2])
        except (OSError, IndexError, ValueError):
            pass
        os.unlink(tfile)
    return wall, cpu, rss, p.returncode, err.decode(errors="replace")


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def file_hash(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Bench:
    def __init__(self, name, cmds):
        self.name = name
        self.cmds = cmds  # {"bind": argv, "ours": argv or None}
        self.res = {k: [] for k in cmds}
        self.errors = {}

    def once(self):
        for who, cmd in self.cmds.items():
            if cmd is None:
                continue
            wall, cpu, rss, rc, err = run(cmd)
            if rc != 0:
                self.errors[who] = "exit %d: %s" % (rc, err.strip()[-300:])
            self.res[who].append((wall, cpu, rss))

    def report(self):
        print("\n%s" % self.name)
        print("  %-6s %9s %9s %10s  runs" % ("", "wall s", "cpu s", "maxRSS MiB"))
        med = {}
        for who, rs in self.res.items():
            if not rs:
                print("  %-6s not run (%s)" % (who, "tool missing"))
                continue
            m = (median([r[0] for r in rs]), median([r[1] for r in rs]),
                 median([r[2] for r in rs]) / 1024.0)
            med[who] = m
            runs = " ".join("%.2f" % r[0] for r in rs)
            print("  %-6s %9.2f %9.2f %10.1f  %s" % (who, m[0], m[1], m[2], runs))
            if who in self.errors:
                print("  %-6s FAILED: %s" % (who, self.errors[who]))
        if "ours" in med:
            o = med["ours"]
            for who, m in med.items():
                if who == "ours":
                    continue
                print("  ours/%s: wall %.2f  cpu %.2f  memory %.2f" %
                      (who if who != "bind" else "BIND", o[0] / m[0],
                       o[1] / m[1] if m[1] else float("nan"), o[2] / m[2]))
        return med


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=1000000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--builddir", default=os.environ.get("BUILDDIR", "."))
    ap.add_argument("--workdir", default=os.environ.get("TMPDIR", "/tmp") +
                    "/bindery-bench")
    ap.add_argument("--bind-checkzone",
                    default=shutil.which("named-checkzone") or
                    "/usr/bin/named-checkzone")
    ap.add_argument("--bind-compilezone",
                    default=shutil.which("named-compilezone") or
                    "/usr/bin/named-compilezone")
    ap.add_argument("--no-compile", action="store_true",
                    help="skip the named-compilezone -D text dump")
    ap.add_argument("--no-raw", action="store_true",
                    help="skip the raw-format load")
    ap.add_argument("--peers", action="store_true",
                    help="also time nsd-checkzone on the text zone")
    args = ap.parse_args()

    os.makedirs(args.workdir, exist_ok=True)
    zfile = os.path.join(args.workdir, "bench-%d.db" % args.n)
    if not os.path.exists(zfile):
        print("generating %s (%d records)..." % (zfile, args.n), flush=True)
        tmp = zfile + ".tmp"
        subprocess.run([sys.executable, os.path.join(HERE, "gen-zone.py"),
                        str(args.n), "-o", tmp], check=True)
        os.rename(tmp, zfile)

    ours_cz = os.path.join(args.builddir, "tools", "named-checkzone")
    ours_cc = os.path.join(args.builddir, "tools", "named-compilezone")
    have_cz = os.access(ours_cz, os.X_OK)
    have_cc = os.access(ours_cc, os.X_OK)
    print("zone %s, %d records, %.1f MB; runs %d, interleaved BIND/ours" %
          (zfile, args.n, os.path.getsize(zfile) / 1e6, args.runs))
    print("BIND: %s" % args.bind_checkzone)
    print("ours: %s%s" % (ours_cz, "" if have_cz else " (missing: BIND only)"))

    benches = [Bench("named-checkzone -i local (text)", {
        "bind": [args.bind_checkzone, "-i", "local", ZONE, zfile],
        "ours": [ours_cz, "-i", "local", ZONE, zfile] if have_cz else None,
    })]
    nsd_cz = shutil.which("nsd-checkzone") or "/usr/sbin/nsd-checkzone"
    if args.peers and os.access(nsd_cz, os.X_OK):
        benches[0].cmds["nsd"] = [nsd_cz, ZONE, zfile]
        benches[0].res["nsd"] = []

    dumps = {}
    if not args.no_compile:
        dumps = {"bind": os.path.join(args.workdir, "dump-bind.db"),
                 "ours": os.path.join(args.workdir, "dump-ours.db")}
        benches.append(Bench("named-compilezone -i local -D (text dump)", {
            "bind": [args.bind_compilezone, "-i", "local", "-D", "-o",
                     dumps["bind"], ZONE, zfile],
            "ours": [ours_cc, "-i", "local", "-D", "-o", dumps["ours"],
                     ZONE, zfile] if have_cc else None,
        }))

    if not args.no_raw:
        rfile = zfile + ".raw"
        if not os.path.exists(rfile):
            subprocess.run([args.bind_compilezone, "-q", "-i", "none", "-F",
                            "raw", "-o", rfile, ZONE, zfile], check=True)
        benches.append(Bench("named-checkzone -f raw -i local (raw load)", {
            "bind": [args.bind_checkzone, "-f", "raw", "-i", "local", ZONE,
                     rfile],
            "ours": [ours_cz, "-f", "raw", "-i", "local", ZONE, rfile]
            if have_cz else None,
        }))

    for i in range(args.runs):
        for b in benches:
            b.once()
        print("  run %d/%d done" % (i + 1, args.runs), flush=True)

    for b in benches:
        b.report()
    if dumps and all(os.path.exists(p) for p in dumps.values()):
        same = file_hash(dumps["bind"]) == file_hash(dumps["ours"])
        print("\ntext dumps %s" % ("identical" if same else
                                   "DIFFER: diff %s %s" % (dumps["bind"],
                                                           dumps["ours"])))


if __name__ == "__main__":
    main()

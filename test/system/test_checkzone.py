"""System tests for named-checkzone / named-compilezone, with Debian's BIND
9.18 tools as the oracle.

- Every zone file of the upstream checkzone corpus that BIND's
  named-compilezone accepts is compiled by both (-D -o -, full style) and
  the outputs compared byte for byte; the identity rate is printed and
  must stay above a floor.
- Exit codes on the corpus manifest's cases (accept and reject).
- Zones written here for the dump layout, RRset ordering, relative style
  and the check messages, compared with BIND's output line for line.
- Command-line errors and the journal refusal.

Our binaries come from BINDERY_BUILDDIR (the top build directory), or
./tools relative to the working directory; a missing binary fails.
BIND is always run with "-i local" or "-i none" so it never resolves
names on the network.
"""
import csv
import glob
import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SRCDIR = os.environ.get("BINDERY_SRCDIR", os.path.abspath(os.path.join(HERE, "..", "..")))
CORPUS = os.path.abspath(os.path.join(SRCDIR, "..", "shared", "corpus"))
if not os.path.isdir(CORPUS):
    CORPUS = "/work/shared/corpus"

# Floors for what depends on the whole data core (rdata text of every
# type); measured values are printed by the tests.
IDENTITY_FLOOR = 0.85
ACCEPT_FLOOR = 0.85


def _ours(tool):
    dirs = []
    if os.environ.get("BINDERY_BUILDDIR"):
        dirs.append(os.path.join(os.environ["BINDERY_BUILDDIR"], "tools"))
    dirs.append(os.path.join(os.getcwd(), "tools"))
    for d in dirs:
        path = os.path.join(d, tool)
        if os.access(path, os.X_OK):
            return path
    pytest.fail("our %s is not built (looked in %s)" % (tool, ", ".join(dirs)))


def _bind(tool):
    for d in ("/usr/bin", "/usr/sbin"):
        path = os.path.join(d, tool)
        if os.access(path, os.X_OK):
            return path
    path = shutil.which(tool)
    if path is None:
        pytest.fail("BIND's %s is not installed" % tool)
    return path


def run(cmd, cwd=None, stdin=None):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       stdin=subprocess.DEVNULL if stdin is None else stdin, timeout=120)
    return p.returncode, p.stdout, p.stderr


def manifest_rows():
    path = os.path.join(CORPUS, "manifest.tsv")
    if not os.path.isfile(path):
        pytest.fail("corpus manifest not found at %s" % path)
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r for r in rows if r["tool"] == "named-checkzone"]


def corpus_cases():
    """(cwd, args) for every zone file: the manifest's arguments where it
    has the file, else zone "example"."""
    rows = manifest_rows()
    by_path = {}
    for r in rows:
        by_path.setdefault(os.path.join(CORPUS, r["path"]), r)
    cases = []
    files = sorted(glob.glob(os.path.join(CORPUS, "bind9-*", "checkzone", "zones", "*")))
    if not files:
        pytest.fail("no corpus zone files under %s" % CORPUS)
    for f in files:
        if not os.path.isfile(f):
            continue
        cwd = os.path.dirname(os.path.dirname(f))
        rel = os.path.relpath(f, cwd)
        r = by_path.get(f)
        if r is not None:
            args = r["args"].split()
        else:
            args = ["example", rel]
        cases.append((cwd, ["-i", "local"] + args))
    return cases


def test_compilezone_identity_on_corpus():
    ours = _ours("named-compilezone")
    bind = _bind("named-compilezone")
    accepted = identical = ours_rejected = 0
    diffs = []
    for cwd, args in corpus_cases():
        rc_b, out_b, _ = run([bind, "-D", "-o", "-"] + args, cwd=cwd)
        if rc_b != 0:
            continue
        accepted += 1
        rc_o, out_o, err_o = run([ours, "-D", "-o", "-"] + args, cwd=cwd)
        if rc_o != 0:
            ours_rejected += 1
            diffs.append("%s: we reject: %s" % (args[-1], err_o.decode(errors="replace").strip()[:200]))
        elif out_o == out_b:
            identical += 1
        else:
            diffs.append("%s: output differs" % args[-1])
    assert accepted > 0, "BIND accepted no corpus zone: corpus missing?"
    rate = identical / accepted
    print("\ncompilezone identity: %d/%d zones BIND accepts are byte-identical "
          "(%.1f%%); we reject %d" % (identical, accepted, 100 * rate, ours_rejected))
    for d in diffs:
        print("  " + d)
    assert rate >= IDENTITY_FLOOR, "identity %.1f%% below floor" % (100 * rate)


def test_checkzone_exit_codes_on_manifest():
    ours = _ours("named-checkzone")
    agree = {"accept": [0, 0], "reject": [0, 0]}
    bad = []
    for r in manifest_rows():
        cwd = os.path.join(CORPUS, r["cwd"])
        rc, out, err = run([ours] + r["args"].split(), cwd=cwd)
        verdict = "accept" if rc == 0 else "reject"
        exp = r["verdict_918"]
        agree[exp][1] += 1
        if verdict == exp and (rc == 0 or rc == 1):
            agree[exp][0] += 1
        else:
            bad.append("%s %s: BIND %s, we exit %s" % (r["cwd"], r["args"], exp, rc))
    print("\nexit codes: accept %d/%d, reject %d/%d" % (
        agree["accept"][0], agree["accept"][1], agree["reject"][0], agree["reject"][1]))
    for b in bad:
        print("  " + b)
    # Every zone BIND rejects must be rejected (exit 1).
    assert agree["reject"][0] == agree["reject"][1]
    assert agree["accept"][0] >= ACCEPT_FLOOR * agree["accept"][1]


HEAD = "$TTL 300\n@ SOA ns hostmaster 7 3600 1200 604800 1200\n"

ZONES = {
    # Column layout: owners around the 46th column, TTLs of every width.
    "columns": HEAD + "@ NS ns\nns A 192.0.2.1\n"
    "abcdefghijklmnopqrstuvwxyzabcdefghi A 1.1.1.1\n"
    "abcdefghijklmnopqrstuvwxyzabcdefghij A 1.1.1.1\n"
    "abcdefghijklmnopqrstuvwxyzabcdefghijk A 1.1.1.1\n"
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv A 1.1.1.1\n"
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvw A 1.1.1.1\n"
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwx A 1.1.1.1\n"
    "x 1 A 10.1.1.1\ny 2147483647 A 10.1.1.1\nz 0 NS ns\n",
    # RRset order at a node, rdata order and duplicates, TTL batches.
    "ordering": HEAD + "@ TXT \"x\"\n@ NS ns\n@ MX 10 mail\n@ A 1.2.3.4\n"
    "@ AAAA ::1\n@ A 1.2.3.3\n@ A 1.2.3.3\n@ TYPE1000 \\# 0\n"
    "@ SRV 0 0 0 .\n@ HINFO \"a\" \"b\"\n@ NS NS.example.\n"
    "ns A 10.0.0.1\nmail A 10.0.0.2\nx 500 A 1.1.1.1\nns 200 A 1.2.3.5\n"
    "x 400 A 1.1.1.2\nx 600 A 1.1.1.3\nZ A 1.1.1.1\n\\001.z A 1.1.1.1\n"
    "*.z A 1.1.1.1\n\\200.z A 1.1.1.1\nzABC.a A 1.1.1.1\nyljkjljk.a A 1.1.1.1\n",
    # RRSIGs: placement after what they cover, resign comments.
    "signed": HEAD + "@ NS ns\nns A 10.0.0.1\n"
    "@ RRSIG NS 8 1 300 20300101000000 20200101000000 1234 example. AAAA\n"
    "@ RRSIG SOA 8 1 300 20300101000000 20200101000000 1234 example. AAAA\n"
    "ns RRSIG A 8 2 300 20300101000000 20200101000000 1234 example. AAAA\n"
    "ns RRSIG A 8 2 300 20290101000000 20200101000000 1235 example. AAAA\n"
    "ns TXT \"a\"\n",
    # Relative style: $ORIGIN at BIND's tree levels, wildcards, $TTL.
    "levels": HEAD + "@ NS ns\nns A 1.2.3.4\na.b.c.d A 1.1.1.1\n"
    "x.y.c.d A 1.1.1.1\nq.c.d A 1.1.1.1\n*.w A 1.1.1.1\nz.*.w2 A 1.1.1.1\n"
    "deep.er.sub A 1.1.1.1\nsub 600 A 1.1.1.1\nm.n.o.p A 1.1.1.1\n"
    "_s._tcp SRV 1 1 1 ns\n_t._tcp SRV 1 1 1 ns.example.\n"
    "del NS ns.del\nns.del A 1.1.1.1\n",
}

# Zones whose check messages must match BIND's exactly (-i local).
CHECKS = {
    "integrity": HEAD + "@ NS ns\n@ NS ns.sub\n@ MX 1 nomx\n@ MX 2 cn\n"
    "_s._tcp SRV 1 1 1 cn\n_t._tcp SRV 1 1 1 nosrv\ncn CNAME ns\n"
    "sub NS ns.sub\nsub NS ns2.sub\nsub NS ns.sub2\nns A 1.2.3.4\n"
    "sub2 NS ns.other.\n*.w A 1.1.1.1\n@ MX 3 host.w\n@ MX 4 a.b.c\n"
    "x.b.c A 1.1.1.1\n@ MX 5 b.c\nd DNAME other.\nx.d MX 1 nowhere\n"
    "@ MX 6 y.d\n",
    "apexns": HEAD + "@ NS ns\n@ NS ns3\n@ NS cn\ncn CNAME ns\nns A 1.2.3.4\n",
    "nosoa": "$TTL 300\n@ NS ns\nns A 1.2.3.4\n",
    "nons": HEAD + "ns A 1.2.3.4\n",
    "perrecord": HEAD + "@ 600 SOA ns h 2 2 3 4 5\n@ NS ns\n@ MX 10 1.2.3.4\n"
    "a 100 A 1.2.3.4\na 200 A 1.2.3.5\nns A 10.0.0.1\nx.*.wild A 1.2.3.4\n"
    "www.other. A 1.2.3.4\nbad_name A 1.2.3.4\nhost MX 10 bad_target\n"
    "@ NS 10.0.0.1\ngc._msdcs A 1.2.3.4\na._spf A 1.2.3.4\n",
    "cname": HEAD + "@ NS ns\nns A 1.2.3.4\nb A 1.2.3.4\nb CNAME ns\n",
    "dsapex": HEAD + "@ NS ns\nns A 1.2.3.4\n"
    "@ DS 1 8 1 0123456789abcdef0123456789abcdef01234567\n",
    "deprecated": HEAD + "@ NS ns\nns A 1.2.3.4\nc NS ns\n"
    "c DS 1 7 1 0123456789abcdef0123456789abcdef01234567\n"
    "c DS 1 8 3 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
    "@ KEY 512 3 7 AwEAAbqjg7xdvnU2Q/gtLw5LOfr5cDeTRjYu\n"
    "@ DNSKEY 256 3 5 AwEAAbqjg7xdvnU2Q/gtLw5LOfr5cDeTRjYu\n",
    "empty": "$TTL 300\nns A 1.2.3.4\n",
    "casedup": HEAD + "@ NS ns\nns A 1.2.3.4\n@ NSEC a.example. A\n"
    "@ NSEC A.example. A\n",
    "dnssd": HEAD + "@ NS ns\nns A 1.2.3.4\nx MX 1 !@#3.\n",
    "spf": HEAD + "@ NS ns\nns A 1.2.3.4\ny SPF \"v=spf1 -all\"\n"
    "z SPF \"v=spf1 -all\"\nz TXT \"v=spf1 -all\"\n",
}


@pytest.fixture
def zonedir(tmp_path):
    for name, text in list(ZONES.items()) + list(CHECKS.items()):
        (tmp_path / (name + ".db")).write_text(text)
    return tmp_path


@pytest.mark.parametrize("name", sorted(ZONES))
@pytest.mark.parametrize("style", ["full", "relative"])
def test_dump_identical(zonedir, name, style):
    args = ["-i", "none", "-k", "ignore", "-s", style, "-D", "-o", "-", "example", name + ".db"]
    rc_b, out_b, err_b = run([_bind("named-compilezone")] + args, cwd=zonedir)
    assert rc_b == 0, err_b
    rc_o, out_o, err_o = run([_ours("named-compilezone")] + args, cwd=zonedir)
    assert rc_o == 0, err_o
    assert out_o.decode() == out_b.decode()
    assert err_o == err_b


@pytest.mark.parametrize("name", sorted(CHECKS))
@pytest.mark.parametrize("prog", ["named-checkzone", "named-compilezone"])
def test_check_messages_identical(zonedir, name, prog):
    args = ["-i", "local", "example", name + ".db"]
    if prog == "named-compilezone":
        args = ["-o", "out.db"] + args
    rc_b, out_b, err_b = run([_bind(prog)] + args, cwd=zonedir)
    rc_o, out_o, err_o = run([_ours(prog)] + args, cwd=zonedir)
    assert rc_o == rc_b
    assert out_o.decode() == out_b.decode()
    assert err_o.decode() == err_b.decode()


@pytest.mark.parametrize("args", [
    ["-i", "foo", "example", "x.db"],
    ["-k", "foo", "example", "x.db"],
    ["-W", "fail", "example", "x.db"],
    ["-T", "fail", "example", "x.db"],
    ["-F", "foo", "example", "x.db"],
    ["-t", "/nonexistent", "example", "x.db"],
    ["-w", "/nonexistent", "example", "x.db"],
    ["-f", "foo", "example", "x.db"],
    ["-F", "raw=2", "example", "x.db"],
    ["-s", "foo", "example", "x.db"],
    ["-l", "abc", "example", "x.db"],
    ["-Z", "example", "x.db"],
    ["-h"],
    [],
    ["-q", "example", "missing.db"],
])
def test_command_line_errors(zonedir, args):
    rc_b, out_b, err_b = run([_bind("named-checkzone")] + args, cwd=zonedir)
    rc_o, out_o, err_o = run([_ours("named-checkzone")] + args, cwd=zonedir)
    assert rc_o == rc_b
    assert out_o == out_b
    assert err_o == err_b


def test_compilezone_requires_output(zonedir):
    rc_b, _, err_b = run([_bind("named-compilezone"), "example", "nons.db"], cwd=zonedir)
    rc_o, _, err_o = run([_ours("named-compilezone"), "example", "nons.db"], cwd=zonedir)
    assert rc_o == rc_b == 1
    assert err_o.splitlines()[0] == err_b.splitlines()[0]


def test_version_and_quiet(zonedir):
    rc, out, _ = run([_ours("named-checkzone"), "-v"])
    assert rc == 0 and out.strip()
    rc, out, err = run([_ours("named-checkzone"), "-q", "example", "columns.db"], cwd=zonedir)
    assert rc == 0 and out == b"" and err == b""
    rc, out, err = run([_ours("named-checkzone"), "-q", "example", "nons.db"], cwd=zonedir)
    assert rc == 1 and out == b"" and err == b""


def test_stdin_and_dump_to_file(zonedir):
    with open(os.path.join(zonedir, "columns.db"), "rb") as f:
        rc, out, _ = run([_ours("named-checkzone"), "example", "-"], stdin=f)
    assert rc == 0 and out.endswith(b"OK\n")
    rc, out, _ = run([_ours("named-compilezone"), "-o", "c.out", "example", "columns.db"], cwd=zonedir)
    assert rc == 0
    assert b"dump zone to c.out...done\n" in out
    rc_b, _, _ = run([_bind("named-compilezone"), "-i", "none", "-o", "c.bind", "example", "columns.db"], cwd=zonedir)
    assert rc_b == 0
    assert (zonedir / "c.out").read_bytes() == (zonedir / "c.bind").read_bytes()


def test_raw_round_trip(zonedir):
    """Our raw output loads in BIND and BIND's in ours, same zone text."""
    ours, bind = _ours("named-compilezone"), _bind("named-compilezone")
    for fmt in ("raw", "raw=0"):
        opts = ["-i", "none", "-k", "ignore"]
        assert run([ours] + opts + ["-F", fmt, "-o", "o.raw", "example", "ordering.db"], cwd=zonedir)[0] == 0
        assert run([bind] + opts + ["-F", fmt, "-o", "b.raw", "example", "ordering.db"], cwd=zonedir)[0] == 0
        rc1, t1, _ = run([bind] + opts + ["-f", "raw", "-D", "-o", "-", "example", "o.raw"], cwd=zonedir)
        rc2, t2, _ = run([ours] + opts + ["-f", "raw", "-D", "-o", "-", "example", "b.raw"], cwd=zonedir)
        rc3, t3, _ = run([bind] + opts + ["-D", "-o", "-", "example", "ordering.db"], cwd=zonedir)
        assert rc1 == rc2 == rc3 == 0
        assert t1 == t3 and t2 == t3


def test_journal_not_ignored(zonedir):
    ours = _ours("named-checkzone")
    rc, out, _ = run([ours, "-j", "example", "columns.db"], cwd=zonedir)
    assert rc == 0  # no journal file: nothing to apply
    (zonedir / "columns.db.jnl").write_bytes(b"junk")
    rc, out, _ = run([ours, "-j", "example", "columns.db"], cwd=zonedir)
    assert rc == 1
    assert b"journals are not supported yet" in out
    rc, out, _ = run([ours, "-J", "columns.db.jnl", "example", "columns.db"], cwd=zonedir)
    assert rc == 1


@pytest.mark.parametrize("limit,rc", [("500", 0), ("300", 1), ("1000", 0)])
def test_max_ttl(zonedir, limit, rc):
    # ordering.db has "x 500", then "x 400" / "x 600" in one batch (the
    # RRset keeps 400), and an SOA at 300.
    args = ["-i", "local", "-k", "ignore", "-l", limit, "example", "ordering.db"]
    rc_b, out_b, _ = run([_bind("named-checkzone")] + args, cwd=zonedir)
    rc_o, out_o, _ = run([_ours("named-checkzone")] + args, cwd=zonedir)
    assert rc_b == rc_o == rc
    assert out_o == out_b


SIGNME = HEAD + """@ NS ns
@ NS ns.sub
@ MX 10 mail
ns A 192.0.2.1
ns AAAA 2001:db8::1
mail A 192.0.2.2
www CNAME ns
*.wild A 192.0.2.3
sub NS ns.sub
ns.sub A 192.0.2.4
sub DS 12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
_sip._tcp SRV 0 0 5060 ns
txt TXT "hello world" "second"
a.b.c.d A 192.0.2.5
"""


@pytest.mark.parametrize("style", ["full", "relative"])
@pytest.mark.parametrize("chain", ["nsec", "nsec3"])
def test_signed_zone_identical(tmp_path, chain, style):
    """A zone signed by BIND's dnssec-signzone (RRSIGs, NSEC or NSEC3
    chain, resign comments, NSEC3 names after the rest) compiles to the
    same bytes."""
    keygen, signzone = _bind("dnssec-keygen"), _bind("dnssec-signzone")
    zone = tmp_path / "example.db"
    text = SIGNME
    for extra in (["-f", "KSK"], []):
        rc, out, err = run([keygen, "-q", "-K", str(tmp_path), "-a", "ECDSAP256SHA256"]
                           + extra + ["example"], cwd=tmp_path)
        assert rc == 0, err
        text += (tmp_path / (out.decode().strip() + ".key")).read_text()
    zone.write_text(text)
    args = [signzone, "-q", "-K", str(tmp_path), "-o", "example", "-f", "signed.db"]
    if chain == "nsec3":
        args += ["-3", "aabbccdd", "-H", "0"]
    rc, _, err = run(args + ["example.db"], cwd=tmp_path)
    assert rc == 0, err
    outs = []
    for prog in (_bind("named-compilezone"), _ours("named-compilezone")):
        rc, out, err = run([prog, "-i", "local", "-s", style, "-o", "-", "example", "signed.db"], cwd=tmp_path)
        assert rc == 0, err
        outs.append((out, err))
    assert outs[0][0].count(b"\n") > 50
    assert b"(DNSSEC signed)" in outs[0][1]
    assert outs[1] == outs[0]


def test_unwritable_output(zonedir):
    args = ["-i", "local", "-o", "/nonexistent/dir/out.db", "example", "columns.db"]
    rc_b, out_b, err_b = run([_bind("named-compilezone")] + args, cwd=zonedir)
    rc_o, out_o, err_o = run([_ours("named-compilezone")] + args, cwd=zonedir)
    assert rc_o == rc_b == 1
    assert out_o == out_b
    assert err_o == err_b

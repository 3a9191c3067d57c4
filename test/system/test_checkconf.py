"""named-checkconf against BIND 9.18's named-checkconf.

- the conformance corpus (every named-checkconf case, with and without -z):
  agreement >= 98% and no file BIND accepts may be rejected;
- Debian's own /etc/bind/named.conf, plain and with -z (same zone lines);
- a generated hosting-panel configuration with a few hundred primary zones,
  checked with -z by both tools;
- small configurations probing one semantic check each, where our verdict
  and first error message must match BIND's.
"""
import csv
import os
import shlex
import subprocess

import pytest

from conftest import bind, ours

TIMEOUT = 60


def run(tool, args, cwd):
    p = subprocess.run([tool] + args, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                       timeout=TIMEOUT)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def first_error(out):
    for line in out.splitlines():
        if line.strip():
            return line.strip()
    return ""


def test_corpus(corpus_dir):
    mine = ours("named-checkconf")
    with open(os.path.join(corpus_dir, "manifest.tsv"), newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t",
                                          quoting=csv.QUOTE_NONE)
                if r["tool"] == "named-checkconf"]
    assert len(rows) > 400, "corpus manifest looks truncated"
    agree = 0
    false_rejects = []
    disagreements = []
    for r in rows:
        rc, out, err = run(mine, shlex.split(r["args"]),
                           os.path.join(corpus_dir, r["cwd"]))
        assert rc is not None and rc >= 0, f"{r['id']}: crashed ({rc})"
        verdict = "accept" if rc == 0 else "reject"
        if verdict == r["verdict_918"]:
            agree += 1
            continue
        disagreements.append(f"{r['id']}: BIND {r['verdict_918']}, "
                             f"ours {verdict}: {first_error(err + out)}")
        if r["verdict_918"] == "accept":
            false_rejects.append(disagreements[-1])
    rate = 100.0 * agree / len(rows)
    print(f"named-checkconf corpus agreement: {agree}/{len(rows)} "
          f"({rate:.2f}%)")
    assert not false_rejects, "\n".join(false_rejects)
    assert rate >= 98.0, "\n".join(disagreements)


def test_debian_named_conf():
    conf = "/etc/bind/named.conf"
    if not os.path.exists(conf):
        pytest.fail("Debian's /etc/bind/named.conf is missing")
    mine = ours("named-checkconf")
    theirs = bind("named-checkconf")
    rc, out, err = run(mine, [conf], "/")
    assert rc == 0, err + out
    rc, out, err = run(mine, ["-z", conf], "/")
    brc, bout, berr = run(theirs, ["-z", conf], "/")
    assert brc == 0, berr
    assert rc == 0, err + out
    assert out.splitlines() == bout.splitlines()


ZONE = """$TTL 3600
@	IN SOA ns1.panel.example. hostmaster.panel.example. ( {serial} 7200 900 1209600 300 )
	IN NS ns1.panel.example.
	IN NS ns2.panel.example.
	IN MX 10 mail
@	IN A 192.0.2.{host}
www	IN CNAME @
mail	IN A 192.0.2.{host}
ftp	IN A 192.0.2.{host}
@	IN TXT "v=spf1 a mx -all"
"""


def make_panel(tmp_path, nzones):
    zdir = tmp_path / "zones"
    zdir.mkdir()
    key = ('key "rndc-key" {\n\talgorithm hmac-sha256;\n'
           '\tsecret "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";\n};\n')
    parts = [key,
             'controls {\n\tinet 127.0.0.1 port 953 allow { 127.0.0.1; } '
             'keys { "rndc-key"; };\n};\n',
             'acl "trusted" { 127.0.0.1; ::1; 192.0.2.0/24; };\n',
             'options {\n'
             f'\tdirectory "{tmp_path}";\n'
             '\tlisten-on { any; };\n'
             '\tlisten-on-v6 { any; };\n'
             '\tallow-recursion { trusted; };\n'
             '\tallow-notify { 198.51.100.2; };\n'
             '\tallow-transfer { 198.51.100.2; 198.51.100.3; };\n'
             '\talso-notify { 198.51.100.2; 198.51.100.3 port 5353; };\n'
             '\tnotify yes;\n'
             '\tversion none;\n'
             '};\n']
    for i in range(nzones):
        name = f"client{i:04d}.example"
        (zdir / f"{name}.db").write_text(
            ZONE.format(serial=2024010100 + i, host=1 + i % 250))
        parts.append(f'zone "{name}" {{\n\ttype master;\n'
                     f'\tfile "zones/{name}.db";\n'
                     '\tallow-update { none; };\n};\n')
    conf = tmp_path / "named.conf"
    conf.write_text("".join(parts))
    return conf


def test_hosting_panel(tmp_path):
    conf = make_panel(tmp_path, 300)
    mine = ours("named-checkconf")
    theirs = bind("named-checkconf")
    brc, bout, berr = run(theirs, ["-z", str(conf)], str(tmp_path))
    assert brc == 0, berr + bout
    rc, out, err = run(mine, ["-z", str(conf)], str(tmp_path))
    assert rc == 0, err + out
    assert out.splitlines() == bout.splitlines()
    assert len(out.splitlines()) == 300
    # break one zone file: both must now fail
    bad = tmp_path / "zones" / "client0007.example.db"
    bad.write_text(bad.read_text().replace("IN NS ns2.panel.example.",
                                           "IN NS 192.0.2.1"))
    bad2 = tmp_path / "zones" / "client0008.example.db"
    bad2.write_text("$TTL 3600\n@ IN A 192.0.2.1\n")
    brc, _, _ = run(theirs, ["-z", str(conf)], str(tmp_path))
    rc, _, _ = run(mine, ["-z", str(conf)], str(tmp_path))
    assert brc != 0 and rc != 0


# One semantic check each; both tools must give the same verdict, and the
# same first error line when they reject.
PROBES = [
    'zone "a" { type primary; };',
    'zone "a" { type slave; file "x"; };',
    'zone "." { type mirror; };',
    'zone "a" { type redirect; };',
    'zone "a" { type forward; file "x"; };',
    'zone "a" { type master; file "x"; request-ixfr no; };',
    'zone "a" { file "x"; };',
    'zone "a" { type primary; file "x"; }; zone "a" { type primary; file "y"; };',
    'zone "a" { type primary; file "x"; }; zone "a" CH { type primary; file "y"; };',
    'view a { }; view a { };',
    'view a { }; zone "x" { type hint; file "x"; };',
    'acl a { any; }; acl a { none; };',
    'acl any { any; };',
    'options { allow-query { zz; }; };',
    'options { allow-transfer { zz; }; };',
    'view v { match-clients { zz; }; };',
    'key k { algorithm hmac-foo; secret "aaaa"; };',
    'key k { algorithm hmac-sha256; secret "aa=="; };',
    'key k { algorithm hmac-sha256-7; secret "aaaa"; };',
    'key k { secret "aaaa"; };',
    'server 1.2.3.4 { keys zz; };',
    'controls { inet 127.0.0.1 allow { any; } keys { zz; }; };',
    'logging { category foo { null; }; };',
    'logging { category default { foo; }; };',
    'logging { channel a { file "x"; syslog; }; };',
    'primaries p { 1.2.3.4; }; masters p { 1.2.3.5; };',
    'primaries p { 1.2.3.4; q; }; zone "a" { type secondary; primaries { p; }; };',
    'zone "a" { type secondary; primaries { 1.2.3.4 tls zz; }; };',
    'zone "a" { type primary; file "x"; also-notify { zz; }; };',
    'zone "a" { type primary; file "x"; notify no; also-notify { zz; }; };',
    'zone "a" { type primary; file "x"; dnssec-policy default; };',
    'zone "a" { type primary; file "x"; dnssec-policy default; inline-signing yes; };',
    'zone "a" { type primary; file "x"; dnssec-policy nosuch; };',
    'zone "a" { type secondary; primaries { 1.2.3.4; }; dnssec-dnskey-kskonly yes; };',
    'dnssec-policy a { nsec3param iterations 151; };',
    'zone "a" { type primary; file "x"; allow-update { any; }; update-policy local; };',
    'zone "e.com" { type primary; file "x"; update-policy { grant * self TXT; }; };',
    'zone "e.com" { type primary; file "x"; update-policy { grant * self . TXT; }; };',
    'zone "e.com" { type primary; file "x"; update-policy { grant * tcp-self x TXT; }; };',
    'zone "e.com" { type primary; file "x"; update-policy { grant * name TXT; }; };',
    'zone "e.com" { type primary; file "x"; update-policy { grant * zonesub TXT; }; };',
    'zone "e.com" { type primary; file "x"; update-policy { grant * wildcard x A; }; };',
    'options { dnskey-sig-validity 5000; };',
    'options { rate-limit { slip 11; }; };',
    'options { rate-limit { ipv6-prefix-length 15; }; };',
    'options { nta-lifetime 8d; };',
    'options { check-names secondary warn; check-names slave warn; };',
    'options { cookie-secret "ebc7701beabb4a40c57d140eeb6733faaabbccdd"; };',
    'options { dns64 ::/96 { suffix ::1; }; };',
    'options { dnstap { all; }; };',
    'zone "a" { type secondary; primaries { 1.2.3.4; }; transfer-source 1.2.3.4 port 53; };',
    'view v { zone "a" { type primary; file "x"; }; }; view w { zone "a" { in-view "v"; file "y"; }; };',
    'zone "a" { in-view "x"; };',
    'zone "a" { type secondary; primaries { 1.2.3.4; }; file "x"; }; '
    'zone "b" { type secondary; primaries { 1.2.3.4; }; file "x"; };',
]


@pytest.mark.parametrize("conf", PROBES)
def test_probe(tmp_path, conf):
    path = tmp_path / "t.conf"
    path.write_text(conf + "\n")
    brc, bout, berr = run(bind("named-checkconf"), ["t.conf"], str(tmp_path))
    rc, out, err = run(ours("named-checkconf"), ["t.conf"], str(tmp_path))
    assert (rc == 0) == (brc == 0), f"BIND: {berr}{bout}\nours: {err}{out}"
    if brc != 0:
        berrs = [l for l in (berr + bout).splitlines()
                 if l.strip() and "deprecated" not in l]
        errs = [l for l in (err + out).splitlines()
                if l.strip() and "deprecated" not in l]
        assert errs and berrs and errs[0] == berrs[0]

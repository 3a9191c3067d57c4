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
    # Category names are case-sensitive, channel names are not.
    'logging { category GENERAL { null; }; };',
    'logging { category general { NULL; }; };',
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


# Verdict-only probes: option combinations and ranges BIND checks after
# parsing (kept verdict-only because warnings may come in another order).
VERDICT_PROBES = [
    'options { notify explicit; also-notify { zz; }; }; zone "a" { type primary; file "x"; };',
    'zone "a" { type master; masters { 1.2.3.4; }; file "x"; };',
    'zone "a" { type static-stub; server-addresses { 1.2.3.4; }; };',
    'zone "a" { type static-stub; server-names { "ns.b"; }; };',
    'zone "a" { type static-stub; server-names { "ns.a"; }; };',
    'options { catalog-zones { zone "cat" default-primaries { 1.2.3.4; }; }; }; zone "cat" { type secondary; primaries { 1.2.3.4; }; };',
    'options { catalog-zones { zone "cat"; }; }; zone "cat" { type stub; primaries { 1.2.3.4; }; };',
    'options { response-policy { zone "rpz"; }; }; zone "rpz" { type primary; file "x"; };',
    'options { response-policy { zone "rpz"; }; };',
    'view v { match-clients { key k; }; }; key k { algorithm hmac-sha256; secret "aaaa"; };',
    'view v { inline-signing yes; zone "a" { type primary; file "x"; dnssec-policy default; }; };',
    'options { inline-signing yes; }; zone "a" { type primary; file "x"; dnssec-policy default; };',
    'dnssec-policy p { keys { csk lifetime unlimited algorithm ecdsap256sha256; }; }; zone "a" { type primary; file "x"; dnssec-policy p; inline-signing yes; };',
    'logging { channel c { file "/tmp/x" versions 3 size 1m; severity info; print-time yes; }; category default { c; default_syslog; }; category lame-servers { null; }; };',
    'zone "a" { type hint; file "x"; }; zone "b" { type hint; file "y"; };',
    'zone "." { type hint; file "x"; }; zone "." { type redirect; file "y"; };',
    'zone "a" { type primary; file "x"; notify-source 1.2.3.4 port 53; };',
    'options { port 5300; }; zone "a" { type primary; file "x"; notify-source 1.2.3.4 port 53; };',
    'zone "a" { type primary; file "x"; also-notify port 99 { 1.2.3.4 key k; }; };',
    'zone "a" { type secondary; primaries port 5353 { 1.2.3.4 key "k"; }; };',
    'zone "a" { type secondary; primaries { 1.2.3.4; }; allow-update-forwarding { any; }; };',
    'zone "a" { type primary; file "x"; update-policy { grant k. subdomain a. ANY; deny * name a. NS; }; };',
    'zone "a" { type primary; file "x"; update-policy { grant * tcp-self . PTR(1); }; };',
    'zone "a" { type primary; file "x"; update-policy { grant EXAMPLE.COM krb5-self . A; grant * ms-selfsub . A; }; };',
    'zone "a" { type primary; file "x"; update-policy { grant local-ddns zonesub any; }; };',
    'zone "a" { type primary; file "x"; update-policy { grant * external "/var/run/sock" A; }; };',
    'acl a { 10/8; }; acl b { a; !192.168/16; }; options { allow-query { b; }; allow-recursion { a; }; };',
    'options { allow-query { !localhost; localnets; key x; }; };',
    'options { listen-on port 53 { 127.0.0.1; }; listen-on-v6 { none; }; };',
    'view v1 { match-clients { 10/8; }; zone "a" { type primary; file "a1"; }; }; view v2 { zone "a" { type primary; file "a2"; }; };',
    'view v1 { zone "a" { type primary; file "a1"; allow-update { any; }; }; }; view v2 { zone "a" { type primary; file "a1"; }; };',
    'view v1 { zone "a" { type primary; file "a1"; }; }; view v2 { zone "a" { in-view v1; }; };',
    'view v1 IN { }; view v1 CHAOS { };',
    'options { max-cache-size 50%; max-ncache-ttl 3h; };',
    'options { dnssec-validation auto; trust-anchors { . initial-ds 20326 8 2 "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D"; }; };',
    'options { sig-validity-interval 30 20; };',
    'zone "a" { type primary; file "x"; sig-validity-interval 4000; };',
    'zone "a" { type primary; file "x"; dnskey-sig-validity 0; };',
    'options { rate-limit { responses-per-second 10; window 5; exempt-clients { 127.0.0.1; }; }; };',
    'controls { unix "/run/rndc.sock" perm 0600 owner 0 group 0 keys { k; }; }; key k { algorithm hmac-md5; secret "aaaa"; };',
    'controls { };',
    'statistics-channels { inet 127.0.0.1 port 8080 allow { 127.0.0.1; }; };',
    'options { dns64 64:ff9b::/96 { clients { any; }; exclude { ::ffff:0:0/96; }; }; };',
    'options { dns64 64:ff9b:1::/48 { }; };',
    'tls t { cert-file "c"; key-file "k"; protocols { TLSv1.3; }; ciphers "HIGH"; }; options { listen-on port 853 tls t { any; }; };',
    'http h { endpoints { "/dns-query"; "/q"; }; }; tls t { cert-file "c"; key-file "k"; }; options { listen-on port 443 tls t http h { any; }; };',
    'options { listen-on port 80 tls none http default { any; }; };',
    'zone "a" { type primary; file "x"; allow-transfer port 853 transport tls { any; }; };',
    'zone "a" { type mirror; primaries { 1.2.3.4; }; };',
    'options { recursion no; }; zone "." { type mirror; };',
    'zone "a" { type forward; forwarders { 1.2.3.4; }; forward only; };',
    'zone "a" { type delegation-only; };',
    'zone "a" { type secondary; primaries { 1.2.3.4; }; inline-signing yes; file "x"; dnssec-policy default; };',
    'zone "a" { type secondary; primaries { 1.2.3.4; }; auto-dnssec maintain; inline-signing yes; file "x"; };',
    'options { key-directory "/nonexistent"; }; zone "a" { type primary; file "x"; };',
    'zone "a" { type primary; file "x"; key-directory "/nonexistent"; };',
    'zone "a" { type primary; file "x"; max-zone-ttl 1d; dnssec-policy default; inline-signing yes; };',
    'zone "xn--bcher-kva.example" { type primary; file "x"; };',
    'zone "a..b" { type primary; file "x"; };',
    'zone "a" { type primary; file "x"; check-names warn; check-mx fail; check-integrity no; };',
    'options { check-names master ignore; check-names response warn; };',
    'view v { zone "a" { type primary; file "x"; }; zone "a" { type primary; file "y"; }; };',
    'view v { zone "a" { type primary; file "x"; }; }; view w { zone "a" { type primary; file "x"; }; };',
    'view v { zone "a" { type secondary; primaries {1.2.3.4;}; file "x"; }; }; view w { zone "a" { type primary; file "x"; }; };',
    'view v { key k { algorithm hmac-sha256; secret "aaaa"; }; server 1.2.3.4 { keys k; }; };',
    'view v { trust-anchors { . static-key 257 3 8 "AwEAAQ=="; }; };',
    'trust-anchors { example. static-ds 1 8 2 "0123456789ABCDEF"; example. static-ds 2 8 2 "0123"; };',
    'trust-anchors { example. initial-ds 1 8 2 "0123456789ABCDEF"; }; view v { trust-anchors { example. static-ds 1 8 2 "00"; }; };',
    'managed-keys { example. initial-key 257 3 8 "AwEAAQ=="; }; view v { trust-anchors { example2. initial-key 257 3 8 "AwEAAQ=="; }; };',
    'view v { managed-keys { example. initial-key 257 3 8 "AwEAAQ=="; }; trust-anchors { example2. initial-key 257 3 8 "AwEAAQ=="; }; };',
    'logging { channel a { file "x"; }; category default { a; }; category default { null; }; };',
    'logging { category queries { default_debug; default_stderr; }; };',
    'options { also-notify { 1.2.3.4; }; }; view v { also-notify { missing; }; zone "a" { type primary; file "x"; also-notify { 1.2.3.4; }; }; };',
    'primaries p { 1.2.3.4; }; options { also-notify { p; }; }; zone "a" { type primary; file "x"; };',
    'parental-agents p { 1.2.3.4; }; options { parental-agents { p; }; };',
    'zone "a" { type primary; file "x"; parental-agents { 1.2.3.4; }; dnssec-policy default; inline-signing yes; };',
    'zone "a" { type secondary; primaries { 1.2.3.4; }; file "x"; }; zone "b" { type primary; file "y"; journal "x"; };',
    'zone "a" { type primary; file "x"; update-policy local; }; zone "b" { type primary; file "x"; update-policy local; };',
    'zone "a" { type secondary; primaries { 1.2.3.4; }; }; zone "b" { type secondary; primaries { 1.2.3.4; }; };',
    'zone "a" { type primary; file "x"; allow-update { key k; }; }; key k { algorithm hmac-sha256; secret "aaaa"; };',
    'zone "a" { type primary; file "x"; allow-update { localhost; }; dnssec-policy default; };',
    'zone "a" { type primary; file "x"; allow-update { none; }; update-policy local; };',
    'view v CH { zone "version.bind" CH { type primary; file "x"; }; };',
    'view v CH { zone "version.bind" { type primary; file "x"; }; };',
    'view v { zone "a" CH { type primary; file "x"; }; };',
    'zone "a" IN { type primary; file "x"; };',
    'zone "a" HS { type primary; file "x"; };',
    'view v HS { recursion no; };',
    'zone "a" { type primary; database "rbt"; };',
    'zone "a" { type primary; file "x"; forwarders { 1.2.3.4; }; };',
    'zone "a" { type secondary; primaries { p; }; };',
    'masters m { 1.2.3.4; }; zone "a" { type secondary; primaries { m; }; };',
    'primaries m { 1.2.3.4; }; zone "a" { type slave; masters { m; }; };',
    'zone "a" { type stub; primaries { 1.2.3.4; }; file "x"; multi-master yes; };',
    'zone "a" { type redirect; primaries { 1.2.3.4; }; };',
    'zone "." { type redirect; primaries { 1.2.3.4; }; };',
    'zone "." { type redirect; file "x"; allow-query { any; }; };',
    'options { dnstap { all; }; dnstap-output file "x"; }; view v { dnstap { client; }; };',
    'view v { dnstap { all; }; }; options { dnstap-output file "x"; };',
    'view v { dnstap { all; }; };',
    'options { fstrm-set-buffer-hint 2048; fstrm-set-flush-timeout 5; fstrm-set-output-queue-size 64; fstrm-set-reopen-interval 10m; };',
    'options { fstrm-set-reopen-interval 11m; };',
    'options { fstrm-set-input-queue-size 3; };',
    'options { fstrm-set-output-notify-threshold 0; };',
    'options { lmdb-mapsize 64M; };',
    'options { nta-lifetime 1w; nta-recheck 1w; };',
    'options { nta-lifetime 1h; nta-recheck 2h; };',
    'options { max-ncache-ttl 1w1s; };',
    'options { servfail-ttl 301; };',
    'options { max-cache-ttl 90d; };',
    'options { rate-limit { ipv4-prefix-length 32; ipv6-prefix-length 64; max-table-size 1000; min-table-size 1000; }; };',
    'options { rate-limit { max-table-size 100; }; };',
    'options { cookie-algorithm siphash24; cookie-secret "0123456789abcdef0123456789abcdef"; cookie-secret "0123456789abcdef0123456789abcdef"; };',
    'options { cookie-secret "0123456789abcdef0123456789abcdeg"; };',
    'options { dns64 64:ff9b::/96 { suffix ::; }; };',
    'options { dns64 2001:db8::/32 { suffix ::ff; }; };',
    'options { dns64 2001:db8::/64 { suffix ::ff; }; };',
    'options { dns64 2001:db8:0:0:ff00::/64 { }; };',
    'options { dns64 1.2.3.4/32 { }; };',
    'options { dns64 64:ff9b::/96 { }; dns64 64:ff9b::/96 { }; };',
    'options { lame-ttl 1801; };',
    'options { lame-ttl 30m; };',
    'options { max-clients-per-query 5; clients-per-query 10; };',
    'options { clients-per-query 10; max-clients-per-query 0; };',
    'options { tcp-idle-timeout 1; };',
    'options { tcp-initial-timeout 1201; };',
    'options { tcp-keepalive-timeout 65536; };',
    'options { tcp-advertised-timeout 65536; };',
    'options { max-ixfr-ratio 101%; };',
    'options { transfer-message-size 100; };',
    'options { edns-udp-size 100; };',
    'options { max-udp-size 100; };',
    'options { notify-rate 0; };',
    'options { min-refresh-time 100; max-refresh-time 50; };',
    'options { prefetch 11 12; };',
    'options { prefetch 1; };',
    'options { stale-answer-ttl 0; };',
    'options { stale-refresh-time 0; };',
    'options { stale-answer-client-timeout 5000; };',
    'options { resolver-query-timeout 1; };',
    'options { resolver-query-timeout 301; };',
    'options { disable-algorithms . { FOO; }; };',
    'options { disable-algorithms . { RSAMD5; }; };',
    'options { disable-ds-digests . { SHA-1; }; };',
    'options { disable-ds-digests . { FOO; }; };',
    'options { dual-stack-servers { "ns.example" port 53; 1.2.3.4; }; };',
    'options { dnssec-must-be-secure bad..name yes; };',
    'options { validate-except { "bad..name"; }; };',
    'options { root-delegation-only exclude { "com"; }; };',
    'options { server-id "foo"; };',
    'options { max-cache-size 5; };',
    'options { max-cache-size 101%; };',
    'options { max-cache-size 10M; };',
    'options { recursive-clients 10; };',
    'options { serial-query-rate 0; };',
    'options { sig-signing-nodes 0; };',
    'options { sig-signing-signatures 0; };',
    'options { sig-signing-type 0; };',
    'options { max-journal-size 1k; };',
    'options { heartbeat-interval 0; };',
    'options { interface-interval 0; };',
    'options { rrset-order { order fixed; }; };',
    'options { rrset-order { type A name "x" order cyclic; }; };',
    'options { response-padding { any; } block-size 513; };',
    'options { response-padding { any; } block-size 0; };',
    'options { preferred-glue AAAA; };',
    'options { nsec3-test-zone yes; };',
    'options { dnssec-secure-to-insecure yes; };',
    'options { allow-new-zones yes; };',
    'options { new-zones-directory "/nonexistent"; };',
    'options { dnssec-loadkeys-interval 0; };',
    'options { dnssec-loadkeys-interval 1441; };',
    'options { notify-delay 0; };',
    'options { max-records-per-type 0; };',
    'options { max-zone-ttl 1d; };',
    'options { dnssec-policy default; dnssec-validation no; };',
    'options { auto-dnssec off; };',
    'options { cookie-secret "0123456789abcdef0123456789abcdef"; cookie-algorithm aes; };',
    'options { geoip-directory "/nonexistent"; };',
    'options { tkey-gssapi-keytab "/x"; tkey-gssapi-credential "x"; };',
    'options { tkey-domain "x"; tkey-gssapi-credential "DNS/foo"; };',
    'options { nocookie-udp-size 100; };',
    'options { nocookie-udp-size 5000; };',
    'options { udp-receive-buffer 0; };',
    'options { max-stale-ttl 0; };',
    'options { minimal-responses yes; minimal-any yes; };',
    'options { querylog yes; };',
    'options { empty-server "x"; empty-contact "y"; disable-empty-zone "bad..x"; };',
    'options { check-names primary warn; check-names secondary fail; check-names response ignore; };',
    'options { dnsrps-enable yes; };',
    'options { hostname none; server-id hostname; };',
    'options { deny-answer-aliases { "example.com"; } except-from { "bad..x"; }; };',
    'options { deny-answer-addresses { 10/8; } except-from { "example.com"; }; };',
    'options { forwarders { 1.2.3.4 port 99999; }; };',
    'options { forward only; };',
    'options { query-source address 1.2.3.4 port 53; };',
    'options { query-source-v6 address * port 53; };',
    'options { use-v4-udp-ports { range 1024 65535; }; avoid-v4-udp-ports { 53; }; };',
    'options { notify-source 1.2.3.4 port 5300; port 5300; };',
    'key k { algorithm hmac-sha256; secret "aaaa"; }; zone "a" { type primary; file "x"; update-policy { grant k zonesub ANY; }; };',
    'key k { algorithm hmac-sha256; secret "aaaa"; }; zone "a" { type secondary; primaries { 1.2.3.4 key k; }; };',
    'zone "a" { type primary; file "x"; notify yes; also-notify { 1.2.3.4; 2001:db8::1 port 5353; }; };',
    'view v { allow-recursion { none; }; zone "." { type mirror; }; };',
    'view v { recursion no; zone "x" { type mirror; primaries { 1.2.3.4; }; }; };',
    'options { recursion no; allow-recursion { any; }; };',
    'zone "a" { type primary; file "x"; ixfr-from-differences yes; max-ixfr-ratio 50%; };',
    'zone "a" { type primary; file "x"; serial-update-method date; };',
    'zone "a" { type primary; file "x"; masterfile-format raw; };',
    'zone "a" { type primary; file "x"; dialup notify; };',
    'zone "a" { type secondary; primaries { 1.2.3.4; }; min-refresh-time 300; max-refresh-time 100; };',
    'zone "a" { type secondary; primaries { 1.2.3.4; }; min-retry-time 300; max-retry-time 100; };',
    'zone "a" { type primary; file "x"; inline-signing yes; };',
    'zone "a" { type primary; file "x"; inline-signing yes; dnssec-policy none; };',
    'zone "a" { type primary; file "x"; dnssec-policy insecure; inline-signing yes; };',
    'dnssec-policy p { }; view v1 { zone "a" { type primary; file "x1"; dnssec-policy p; inline-signing yes; }; }; view v2 { zone "a" { type primary; file "x2"; dnssec-policy p; inline-signing yes; }; };',
    'dnssec-policy p { }; view v1 { zone "a" { type primary; file "x"; dnssec-policy p; inline-signing yes; }; }; view v2 { zone "a" { type primary; file "x"; dnssec-policy p; inline-signing yes; }; };',
    'zone "a" { type primary; file "x"; inline-signing yes; }; zone "b" { type primary; file "x"; inline-signing yes; };',
    'zone "a" { type primary; file "x"; journal "j"; }; zone "b" { type primary; file "y"; journal "j"; };',
    'zone "a" { type primary; file "x"; journal "j"; allow-update { any; }; }; zone "b" { type primary; file "j"; };',
    'zone "a" { type primary; file "x"; key-directory "/tmp"; dnssec-policy default; inline-signing yes; }; zone "b" { type primary; file "y"; key-directory "/tmp"; dnssec-policy default; inline-signing yes; };',
    'dnssec-policy p { keys { ksk key-directory lifetime unlimited algorithm 13; zsk key-directory lifetime P30D algorithm 13; }; };',
    'dnssec-policy p { keys { csk lifetime P1D algorithm 13; }; dnskey-ttl 1d; publish-safety 1h; retire-safety 1h; purge-keys 1d; };',
    'dnssec-policy p { keys { csk lifetime PT1H algorithm 13; }; };',
    'dnssec-policy p { signatures-refresh 10d; signatures-validity 7d; };',
    'dnssec-policy p { signatures-validity-dnskey 1d; signatures-refresh 2d; };',
    'dnssec-policy p { max-zone-ttl 1d; };',
    'dnssec-policy p { parent-ds-ttl 1d; parent-propagation-delay 1h; zone-propagation-delay 1h; };',
    'dnssec-policy p { nsec3param iterations 0 optout no salt-length 0; };',
    'dnssec-policy p { nsec3param; };',
    'dnssec-policy p { keys { csk lifetime unlimited algorithm rsasha1; }; nsec3param; };',
    'dnssec-policy p { keys { csk lifetime unlimited algorithm rsasha256 4096; }; };',
    'dnssec-policy p { keys { csk lifetime unlimited algorithm rsasha256 512; }; };',
    'dnssec-policy p { keys { csk lifetime unlimited algorithm ecdsap256sha256 384; }; };',
    'dnssec-policy p { keys { csk lifetime unlimited algorithm ed25519 256; }; };',
    'view v { server 1.2.3.4 { }; server 1.2.3.4 { }; };',
    'server 1.2.3.4 { }; view v { server 1.2.3.4 { }; };',
    'server ::1 { }; server ::1/128 { };',
    'options { catalog-zones { zone "cat" default-primaries { missing; }; }; }; zone "cat" { type primary; file "x"; };',
    'options { catalog-zones { zone "cat"; zone "cat"; }; }; zone "cat" { type primary; file "x"; };',
    'view v { catalog-zones { zone "cat"; }; zone "cat" { type primary; file "x"; }; };',
    'view v { catalog-zones { zone "cat"; }; }; zone "cat" { type primary; file "x"; };',
    'options { response-policy { zone "rpz"; zone "rpz"; }; }; zone "rpz" { type primary; file "x"; };',
    'options { response-policy { zone "rpz" policy given; } qname-wait-recurse no; }; zone "rpz" { type primary; file "x"; };',
    'options { response-policy { zone "rpz"; } dnsrps-enable yes; }; zone "rpz" { type primary; file "x"; };',
    'options { response-policy { zone "rpz" min-update-interval 10; }; }; zone "rpz" { type secondary; primaries { 1.2.3.4; }; };',
    'options { response-policy { zone "rpz"; }; }; zone "rpz" { type mirror; primaries { 1.2.3.4; }; };',
    'options { response-policy { zone "rpz"; }; }; zone "rpz" { type hint; file "x"; };',
    'statistics-channels { inet 127.0.0.1 port 8080; }; statistics-channels { inet 127.0.0.1 port 8081; };',
    'controls { inet 127.0.0.1; }; controls { inet ::1; };',
    'plugin query "filter-aaaa.so" { filter-aaaa-on-v4 yes; };',
    'dyndb "x" "sample.so" { };',
    'options { directory "/tmp"; pid-file none; session-keyfile none; };',
    'options { dump-file "/tmp/x"; statistics-file "/tmp/y"; memstatistics-file "/tmp/z"; };',
    'options { bindkeys-file "/nonexistent"; managed-keys-directory "/nonexistent"; };',
    'options { tls-port 853; https-port 443; http-port 80; };',
    'options { listen-on tls foo { any; }; };',
    'options { listen-on http foo { any; }; };',
    'options { listen-on http default { any; }; };',
    'options { listen-on tls ephemeral http default { any; }; };',
    'tls ephemeral { };',
    'tls x { ca-file "a"; dhparam-file "b"; prefer-server-ciphers yes; session-tickets no; };',
    'tls x { key-file "k"; };',
    'tls x { cert-file "c"; };',
    'tls x { protocols { TLSv1.2; TLSv1.4; }; };',
    'tls x { protocols { }; };',
    'tls x { ciphers ""; };',
    'http h { endpoints { "/a b"; }; };',
    'http h { endpoints { "/a%20b"; }; };',
    'http h { endpoints { "/"; }; };',
    'http h { endpoints { }; };',
    'http h { listener-clients 0; streams-per-connection 0; };',
    'zone "a" { type primary; file "x"; allow-transfer transport tls { any; }; };',
    'zone "a" { type primary; file "x"; allow-transfer port 853 { any; }; };',
    'zone "a" { type primary; file "x"; also-notify { 1.2.3.4 tls nope; }; };',
    'zone "a" { type secondary; primaries { 1.2.3.4 tls ephemeral; }; };',
    'zone "a" { type secondary; primaries { 1.2.3.4 tls none; }; };',
    'tls t { }; zone "a" { type secondary; primaries { 1.2.3.4 tls t; }; };',
    'logging { channel c { syslog daemon; severity dynamic; print-category yes; print-severity yes; }; category default { c; }; };',
    'logging { channel c { stderr; buffered yes; }; category queries { c; }; };',
    'logging { channel c { null; }; channel d { null; }; category xfer-in { c; d; }; category xfer-out { d; }; };',
    'logging { channel c { file "x" versions unlimited size 10m suffix timestamp; }; };',
    'logging { category default { default_logfile; }; };',
    'logging { channel "quoted" { null; }; category "default" { "quoted"; }; };',
    'logging { channel Caps { null; }; category default { caps; }; };',
    'logging { category dnssec { null; }; category notify { null; }; category nsid { null; }; };',
    'controls { inet 127.0.0.1 port 953 allow { localhost; } keys { "rndc-key"; }; }; key "rndc-key" { algorithm hmac-md5; secret "aaaa"; };',
    'controls { inet * port 953 allow { any; }; };',
    'controls { inet 127.0.0.1 allow { 127.0.0.1; } read-only yes; };',
    'controls { unix "/x" perm 0600 owner 0 group 0; };',
    'key "a.b." { algorithm hmac-sha1; secret "aaaa"; }; server 1.2.3.4 { keys "a.b"; };',
    'key "a.b" { algorithm hmac-sha1; secret "aaaa"; }; key "A.B." { algorithm hmac-sha1; secret "aaaa"; };',
    'key a { algorithm hmac-sha1; secret "aaaa"; }; view v { key a { algorithm hmac-sha1; secret "aaaa"; }; };',
    'view v { key a { algorithm hmac-sha1; secret "aaaa"; }; }; view w { key a { algorithm hmac-sha1; secret "aaaa"; }; };',
    'view v { match-clients { key a; }; key a { algorithm hmac-sha1; secret "aaaa"; }; };',
    'view "internal" { match-clients { localnets; }; recursion yes; zone "." { type hint; file "/usr/share/dns/root.hints"; }; }; view "external" { match-clients { any; }; recursion no; };',
    'view v { allow-query { trusted; }; }; acl trusted { 10/8; };',
    'acl trusted { 10/8; }; view v { allow-query { trusted; }; allow-recursion { !trusted; }; };',
    'options { sortlist { { localhost; { localnets; 192.168.1/24; }; }; { 192.168.1/24; { 192.168.1/24; 10/8; }; }; }; };',
    'options { blackhole { 10/8; !10.1/16; }; };',
    'options { allow-query-cache { none; }; allow-query-cache-on { any; }; };',
    'options { listen-on port 5353 { 127.0.0.1; }; listen-on port 5354 { 127.0.0.2; }; };',
    'options { directory "/tmp"; dump-file "d"; }; zone "a" { type primary; file "x"; };',
    'zone "a" { type primary; file "x"; allow-query { "trusted"; }; }; acl "trusted" { any; };',
    'zone "a" { type primary; file "x"; allow-transfer { key "k"; }; };',
    'zone "a" { type primary; file "x"; notify explicit; also-notify { 10.0.0.1 key k; }; };',
    'primaries "p" { 1.2.3.4 key "k"; 2001:db8::1 port 53; }; zone "a" { type secondary; primaries { "p"; }; };',
    'primaries p port 5300 { 1.2.3.4; }; zone "a" { type secondary; primaries { p; }; };',
    'zone "example.com" { type primary; file "x"; update-policy { grant "local-ddns" zonesub any; grant example.com. self example.com. A AAAA; grant *.example.com. self *.example.com. A; }; };',
    'zone "example.com" { type primary; file "x"; update-policy { grant * selfsub . A; grant * selfwild * A; grant a.example.com name a.example.com. TXT; grant b wildcard *.example.com TXT; }; };',
    'zone "example.com" { type primary; file "x"; update-policy { deny * subdomain example.com. NS; grant * subdomain example.com.; }; };',
    'zone "example.com" { type primary; file "x"; update-policy { grant * ms-subdomain example.com. A; grant * krb5-subdomain-self-rhs . PTR; }; };',
    'zone "example.com" { type primary; file "x"; update-policy { grant * name example.com. ANY; }; };',
    'zone "example.com" { type primary; file "x"; update-policy { grant * zonesub; }; };',
    'zone "0.0.127.in-addr.arpa" { type primary; file "x"; notify no; };',
    'zone "xn--nxasmq6b.example" { type primary; file "x"; };',
    'zone "under_score.example" { type primary; file "x"; };',
    'zone "a" { type primary; file "x"; check-names ignore; };',
    'zone "a" { type secondary; primaries { 1.2.3.4; }; check-names warn; file "y"; masterfile-format text; };',
    'zone "a" { type stub; primaries { 1.2.3.4; }; file "x"; masterfile-format raw; };',
    'zone "a" { type forward; forwarders { }; };',
    'zone "a" { type forward; forward first; forwarders { 1.2.3.4 port 5353; ::1; }; };',
    'zone "a" { type static-stub; server-addresses { 1.2.3.4; ::1; }; server-names { "ns.b."; }; };',
    'options { forwarders { 1.2.3.4; }; forward only; }; zone "a" { type forward; forwarders { }; };',
    'options { recursion yes; allow-recursion { localnets; localhost; }; }; zone "." { type mirror; };',
    'options { dnssec-validation auto; }; view v { dnssec-validation no; };',
    'dnssec-policy p { }; options { dnssec-policy p; }; view v { zone "a" { type primary; file "x"; inline-signing yes; }; };',
    'dnssec-policy p { }; view v { dnssec-policy p; zone "a" { type primary; file "x"; }; };',
    'dnssec-policy p { }; view v { dnssec-policy p; zone "a" { type primary; file "x"; dnssec-policy none; }; };',
    'view v { dnssec-policy nosuch; };',
    'options { dnssec-policy nosuch; };',
    'view v { dnssec-policy nosuch; zone "a" { type secondary; primaries {1.2.3.4;}; }; };',
    'options { dnssec-policy default; }; zone "a" { type secondary; primaries { 1.2.3.4; }; };',
    'options { dnssec-policy default; }; zone "a" { type stub; primaries { 1.2.3.4; }; };',
    'options { dnssec-policy default; }; zone "a" { type hint; file "x"; };',
    'options { dnssec-policy default; }; zone "a" { type mirror; primaries { 1.2.3.4; }; };',
    'options { dnssec-policy default; }; zone "a" { type forward; forwarders { 1.2.3.4; }; };',
    'options { dnssec-policy default; inline-signing yes; }; zone "a" { type secondary; primaries { 1.2.3.4; }; file "x"; };',
    'options { auto-dnssec maintain; };',
    'zone "a" { type primary; file "x"; auto-dnssec maintain; dnssec-policy default; inline-signing yes; };',
    'zone "a" { type primary; file "x"; auto-dnssec off; };',
    'zone "a" { type primary; file "x"; update-check-ksk yes; dnssec-dnskey-kskonly yes; };',
    'zone "a" { type primary; file "x"; dnssec-policy default; inline-signing yes; key-directory "/tmp"; };',
    'zone "a" { type primary; file "x"; dnssec-policy default; inline-signing yes; sig-validity-interval 10; };',
    'zone "a" { type primary; file "x"; dnssec-policy default; inline-signing yes; dnskey-sig-validity 10; };',
    'zone "a" { type primary; file "x"; dnssec-policy default; inline-signing yes; dnssec-update-mode no-resign; };',
    'zone "a" { type primary; file "x"; dnssec-policy default; inline-signing yes; max-zone-ttl 1h; };',
    'zone "a" { type secondary; primaries { 1.2.3.4; }; file "x"; dnssec-policy default; inline-signing yes; }; zone "b" { type secondary; primaries { 1.2.3.4; }; file "y"; dnssec-policy default; inline-signing yes; };',
    'trust-anchors { . initial-key 257 3 8 "AwEAAQ=="; . initial-key 257 3 8 "AwEAAQ=="; };',
    'trust-anchors { . initial-ds 20326 8 2 "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D"; . initial-key 257 3 8 "AwEAAQ=="; };',
    'trust-anchors { example. static-ds 1 8 2 "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D"; }; trusted-keys { example. 257 3 8 "AwEAAQ=="; };',
    'trusted-keys { example. 257 3 8 "AwEAAQ=="; }; view v { trust-anchors { example. initial-key 257 3 8 "AwEAAQ=="; }; };',
    'view v { trusted-keys { example. 257 3 8 "AwEAAQ=="; }; }; view w { trust-anchors { example. initial-key 257 3 8 "AwEAAQ=="; }; };',
    'view v { trust-anchors { example. static-key 257 3 8 "AwEAAQ=="; }; managed-keys { example. initial-key 257 3 8 "AwEAAQ=="; }; };',
    'trust-anchors { example. static-key 257 3 8 "!!!"; };',
    'trust-anchors { example. initial-ds 1 8 2 "XYZ"; };',
    'trust-anchors { example. static-key 257 3 8 "AwEAAQ"; };',
    'options { dnssec-validation yes; }; trust-anchors { };',
    'view a CH { zone "a" CH { type primary; file "x"; }; }; view a IN { zone "a" { type primary; file "y"; }; };',
    'view a CH { zone "a" IN { type primary; file "x"; }; };',
    'view a IN { zone "a" CHAOS { type primary; file "x"; }; };',
    'view a HS { zone "a" HESIOD { type hint; file "x"; }; };',
    'view a ANY { };',
    'view a CLASS3 { zone "a" CH { type primary; file "x"; }; };',
    'view a class1 { zone "a" IN { type primary; file "x"; }; };',
    'zone "a" CLASS1 { type primary; file "x"; };',
    'zone "a" FOO { type primary; file "x"; };',
    'view a { zone "x" { type primary; file "x"; }; }; view b { zone "x" { in-view a; }; }; view c { zone "x" { in-view b; }; };',
    'view b { zone "x" { in-view a; }; }; view a { zone "x" { type primary; file "x"; }; };',
    'view a { zone "x" { type primary; file "x"; }; }; view b { zone "X." { in-view "a"; }; };',
    'view a { zone "x" { type primary; file "x"; }; zone "x" { in-view a; }; };',
    'view a { zone "x" { type primary; file "x"; }; }; view b { zone "x" { in-view a; }; zone "x" { type primary; file "y"; }; };',
    'zone "." { type hint; file "x"; }; zone "." { type hint; file "y"; };',
    'zone "." { type redirect; file "x"; }; zone "." { type redirect; file "y"; };',
    'zone "a" { type primary; file "x"; }; zone "a." { type primary; file "y"; };',
    'zone "a\\046b" { type primary; file "x"; };',
    'zone "a.b." { type primary; file "x"; }; zone "A.B" { type primary; file "y"; };',
    'zone "*.a" { type primary; file "x"; };',
    'zone "" { type primary; file "x"; };',
    'zone "0123456789012345678901234567890123456789012345678901234567890123.a" { type primary; file "x"; };',
]


@pytest.mark.parametrize("conf", VERDICT_PROBES)
def test_verdict_probe(tmp_path, conf):
    path = tmp_path / "t.conf"
    path.write_text(conf + "\n")
    brc, bout, berr = run(bind("named-checkconf"), ["t.conf"], str(tmp_path))
    rc, out, err = run(ours("named-checkconf"), ["t.conf"], str(tmp_path))
    assert (rc == 0) == (brc == 0), f"BIND: {berr}{bout}\nours: {err}{out}"


def test_raw_zone(tmp_path):
    """-z reads masterfile-format raw files (made by BIND's compiler)."""
    (tmp_path / "a.db").write_text(ZONE.format(serial=7, host=9))
    compile_ = bind("named-compilezone")
    rc, _, err = run(compile_, ["-q", "-F", "raw", "-o", "a.raw", "a", "a.db"],
                     str(tmp_path))
    assert rc == 0, err
    (tmp_path / "t.conf").write_text(
        'zone "a" { type primary; file "a.raw"; masterfile-format raw; };\n'
        'zone "b" { type primary; file "a.db"; masterfile-format raw; };\n')
    brc, bout, _ = run(bind("named-checkconf"), ["-z", "t.conf"],
                       str(tmp_path))
    rc, out, err = run(ours("named-checkconf"), ["-z", "t.conf"],
                       str(tmp_path))
    assert brc != 0 and rc != 0
    # the zone lines are ours; the raw reader words its own error
    zl = [l for l in out.splitlines() if l.startswith("zone ")]
    bzl = [l for l in bout.splitlines() if l.startswith("zone ")]
    assert zl == bzl
    assert zl[0] == "zone a/IN: loaded serial 7"


def test_corpus_z_output(corpus_dir):
    """-z prints the same zone lines (stdout) and summaries (stderr)."""
    with open(os.path.join(corpus_dir, "manifest.tsv"), newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t",
                                          quoting=csv.QUOTE_NONE)
                if r["tool"] == "named-checkconf"
                and r["args"].startswith("-z")]
    assert rows
    bad = []
    for r in rows:
        cwd = os.path.join(corpus_dir, r["cwd"])
        args = shlex.split(r["args"])
        b = run(bind("named-checkconf"), args, cwd)
        o = run(ours("named-checkconf"), args, cwd)
        if b[1] != o[1] or b[2] != o[2]:
            bad.append(f"{r['id']}\nBIND out:\n{b[1]}BIND err:\n{b[2]}"
                       f"ours out:\n{o[1]}ours err:\n{o[2]}")
    assert not bad, "\n".join(bad)

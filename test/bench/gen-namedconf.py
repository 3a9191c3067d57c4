#!/usr/bin/env python3
"""gen-namedconf.py - write a large named.conf for parser benchmarks.

    gen-namedconf.py N [--dir DIR] > named.conf

N zones (half primary, half secondary, every tenth with its own
allow-transfer / also-notify lists), after an options block, keys, acls
and a logging block, the way big hosting configurations look.  The zone
files are not written: the benchmark parses the configuration only.
"""
import argparse
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--dir", default="/var/lib/bind")
    a = ap.parse_args()
    w = sys.stdout.write
    w('options {\n\tdirectory "%s";\n\trecursion no;\n'
      '\tlisten-on port 53 { 127.0.0.1; };\n'
      '\tallow-transfer { key xfr-key; };\n\tnotify explicit;\n'
      '\tmax-journal-size 10m;\n};\n' % a.dir)
    w('key xfr-key {\n\talgorithm hmac-sha256;\n'
      '\tsecret "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0";\n};\n')
    w('acl secondaries {\n\t192.0.2.0/24;\n\t2001:db8::/32;\n'
      '\t!192.0.2.13;\n};\n')
    w('primaries upstream {\n\t192.0.2.1 key xfr-key;\n'
      '\t2001:db8::1;\n};\n')
    w('logging {\n\tchannel main {\n\t\tfile "named.log" versions 3 '
      'size 10m;\n\t\tseverity info;\n\t\tprint-time yes;\n\t};\n'
      '\tcategory default { main; };\n};\n')
    for i in range(a.n):
        name = "zone%06d.example" % i
        if i % 2 == 0:
            w('zone "%s" {\n\ttype primary;\n\tfile "primary/%s.db";\n'
              % (name, name))
            if i % 10 == 0:
                w('\tallow-transfer { secondaries; };\n'
                  '\talso-notify { 192.0.2.2; 192.0.2.3 port 5300; };\n')
        else:
            w('zone "%s" {\n\ttype secondary;\n\tfile "secondary/%s.db";\n'
              '\tprimaries { upstream; };\n' % (name, name))
        w('};\n')


main()

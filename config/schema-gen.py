#!/usr/bin/env python3
"""schema-gen.py - build the clause rows of config/schema_rows.inc.

Input: the named.conf grammar of BIND 9.18 as rendered by
`man 5 named.conf | cat` (Debian's bind9 package) and the built-in
defaults printed by `named -C`.  Output: one C initializer per clause:

    { name, contexts, zone types, flags, syntax, default, set },

Clauses with the same name and syntax in several blocks become one row
whose contexts bit mask lists them all.  The syntax column keeps the
grammar notation; validate.c interprets it at run time, so the table is
the only place a clause is described.  A nested block clause gets the
syntax "... { @ctx }" naming the context of its body.

Rows the man page leaves out (masters synonyms, removed options that BIND
still recognises to say "no longer exists", rndc.conf) are appended from
EXTRA below; they were established by running BIND 9.18's
named-checkconf on probe files.

Usage: python3 config/schema-gen.py MANTEXT DEFAULTS > config/schema_rows.inc
"""
import re
import sys

CTX = {
    "top": "CTX_TOP", "options": "CTX_OPTIONS", "view": "CTX_VIEW",
    "zone": "CTX_ZONE", "logging": "CTX_LOGGING", "channel": "CTX_CHANNEL",
    "controls": "CTX_CONTROLS", "statistics-channels": "CTX_STATSCHAN",
    "key": "CTX_KEY", "server": "CTX_SERVER",
    "dnssec-policy": "CTX_KASP", "http": "CTX_HTTP", "tls": "CTX_TLS",
    "dlz": "CTX_DLZ", "dns64": "CTX_DNS64", "rate-limit": "CTX_RRL",
}

ZT = {"primary": "ZT_PRIMARY", "secondary": "ZT_SECONDARY",
      "mirror": "ZT_MIRROR", "forward": "ZT_FORWARD", "hint": "ZT_HINT",
      "redirect": "ZT_REDIRECT", "static-stub": "ZT_STATICSTUB",
      "stub": "ZT_STUB", "delegation-only": "ZT_DELEGATION",
      "in-view": "ZT_INVIEW"}


def parse_man(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    rows = []  # (ctx, name, syntax, flags, zonetype)
    stack = []  # context names of the open blocks
    blockrow = []  # row index of each open block's header
    zonetype = None
    started = False
    for raw in lines:
        if re.match(r"^ {10}acl ", raw):
            started = True
        if not started:
            continue
        if raw.startswith("FILES"):
            break
        if not raw.strip() or not raw.startswith("          "):
            continue
        text = raw.strip()
        comment = ""
        if "//" in text:
            text, comment = text.split("//", 1)
            text = text.strip()
        flags = set()
        for word in comment.split(","):
            word = word.strip()
            if word:
                flags.add(word)
        if text.startswith("};") or text == "}":
            # Flags after a block's closing brace belong to its header.
            if flags and blockrow:
                rows[blockrow[-1]][3].update(flags)
            stack.pop()
            blockrow.pop()
            if not stack:
                zonetype = None
            continue
        ctx = stack[-1] if stack else "top"
        name, _, rest = text.partition(" ")
        name = name.rstrip(";")
        if text.endswith("{"):
            # A block: its clauses follow until the matching "};".
            header = rest[:-1].strip()
            if name == "zone" and not stack:
                stack.append("zone")
                blockrow.append(len(rows))
                zonetype = "pending"
                rows.append(("top", "zone", header + " { @zone }", flags,
                             None))
                continue
            sub = name if name in CTX else None
            if name == "channel":
                sub = "channel"
            if sub is None:
                raise SystemExit("unknown block " + name)
            syn = (header + " { @" + sub + " }").strip()
            blockrow.append(len(rows))
            rows.append((ctx, name, syn, flags, None))
            stack.append(sub)
            continue
        if ctx == "zone" and name == "type" and zonetype == "pending":
            zonetype = rest.rstrip(";").strip()
            continue
        if ctx == "zone" and zonetype == "pending" and name == "in-view":
            zonetype = "in-view"
        syntax = rest.rstrip()
        if syntax.endswith(";"):
            syntax = syntax[:-1].rstrip()
        if re.match(r"^(query|notify|transfer|alt-transfer|parental)-source"
                    r"(-v6)?$", name):
            # 9.18 still reads the deprecated port (and obsolete dscp)
            # that its documentation no longer shows.
            syntax += " [ port ( <integer> | * ) ] [ dscp <integer> ]"
        rows.append((ctx, name, syntax, flags,
                     zonetype if ctx == "zone" else None))
    return rows


def merge(rows):
    out = {}  # (name, syntax) -> dict
    order = []
    for ctx, name, syntax, flags, zt in rows:
        key = (name, syntax)
        if key not in out:
            out[key] = {"ctx": set(), "zt": set(), "flags": set(flags),
                        "name": name, "syntax": syntax}
            order.append(key)
        e = out[key]
        e["ctx"].add(ctx)
        if zt:
            e["zt"].add(zt)
        e["flags"] |= flags
    return [out[k] for k in order]


def parse_defaults(path):
    """Top-level option defaults from `named -C` (options block only)."""
    d = {}
    depth = 0
    inopt = False
    for line in open(path, encoding="utf-8"):
        s = line.strip()
        if s.startswith("#") or not s:
            continue
        s = re.sub(r"/\*.*?\*/", "", s).strip()
        if depth == 0 and s.startswith("options {"):
            inopt = True
            depth = 1
            continue
        if inopt and depth == 1:
            if s == "};":
                inopt = False
                depth = 0
                continue
            if s.endswith("{"):
                depth += 1
                continue
            name, _, val = s.partition(" ")
            val = val.rstrip(";").strip()
            if name not in d:
                d[name] = val
        elif inopt and s.startswith("}"):
            depth -= 1
    return d


# name, contexts, flags, syntax
EXTRA = [
    ("masters", ["top"], {"may occur multiple times"},
     "<string> [ port <integer> ] { ( <remote-servers> | <ipv4_address> "
     "[ port <integer> ] | <ipv6_address> [ port <integer> ] ) "
     "[ key <string> ] [ tls <string> ]; ... }"),
    ("masters", ["zone"], set(),
     "[ port <integer> ] { ( <remote-servers> | <ipv4_address> "
     "[ port <integer> ] | <ipv6_address> [ port <integer> ] ) "
     "[ key <string> ] [ tls <string> ]; ... }"),
    ("type", ["zone"], set(),
     "( primary | master | secondary | slave | mirror | forward | hint | "
     "redirect | static-stub | stub | delegation-only )"),
    ("dnsrps-library", ["options"], {"not configured"}, "<quoted_string>"),
]

ANCIENT = {
    "options": ["fake-iquery", "has-old-clients", "host-statistics",
                "host-statistics-max", "maintain-ixfr-base",
                "max-ixfr-log-size", "multiple-cnames", "named-xfer",
                "serial-queries", "treat-cr-as-space", "use-id-pool",
                "use-ixfr", "allow-v6-synthesis", "max-acache-size",
                "acache-cleaning-interval", "acache-enable",
                "additional-from-auth", "additional-from-cache",
                "cleaning-interval", "dnssec-enable", "dnssec-lookaside",
                "filter-aaaa", "filter-aaaa-on-v4", "filter-aaaa-on-v6",
                "geoip-use-ecs", "nosit-udp-size", "queryport-pool-ports",
                "queryport-pool-updateinterval", "request-sit",
                "sit-secret", "use-queryport-pool", "statistics-interval",
                "deallocate-on-exit", "topology", "min-roots",
                "rfc2308-type1"],
    "zone": ["pubkey", "ixfr-base", "ixfr-tmp-file", "max-ixfr-log-size",
             "maintain-ixfr-base"],
    "server": ["support-ixfr"],
}

RNDC = [
    ("options", ["rndc-top"], set(), "{ @rndc-options }"),
    ("server", ["rndc-top"], {"may occur multiple times"},
     "<string> { @rndc-server }"),
    ("key", ["rndc-top"], {"may occur multiple times"},
     "<string> { @key }"),
    ("default-server", ["rndc-options"], set(), "<string>"),
    ("default-key", ["rndc-options"], set(), "<string>"),
    ("default-port", ["rndc-options"], set(), "<integer>"),
    ("default-source-address", ["rndc-options"], set(),
     "( <ipv4_address> | * )"),
    ("default-source-address-v6", ["rndc-options"], set(),
     "( <ipv6_address> | * )"),
    ("key", ["rndc-server"], set(), "<string>"),
    ("port", ["rndc-server"], set(), "<integer>"),
    ("source-address", ["rndc-server"], set(), "( <ipv4_address> | * )"),
    ("source-address-v6", ["rndc-server"], set(),
     "( <ipv6_address> | * )"),
    ("addresses", ["rndc-server"], set(),
     "{ ( <quoted_string> [ port <integer> ] | <ipv4_address> "
     "[ port <integer> ] | <ipv6_address> [ port <integer> ] ); ... }"),
]
CTX.update({"rndc-top": "CTX_RNDC_TOP", "rndc-options": "CTX_RNDC_OPTIONS",
            "rndc-server": "CTX_RNDC_SERVER"})

FLAGS = {
    "may occur multiple times": "CF_MULTI",
    "deprecated": "CF_DEPRECATED",
    "obsolete": "CF_OBSOLETE",
    "not configured": "CF_NOTCONFIG",
    "test only": "CF_TESTONLY",
    "experimental": "CF_EXPERIMENTAL",
    "ancient": "CF_ANCIENT",
}

# Debian's build has these even though the man page was made without them.
CONFIGURED = {"dnstap", "dnstap-identity", "dnstap-output",
              "dnstap-version", "fstrm-set-buffer-hint",
              "fstrm-set-flush-timeout", "fstrm-set-input-queue-size",
              "fstrm-set-output-notify-threshold",
              "fstrm-set-output-queue-model", "fstrm-set-output-queue-size",
              "fstrm-set-reopen-interval"}


# Clauses whose <string> values BIND keeps unquoted when printing
# (learned from named-checkconf -p): marked <ustring> in the table.
USTRING = {("rrset-order", "options"), ("rrset-order", "view"),
           ("keys", "dnssec-policy")}


def cstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    rows = merge(parse_man(sys.argv[1]))
    defaults = parse_defaults(sys.argv[2]) if len(sys.argv) > 2 else {}
    for name, ctxs, flags, syntax in EXTRA + RNDC:
        rows.append({"name": name, "ctx": set(ctxs), "zt": set(),
                     "flags": set(flags), "syntax": syntax})
    for ctx, names in ANCIENT.items():
        for n in names:
            rows.append({"name": n, "ctx": {ctx}, "zt": set(),
                         "flags": {"ancient"}, "syntax": "<unspecified>"})
    print("/* Generated by config/schema-gen.py from BIND 9.18's documented")
    print(" * named.conf grammar; edit the generator, not this file. */")
    for e in rows:
        if any((e["name"], c) in USTRING for c in e["ctx"]):
            e["syntax"] = e["syntax"].replace("<string>", "<ustring>")
        if e["name"] == "zone" and "top" in e["ctx"]:
            # "Any of these zone statements can also be set inside the
            # view statement."
            e["ctx"].add("view")
            e["flags"].add("may occur multiple times")
        if e["name"] in CONFIGURED:
            e["flags"].discard("not configured")
        ctx = " | ".join("CTXBIT(%s)" % CTX[c] for c in sorted(e["ctx"]))
        zt = " | ".join(ZT[z] for z in sorted(e["zt"])) or "0"
        fl = " | ".join(FLAGS[f] for f in sorted(e["flags"])) or "0"
        dflt = "NULL"
        if ("options" in e["ctx"] and e["name"] in defaults and
                "{" not in e["syntax"]):
            dflt = cstr(defaults[e["name"]])
        print("\t{ %s, %s, %s, %s,\n\t  %s,\n\t  %s }," %
              (cstr(e["name"]), ctx, zt, fl, cstr(e["syntax"]), dflt))


main()

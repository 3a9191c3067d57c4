#!/usr/bin/env python3
# name_bind_gen.py - regenerates name_bind.txt, the known answers that
# test/unit/name_test.c checks zones/name.c against: random names with
# every kind of escape, run through BIND 9.18's named-compilezone (text
# form and canonical order) and named-checkzone -k warn (check-names).
# Fixed seed, so the output only changes if BIND's behaviour does.
import os, random, re, subprocess, tempfile
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'name_bind.txt')
os.chdir(tempfile.mkdtemp())
random.seed(2026)
def lab(alpha, maxlen):
    out=[]
    for _ in range(random.randint(1, maxlen)):
        r=random.random()
        if r<0.5: b=random.choice(alpha)
        elif r<0.7: b=random.choice(b'"().;\\@$ ~{}#')
        else: b=random.randint(0,255)
        out.append('\\%03d'%b)
    return ''.join(out)
T=[]
for i in range(600):
    T.append('.'.join(lab(b'abcXYZ019-_*',5) for _ in range(random.randint(1,3))))
open('v.db','w').write('$TTL 300\n@ IN SOA ns hostmaster 1 2 3 4 5\n@ NS ns\nns A 1.2.3.4\n'+''.join('%s TXT "x"\n'%t for t in T))
subprocess.run(['named-compilezone','-k','ignore','-i','none','-D','-o','v.out','example.','v.db'],check=True,capture_output=True)
S=[l.split()[0] for l in open('v.out') if l.split()[3]=='TXT']
H=[]
for i in range(600):
    H.append('.'.join(''.join('\\%03d'%random.choice(b'aZ09-_*/ ') for _ in range(random.randint(1,4))) for _ in range(random.randint(1,3))))
open('h.db','w').write('$TTL 300\n@ IN SOA ns hostmaster 1 2 3 4 5\n@ NS ns\nns A 1.2.3.4\n'+''.join('%s A 1.2.3.4\nm%d MX 10 %s\n'%(h,i,h) for i,h in enumerate(H)))
r=subprocess.run(['named-checkzone','-k','warn','-i','none','example.','h.db'],capture_output=True,text=True)
badown=set(); badname=set()
for l in (r.stdout+r.stderr).splitlines():
    m=re.match(r'h.db:(\d+): (warning: )?.*: bad (owner )?name',l)
    if m: (badown if 'bad owner' in l else badname).add(int(m.group(1)))
M=[]
for i in range(400):
    M.append('.'.join(''.join('\\%03d'%random.choice(b'aZ0-_*/ ."@\x7f') for _ in range(random.randint(1,3))) for _ in range(random.randint(1,3))))
open('m.db','w').write('$TTL 300\n@ IN SOA ns hostmaster 1 2 3 4 5\n@ NS ns\nns A 1.2.3.4\n'+''.join('r%d RP %s .\n'%(i,m) for i,m in enumerate(M)))
r=subprocess.run(['named-checkzone','-k','warn','-i','none','example.','m.db'],capture_output=True,text=True)
badmbox=set()
for l in (r.stdout+r.stderr).splitlines():
    m=re.match(r'm.db:(\d+): (warning: )?.*: bad name',l)
    if m: badmbox.add(int(m.group(1)))
with open(OUT, 'w') as f:
    f.write('# Known answers from BIND 9.18 for name_test.c, made by\n')
    f.write('# name_bind_gen.py next to this file.  Names are relative to "example.".\n')
    f.write('# T <text>: zone owners fed to named-compilezone -D;\n')
    f.write('# S <text>: its output owners, unique, in the order BIND printed them\n')
    f.write('#   (canonical order, first-seen case kept);\n')
    f.write('# H <text> <owner ok> <target ok>: named-checkzone -k warn verdicts on\n')
    f.write('#   the name as an A owner (wildcard allowed) and as an MX target.\n')
    f.write('# M <text> <ok>: named-checkzone -k warn verdict on the name as an\n')
    f.write('#   RP mailbox.\n')
    for t in T: f.write('T %s\n'%t)
    for s in S: f.write('S %s\n'%s)
    for i,h in enumerate(H):
        f.write('H %s %d %d\n'%(h, 0 if 5+2*i in badown else 1, 0 if 6+2*i in badname else 1))
    for i,m in enumerate(M):
        f.write('M %s %d\n'%(m, 0 if 5+i in badmbox else 1))
print(len(T),len(S),len(H),len(badown),len(badname),len(M),len(badmbox))

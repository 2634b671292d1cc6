import re, collections, bisect, sys
name = sys.argv[1]; skip = float(sys.argv[2])
stubs = []
for line in open(f'stubs-{name}.txt'):
    m = re.match(r'(StubRoutines::\S+(?: \S+)*?) \[0x([0-9a-f]+), 0x([0-9a-f]+)\]', line)
    if m: stubs.append((int(m.group(2),16), int(m.group(3),16), m.group(1)))
stubs.sort(); starts = [s[0] for s in stubs]
blocks = open(f'perf-{name}.t.script').read().split("\n\n")
tidc = collections.Counter(); parsed = []
for b in blocks:
    l = b.strip().split("\n")
    if len(l) < 2: continue
    m = re.match(r'\s*(\S+(?: \S+)*?)\s+(\d+)\s+([\d.]+):', l[0])
    if not m: continue
    parsed.append((m.group(1), m.group(2), float(m.group(3)), l[1:]))
    if m.group(1) == 'java': tidc[m.group(2)] += 1
main = tidc.most_common(1)[0][0]; t0 = min(p[2] for p in parsed)
c = collections.Counter(); n = 0; par = collections.defaultdict(collections.Counter)
def nm(s): return re.sub(r'\(.*','',s.strip().split(None,1)[-1]).split()[-1]
for comm, tid, t, fr in parsed:
    if comm != 'java' or tid != main or t - t0 < skip: continue
    n += 1
    top = fr[0].strip().split(None, 1)
    ip = int(top[0], 16); sym = top[1] if len(top) > 1 else '?'
    if 'StubRoutines' in sym:
        i = bisect.bisect_right(starts, ip) - 1
        k = stubs[i][2] if i >= 0 and ip < stubs[i][1] else 'stub?'
    else:
        k = nm(sym)
    c[k] += 1
    if len(fr) > 1: par[k][nm(fr[1]).split('.')[-1]] += 1
print("samples", n)
for k, v in c.most_common(25): print(f"{100*v/n:5.1f}% {k}  " + ", ".join(f"{p}:{x}" for p,x in par[k].most_common(4)))

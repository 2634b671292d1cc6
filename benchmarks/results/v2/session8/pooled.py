# Pools every paired verify run of this directory: each run gives branch/main (inverted when the
# branch was A), so the harness's per-run bias (which class loader's copy the JIT served better,
# +-5 %) averages out over 12 runs in each order.
import re, statistics as st, glob, math
runs = []
txt = open('alternate-verify-8-pairs.txt').read()
for blk in re.split(r"== pair ", txt)[1:]:
    m = dict(re.findall(r"median (A / OpenSSL|B / OpenSSL|B / A): ([\d.]+)", blk))
    if len(m) == 3:
        runs.append(('main-first' if 'main-first' in blk.split('\n')[0] else 'branch-first', {k: float(v) for k, v in m.items()}))
for f in sorted(glob.glob('alternate-verify-*-first*.txt')):
    t = open(f).read(); head = t.split('\n')[0]
    m = dict(re.findall(r"median (A / OpenSSL|B / OpenSSL|B / A): ([\d.]+)", t))
    if len(m) == 3:
        runs.append(('main-first' if ('main 6774791 first' in head or 'vs main' in head) else 'branch-first', {k: float(v) for k, v in m.items()}))
bm, br, mr = [], [], []
for order, d in runs:
    if order == 'main-first':
        bm.append(d['B / A']); mr.append(d['A / OpenSSL']); br.append(d['B / OpenSSL'])
    else:
        bm.append(1 / d['B / A']); br.append(d['A / OpenSSL']); mr.append(d['B / OpenSSL'])
print("runs", len(runs), "main-first", sum(o == 'main-first' for o, _ in runs))
print("branch/main per run:", [round(x, 3) for x in bm])
g = math.exp(sum(map(math.log, bm)) / len(bm))
print(f"branch/main: geometric mean {g:.3f}, median {st.median(bm):.3f}, min {min(bm):.3f}, max {max(bm):.3f}, sd {st.stdev(bm):.3f}, se {st.stdev(bm) / math.sqrt(len(bm)):.3f}")
print(f"branch / OpenSSL two HMACs: median {st.median(br):.3f} (min {min(br):.3f}, max {max(br):.3f})")
print(f"main / OpenSSL two HMACs:   median {st.median(mr):.3f} (min {min(mr):.3f}, max {max(mr):.3f})")

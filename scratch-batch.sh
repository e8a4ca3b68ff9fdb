#!/bin/bash
n=$1; d=$2; shift 2
seeds=(); while [ "$1" != "--" ]; do seeds+=($1); shift; done; shift
for o in "$@"; do for s in "${seeds[@]}"; do npx tsx scratch-calib.ts "$o" $s $n $d > /tmp/one.txt 2>&1; python3 - "$o" $s <<'PY'
import re,sys
t=open('/tmp/one.txt').read()
st=re.findall(r'stock ([\d.]+)%',t); io=re.findall(r'in (\d+) out (\d+)',t)
g12=float(st[1]); g45=float(st[4])-float(st[2]) if len(st)>4 else float('nan')
m=re.search(r'perPY f ([\d.]+) t ([\d.]+) \(f\+t\)/ever ([\d.]+)',t)
rb=re.search(r'repaid_under_bans \d+ \(([\d.]+)% of outflow\) under court bans \d+ \(([\d.]+)%\)',t)
p=re.search(r'city p50 (\d+)',t)
print(f"{sys.argv[1]} s{sys.argv[2]}: stock {' '.join(st)} | g45/g12 {g45/g12:.2f} | out/in y5 {int(io[-1][1])/max(1,int(io[-1][0])):.2f} | f/PY {m.group(1)} t/PY {m.group(2)} blk/ever {m.group(3)} | rub {rb.group(1)}% court {rb.group(2)}% | p50 {p.group(1)}")
PY
done; done

#!/bin/bash
# usage: scratch-batch.sh n days seeds... -- json...
n=$1; d=$2; shift 2
seeds=(); while [ "$1" != "--" ]; do seeds+=($1); shift; done; shift
for o in "$@"; do for s in "${seeds[@]}"; do npx tsx scratch-calib.ts "$o" $s $n $d 2>&1 | sed -n '1,12p' | grep -v "^id \|^listed\|^acts\." ; echo; done; done

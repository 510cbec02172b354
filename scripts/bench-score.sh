#!/usr/bin/env bash
#! Benchmark (not a test): validates and scores a 1,000,000-row AUC submission with
#! `merit score`, and times pandas read_csv + merge + scikit-learn roc_auc_score on the same
#! files in the same run, for integer ids in the key's order and for shuffled string ids.
#
# Prints, per case: pandas' best of 3 (in-process), `merit score`'s own figure for the
# submission against the parsed key (what the server does with a cached key), and the whole
# `merit score` process (wall time and peak memory, best of 3). Builds the release binary if
# it is missing; installs numpy, pandas and scikit-learn with pip if they are missing. Files go
# to target/bench/ and are reused. Bounded: six runs of each tool, about a minute in all.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { printf '\033[1;34m[bench]\033[0m %s\n' "$*"; }

if [ ! -x target/release/merit ]; then
  log "building target/release/merit"
  cargo build --release --no-default-features --features ssr --bin merit
fi
if ! python3 -c 'import numpy, pandas, sklearn' 2>/dev/null; then
  log "installing numpy, pandas and scikit-learn"
  python3 -m pip install --quiet numpy pandas scikit-learn
fi

folder=target/bench
for case in int str; do
  log "case $case: pandas + scikit-learn (also writes the files on the first run)"
  python3 scripts/bench_score.py "$folder" "$case"
  log "case $case: merit score"
  best_wall="" best_rss=""
  for _ in 1 2 3; do
    out=$( { /usr/bin/time -f 'TIME %e %M' target/release/merit score --metric auc \
      --answers "$folder/key-$case.csv" --submission "$folder/submission-$case.csv"; } 2>&1 )
    read -r wall rss < <(printf '%s\n' "$out" | awk '/^TIME/ { print $2, $3 }')
    if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
      best_wall=$wall best_rss=$rss best_out=$out
    fi
  done
  printf '%s\n' "$best_out" | grep -v '^TIME'
  echo "merit score ($case), whole process, best of 3: ${best_wall} s, peak memory $((best_rss / 1024)) MB"
done

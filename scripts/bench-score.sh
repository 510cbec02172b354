#!/usr/bin/env bash
#! Benchmark (not a test): validates and scores a 1,000,000-row submission with `merit score`,
#! and times pandas read_csv + scikit-learn roc_auc_score on the same files in the same run.
#
# Builds the release binary if it is missing; installs numpy, pandas and scikit-learn with pip
# if they are missing. Files go to target/bench/ and are reused.
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
log "python (also writes the files on the first run)"
python3 scripts/bench_score.py "$folder"
log "merit score"
start=$(date +%s.%N)
target/release/merit score --metric auc --answers "$folder/key.csv" --submission "$folder/submission.csv"
end=$(date +%s.%N)
python3 -c "print(f'merit score, whole process (reading both files, validating, scoring): {$end - $start:.3f} s')"

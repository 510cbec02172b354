"""Half of the scoring benchmark (scripts/bench-score.sh): writes the 1,000,000-row answer keys
and submissions if missing, then times pandas `read_csv` + merge + scikit-learn `roc_auc_score`
on them, in-process (the interpreter's start and imports are not counted).

Two cases: `int` (integer ids, the submission in the key's order) and `str` (string ids, the
submission shuffled).
"""

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

ROWS = 1_000_000


def make(folder: Path, case: str) -> None:
    key, sub = folder / f"key-{case}.csv", folder / f"submission-{case}.csv"
    if key.exists() and sub.exists():
        return
    rng = np.random.default_rng(1)
    truth = (rng.random(ROWS) < 0.3).astype(int)
    # Informative but noisy predictions, rounded to 4 decimals so that ties occur.
    pred = np.clip(truth * 0.25 + rng.random(ROWS) * 0.75, 0, 1).round(4)
    if case == "int":
        ids = np.arange(ROWS)
        order = np.arange(ROWS)
    else:
        ids = np.array([f"row-{i:07d}" for i in range(ROWS)])
        order = rng.permutation(ROWS)  # a submission need not follow the key's order
    pd.DataFrame({"id": ids, "prediction": truth}).to_csv(key, index=False)
    pd.DataFrame({"id": ids[order], "prediction": pred[order]}).to_csv(sub, index=False)


def main() -> None:
    folder, case = Path(sys.argv[1]), sys.argv[2]
    folder.mkdir(parents=True, exist_ok=True)
    make(folder, case)
    best = None
    for _ in range(3):
        started = time.perf_counter()
        key = pd.read_csv(folder / f"key-{case}.csv")
        sub = pd.read_csv(folder / f"submission-{case}.csv")
        merged = key.merge(sub, on="id", suffixes=("_true", "_pred"), validate="one_to_one")
        auc = roc_auc_score(merged["prediction_true"], merged["prediction_pred"])
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    print(f"pandas read_csv + merge + roc_auc_score ({case}): AUC {auc!r}, best of 3: {best:.3f} s")


if __name__ == "__main__":
    main()

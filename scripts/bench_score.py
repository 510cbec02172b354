"""Half of the scoring benchmark (scripts/bench-score.sh): writes the 1,000,000-row answer key
and submission if missing, then times pandas `read_csv` + scikit-learn `roc_auc_score` on them.
"""

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

ROWS = 1_000_000


def make(folder: Path) -> None:
    key, sub = folder / "key.csv", folder / "submission.csv"
    if key.exists() and sub.exists():
        return
    rng = np.random.default_rng(1)
    ids = np.array([f"row-{i:07d}" for i in range(ROWS)])
    truth = (rng.random(ROWS) < 0.3).astype(int)
    # Informative but noisy predictions, rounded to 4 decimals so that ties occur.
    pred = np.clip(truth * 0.25 + rng.random(ROWS) * 0.75, 0, 1).round(4)
    pd.DataFrame({"id": ids, "prediction": truth}).to_csv(key, index=False)
    order = rng.permutation(ROWS)  # a submission need not follow the key's order
    pd.DataFrame({"id": ids[order], "prediction": pred[order]}).to_csv(sub, index=False)


def main() -> None:
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    make(folder)
    started = time.perf_counter()
    key = pd.read_csv(folder / "key.csv")
    sub = pd.read_csv(folder / "submission.csv")
    merged = key.merge(sub, on="id", suffixes=("_true", "_pred"), validate="one_to_one")
    auc = roc_auc_score(merged["prediction_true"], merged["prediction_pred"])
    elapsed = time.perf_counter() - started
    print(f"pandas read_csv + roc_auc_score: AUC {auc!r} in {elapsed:.3f} s")


if __name__ == "__main__":
    main()

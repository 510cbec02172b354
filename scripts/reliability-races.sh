#!/usr/bin/env bash
#! R2, races hold, the long run: the race tests of the integration suite (daily quota, stage
#! weight versions, finalize against decisions, enrollment, sign-in throttling) with 100 rounds
#! of concurrent calls each instead of the test command's 3. A few minutes; zero violations or
#! it fails. `MERIT_STRESS_ROUNDS` overrides the count.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/db.sh
source scripts/db.sh
merit_db_create_if_missing merit_test
export MERIT_STRESS_ROUNDS="${MERIT_STRESS_ROUNDS:-100}"
echo "R2: $MERIT_STRESS_ROUNDS rounds of each race"
DATABASE_URL="$MERIT_PG_URL/merit_test" cargo test --features ssr --test integration races:: -- --nocapture

#!/usr/bin/env python3
"""Line coverage of the domain rules and the services, from `cargo llvm-cov report --json
--summary-only` (argv[1]): one line per part and one for both, and exit 1 when both together
are below the floor (argv[2], a percentage)."""
import json
import os
import re
import sys

report, floor = sys.argv[1], float(sys.argv[2])
root = os.getcwd() + os.sep
files = json.load(open(report))["data"][0]["files"]

# The services: every use-case module of a feature folder (what DESIGN calls services), not the
# web adapters, the UI, the binaries or the seed.
FEATURES = "audit|competitions|goals|nominations|periods|stages|teams|users"
PARTS = {
    "src/domain": re.compile(r"^src/domain/"),
    "services": re.compile(rf"^src/({FEATURES})/"),
}

totals = {name: [0, 0] for name in PARTS}
for f in files:
    path = f["filename"].removeprefix(root)
    lines = f["summary"]["lines"]
    for name, pattern in PARTS.items():
        if pattern.match(path) and not path.endswith("/tests.rs"):
            totals[name][0] += lines["covered"]
            totals[name][1] += lines["count"]


def percent(covered, count):
    return 100.0 * covered / count if count else 100.0


for name, (covered, count) in totals.items():
    print(f"coverage {name}: {percent(covered, count):.1f}% of {count} lines")
covered = sum(c for c, _ in totals.values())
count = sum(n for _, n in totals.values())
both = percent(covered, count)
print(f"coverage src/domain + services: {both:.1f}% of {count} lines (floor {floor:.1f}%)")
if both < floor:
    sys.exit(f"coverage fell below {floor:.1f}%")

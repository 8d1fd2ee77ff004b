#!/bin/sh
# Run the meson test suites and end with one summary line that CI reads:
# "N passed, N failed[, N skipped]".
# Usage: scripts/check.sh BUILDDIR [meson test args...]
build=$1
shift
meson test -C "$build" --print-errorlogs --num-processes 2 "$@"
status=$?
log="$build/meson-logs/testlog.json"
if [ -f "$log" ]; then
    python3 - "$log" <<'PY'
import json, sys
counts = {"OK": 0, "FAIL": 0, "SKIP": 0, "TIMEOUT": 0, "ERROR": 0, "EXPECTEDFAIL": 0, "UNEXPECTEDPASS": 0}
for line in open(sys.argv[1]):
    r = json.loads(line).get("result", "")
    counts[r] = counts.get(r, 0) + 1
failed = counts["FAIL"] + counts["TIMEOUT"] + counts["ERROR"] + counts["UNEXPECTEDPASS"]
passed = counts["OK"] + counts["EXPECTEDFAIL"]
print(f"suites: {passed} passed, {failed} failed, {counts['SKIP']} skipped")
PY
fi
exit $status

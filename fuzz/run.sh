#!/bin/sh
# Run every atheris target for a bounded time (default 100 s each), corpora under fuzz/corpus/<target>,
# crashes as fuzz/crashes/<target>-crash-* (exit 1 if any; slow units are only reported).
# Usage: fuzz/run.sh [SECONDS] [TARGET...]   e.g. fuzz/run.sh 100  (6 targets, 10 minutes)
# Needs: python -m pip install atheris
set -u
cd "$(dirname "$0")"
secs=${1:-100}
[ $# -gt 0 ] && shift
targets=${*:-"decode markdown html docx config fix"}
mkdir -p crashes
status=0
for t in $targets; do
    mkdir -p "corpus/$t"
    [ -d "seeds/$t" ] && cp -n seeds/"$t"/* "corpus/$t/" 2>/dev/null
    echo "== fuzz_$t for ${secs}s"
    python "fuzz_$t.py" "corpus/$t" -max_total_time="$secs" -timeout=30 -rss_limit_mb=3000 \
        -artifact_prefix="crashes/$t-" -print_final_stats=1 2>&1 | grep -E "^#[0-9]+[[:space:]]+(DONE|INITED)|stat::|ERROR|Traceback|Error|crash-|Uncaught" | tail -12
    for f in crashes/"$t"-crash-* crashes/"$t"-oom-* crashes/"$t"-timeout-*; do
        [ -e "$f" ] && status=1 && echo "found: fuzz/$f"
    done
done
exit $status

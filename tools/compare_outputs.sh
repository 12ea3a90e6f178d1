#!/bin/bash
# Compares two `juesuan extract` output folders: cells.csv, findings.csv and
# the document JSON files, each sorted, so row order does not matter.
# Usage: tools/compare_outputs.sh BEFORE_DIR AFTER_DIR
set -eu
a=$1
b=$2
status=0
for f in cells.csv findings.csv; do
    if ! cmp -s <(sort "$a/$f") <(sort "$b/$f") 2>/dev/null; then
        echo "DIFFERENT: $f"
        status=1
    else
        echo "same: $f ($(wc -l <"$a/$f") lines)"
    fi
done
ls "$a/documents" | sort >/tmp/.cmp-a.$$
ls "$b/documents" | sort >/tmp/.cmp-b.$$
if ! cmp -s /tmp/.cmp-a.$$ /tmp/.cmp-b.$$; then
    echo "DIFFERENT: the set of document JSON files"
    status=1
fi
n=0
for d in $(cat /tmp/.cmp-a.$$); do
    if [ -f "$b/documents/$d" ] && ! cmp -s "$a/documents/$d" "$b/documents/$d"; then
        echo "DIFFERENT: documents/$d"
        status=1
    fi
    n=$((n + 1))
done
rm -f /tmp/.cmp-a.$$ /tmp/.cmp-b.$$
echo "compared $n document JSON files"
[ $status -eq 0 ] && echo "IDENTICAL" || echo "OUTPUTS DIFFER"
exit $status

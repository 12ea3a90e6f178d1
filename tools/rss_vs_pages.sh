#!/bin/bash
# Peak RSS of `juesuan extract --jobs 1` on one document of growing length:
# corpus files concatenated with qpdf to about 250, 500, 1000 and 2000 pages.
#
# Usage: tools/rss_vs_pages.sh [PDF_DIR] [JUESUAN]
#   PDF_DIR  defaults to ../shared/corpus/pdfs
#   JUESUAN  defaults to target/release/juesuan
# Needs qpdf (apt-get install qpdf) and GNU time.
set -euo pipefail
dir=${1:-../shared/corpus/pdfs}
bin=${2:-target/release/juesuan}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mapfile -d '' files < <(find "$dir" -type f -name '*.pdf' -print0 | sort -z)
printf '%8s %10s %8s %8s\n' pages "peak RSS" "CPU s" "wall s"
for target in 250 500 1000 2000; do
    list=()
    pages=0
    # Cycle through the corpus until the document is long enough.
    while [ "$pages" -lt "$target" ]; do
        for f in "${files[@]}"; do
            n=$(qpdf --show-npages "$f" 2>/dev/null || echo 0)
            [ "$n" -gt 0 ] || continue
            list+=("$f")
            pages=$((pages + n))
            [ "$pages" -ge "$target" ] && break
        done
    done
    doc="$work/doc-$target.pdf"
    qpdf --empty --warning-exit-0 --pages "${list[@]}" -- "$doc" 2>/dev/null || true
    n=$(qpdf --show-npages "$doc")
    /usr/bin/time -f '%M %U %S %e' -o "$work/t" "$bin" extract "$doc" -o "$work/out" -j 1 --force >/dev/null 2>&1 || true
    read -r rss user sys wall <"$work/t"
    printf '%8d %7d MB %8.2f %8.2f\n' "$n" $((rss / 1024)) "$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')" "$wall"
done

#!/bin/bash
# Times `juesuan extract --jobs 1 --force` (and `--jobs 2`) against
# `pdftotext -layout` on every file, alternating the commands N times, and
# prints the median CPU (user+sys), wall and peak RSS of each and the ratios.
#
# Usage: tools/bench_vs_pdftotext.sh [PDF_DIR] [N] [JUESUAN]
#   PDF_DIR  defaults to ../shared/corpus/pdfs (the shared corpus)
#   N        runs of each command, default 3
#   JUESUAN  the binary, default target/release/juesuan (build it first:
#            cargo build --release --bins)
# Needs GNU time (/usr/bin/time) and pdftotext (poppler-utils).
set -euo pipefail
dir=${1:-../shared/corpus/pdfs}
n=${2:-3}
bin=${3:-target/release/juesuan}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One timed command: appends "cpu wall rss_kb" to the file named first.
timed() {
    local log=$1
    shift
    /usr/bin/time -f '%U %S %e %M' -o "$work/t" "$@" >/dev/null 2>&1 || true
    awk '{printf "%.2f %.2f %d\n", $1 + $2, $3, $4}' "$work/t" >>"$log"
}

# pdftotext on every PDF under a folder, one process per file, as a user would.
each_pdftotext='find "$0" -type f -name "*.pdf" -print0 |
    while IFS= read -r -d "" f; do pdftotext -layout "$f" "$1"; done'

for i in $(seq "$n"); do
    echo "run $i of $n" >&2
    timed "$work/j1" "$bin" extract "$dir" -o "$work/out1" -j 1 --force
    timed "$work/pt" bash -c "$each_pdftotext" "$dir" "$work/out.txt"
    timed "$work/j2" "$bin" extract "$dir" -o "$work/out2" -j 2 --force
done

# The median of one column of a log.
median() {
    cut -d' ' -f"$2" "$1" | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}

printf '%-36s %8s %8s %10s\n' command "CPU s" "wall s" "peak RSS"
for c in j1 j2 pt; do
    case $c in
    j1) name="juesuan extract --jobs 1 --force" ;;
    j2) name="juesuan extract --jobs 2 --force" ;;
    pt) name="pdftotext -layout (each file)" ;;
    esac
    printf '%-36s %8s %8s %7d MB\n' "$name" "$(median "$work/$c" 1)" "$(median "$work/$c" 2)" "$(($(median "$work/$c" 3) / 1024))"
done
awk -v a="$(median "$work/j1" 1)" -v b="$(median "$work/pt" 1)" \
    -v c="$(median "$work/j1" 2)" -v d="$(median "$work/pt" 2)" \
    -v e="$(median "$work/j2" 2)" 'BEGIN {
        printf "CPU  extract -j 1 / pdftotext: %.2fx (target <= 0.55)\n", a / b
        printf "wall extract -j 1 / pdftotext: %.2fx (target <= 0.7)\n", c / d
        printf "wall -j 1 / -j 2:              %.2fx (target >= 1.8)\n", c / e
    }'
echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

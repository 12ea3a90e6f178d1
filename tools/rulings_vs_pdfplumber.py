#!/usr/bin/env python3
"""Compares juesuan's rulings with pdfplumber's edges on chosen PDF pages.

usage: rulings_vs_pdfplumber.py JUESUAN_BIN FILE.pdf PAGE [PAGE ...]

pdfplumber reports every drawn segment as an edge (a cell border drawn four
times is four edges); juesuan merges collinear touching segments into one
ruling. So the edges are merged the same way (same orientation, position
within 1 pt, touching within 1.5 pt) before counting. Needs `pip install
pdfplumber`. Measured on 2026-11-30: 广州 信访局 p6 344 edges → 17 lines,
ours 17 (0 before thin filled polygons counted); p12 30/30; 深圳 人社局 p62
28/28, p66 25/25.
"""
import glob, json, os, subprocess, sys, tempfile

import pdfplumber


def merge(segs):
    out = []
    for o, p, a, b in sorted(segs):
        if out and out[-1][0] == o and abs(out[-1][1] - p) <= 1.0 and a <= out[-1][3] + 1.5:
            out[-1] = (o, out[-1][1], out[-1][2], max(out[-1][3], b))
        else:
            out.append((o, p, a, b))
    return out


def main():
    binary, path, pages = sys.argv[1], sys.argv[2], [int(p) for p in sys.argv[3:]]
    out = tempfile.mkdtemp()
    subprocess.run([binary, 'extract', path, '-o', out, '--dump', 'tokens', '-q'], check=True)
    (tokens,) = glob.glob(os.path.join(out, 'tokens', '*'))
    with pdfplumber.open(path) as pdf:
        for n in pages:
            page = pdf.pages[n - 1]
            segs = [('h', round(e['top'], 1), e['x0'], e['x1']) if e['orientation'] == 'h'
                    else ('v', round(e['x0'], 1), e['top'], e['bottom']) for e in page.edges]
            ours = len(json.load(open(os.path.join(tokens, f'page-{n:03d}.json')))['rulings'])
            print(f'page {n}: pdfplumber {len(page.edges)} edges, {len(merge(segs))} lines; juesuan {ours} rulings')


if __name__ == '__main__':
    main()

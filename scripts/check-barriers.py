#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR MIT
"""Every acquire, release, fence and ordered read-modify-write in lf/ and
rcu/ must carry a comment naming its partner (STYLE.md, habit 3).

An ordered operation is any lf_* atomic whose name does not end in
_relaxed and is not a plain lf_read_once/lf_write_once or a relaxed
counter op; fences are lf_smp_*. The comment must be on the same line or
in the comment block that ends within 3 lines above the operation, and
must say "pairs with" (or "partner"), or cite a labelled edge (S1, C2,
R1 ...) from the file's table of edges. Definitions in lf/atomic.h,
lf/atomic-mc.h and lf/compat.h are the primitives themselves and are not
checked. Prints each offender as file:line and exits 1 if there is one.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {'lf/atomic.h', 'lf/atomic-mc.h', 'lf/compat.h', 'lf/pause.h'}
ORDERED = re.compile(
    r'\blf_(load_acquire|store_release|smp_\w+|'
    r'xchg(_acquire|_release)?|cmpxchg(_acquire|_release)?|'
    r'try_cmpxchg(_acquire|_release)?|'
    r'atomic(_long)?_(fetch_(add|sub|or|and)|add_return)(_acquire|_release)?|'
    r'rcu_assign_pointer|rcu_dereference)\s*\(')
PARTNER = re.compile(r'pairs? with|partner|paired with', re.I)
# A labelled edge ("C2", "R1", "A0") names its partner through the edge
# table at the top of the file, as DPDK's ring does.
LABEL = re.compile(r'\b[A-Z]{1,3}[0-9]\b')


def comment_spans(text):
    """Yield (start_line, end_line, body) of every comment."""
    for m in re.finditer(r'/\*.*?\*/|//[^\n]*', text, re.S):
        start = text.count('\n', 0, m.start()) + 1
        end = text.count('\n', 0, m.end()) + 1
        yield start, end, m.group(0)


def check(path, rel):
    text = path.read_text()
    comments = list(comment_spans(text))
    bad = []
    for m in ORDERED.finditer(text):
        line = text.count('\n', 0, m.start()) + 1
        # skip matches inside comments and #define lines
        if any(s <= line <= e and c.find(m.group(0)) >= 0 for s, e, c in comments):
            continue
        src_line = text.split('\n')[line - 1]
        if src_line.lstrip().startswith('#define') or src_line.lstrip().startswith('*'):
            continue
        ok = False
        for s, e, c in comments:
            if (e <= line and line - e <= 3) or s == line or e == line:
                flat = ' '.join(c.replace('*', ' ').split())
                if PARTNER.search(flat) or LABEL.search(flat):
                    ok = True
                    break
        if not ok:
            bad.append(f'{rel}:{line}: {m.group(0).rstrip("(").strip()} '
                       'has no comment naming its partner ("pairs with ...")')
    return bad


def main():
    bad = []
    files = sorted(list((ROOT / 'lf').glob('*.[ch]')) + list((ROOT / 'rcu').glob('*.[ch]')))
    for p in files:
        rel = str(p.relative_to(ROOT))
        if rel in SKIP:
            continue
        bad += check(p, rel)
    for b in bad:
        print(b)
    print(f'check-barriers: {len(files)} files, {len(bad)} unpaired ordered operations')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())

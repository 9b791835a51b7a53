#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR MIT
"""Count the leaf test results in KTAP output (userspace runner or a kernel
console log). A leaf is a result line whose previous structural line (a
plan, a result or a version line) is not more deeply indented: a result
line that closes a subtest follows its children's deeper lines.

Prints "passed failed skipped" and, with --suites, one line per top-level
suite: "suite passed failed skipped". Exits 0; an empty input counts 0."""
import re
import sys

TS = re.compile(r'^\[\s*\d+\.\d+\]\s?')
RESULT = re.compile(r'^(\s*)(not ok|ok)\s+\d+\s*(-\s*)?([^#]*?)\s*(#.*)?$')
STRUCT = re.compile(r'^(\s*)(KTAP version|TAP version|\d+\.\.\d+)')
SUBTEST = re.compile(r'^(\s*)# Subtest: (.*)$')


def main():
    suites_mode = '--suites' in sys.argv
    files = [a for a in sys.argv[1:] if not a.startswith('--')]
    lines = []
    for f in files or ['-']:
        fh = sys.stdin if f == '-' else open(f, errors='replace')
        lines += [TS.sub('', l.rstrip('\n')) for l in fh]
    prev_indent = None
    total = [0, 0, 0]
    per_suite = {}
    current = None
    for l in lines:
        m = SUBTEST.match(l)
        if m and len(m.group(1)) == 4:
            current = m.group(2).strip()
            per_suite.setdefault(current, [0, 0, 0])
            continue
        m = STRUCT.match(l)
        if m:
            prev_indent = len(m.group(1))
            continue
        m = RESULT.match(l)
        if not m:
            continue
        indent = len(m.group(1))
        leaf = prev_indent is not None and prev_indent <= indent and indent > 0
        prev_indent = indent
        if not leaf:
            continue
        directive = (m.group(5) or '').upper()
        if 'SKIP' in directive:
            k = 2
        elif m.group(2) == 'ok':
            k = 0
        else:
            k = 1
        total[k] += 1
        if current is not None:
            per_suite[current][k] += 1
    if suites_mode:
        for s, c in per_suite.items():
            print(s, *c)
    print(*total)


if __name__ == '__main__':
    main()

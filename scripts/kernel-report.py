#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR MIT
"""kernel-report.py - judge one QEMU run of lfkit's in-kernel selftests.

Reads the serial console captured by scripts/qemu-run.sh and fails the run
when any of these holds:

  * KTAP from lfkit_test.ko does not parse cleanly with the kernel tree's
    `tools/testing/kunit/kunit.py parse` (a failed or crashed case,
    truncated output, fewer suites than the plan);
  * fewer suites ran than expected (--expect-suites);
  * the kernel printed any report (WARNING, BUG, KASAN, KCSAN, lockdep,
    RCU stall, kmemleak, Oops, panic, Call Trace ...), even if every test
    passed;
  * the init script reported a failure (CPU count, insmod/rmmod, the
    load/unload loop), or the run did not reach its end (timeout, crash).

Prints one line per suite and a verdict; writes the details as JSON.
"""

import argparse
import json
import os
import re
import subprocess
import sys

# Kernel reports that fail a run. Case-sensitive, matched anywhere in a line.
REPORT_PATTERNS = [
    (r'WARNING:', 'WARNING'),
    (r'BUG:', 'BUG'),  # BUG: KASAN, BUG: KCSAN, sleeping in atomic, soft lockup
    (r'kernel BUG at', 'BUG'),
    (r'KASAN:', 'KASAN'),
    (r'KCSAN:', 'KCSAN'),
    (r'UBSAN:', 'UBSAN'),
    (r'possible recursive locking', 'lockdep'),
    (r'possible circular locking', 'lockdep'),
    (r'inconsistent lock state', 'lockdep'),
    (r'suspicious RCU usage', 'lockdep/RCU'),
    (r'lock held when returning to user space', 'lockdep'),
    (r'DEBUG_LOCKS_WARN_ON', 'lockdep'),
    (r'self-detected stall', 'RCU stall'),
    (r'detected stalls on CPUs', 'RCU stall'),
    (r'rcu: INFO', 'RCU stall'),
    (r'INFO: task .* blocked for more than', 'hung task'),
    (r'unreferenced object', 'kmemleak'),
    (r'kmemleak: .*suspected memory leak', 'kmemleak'),
    (r'Oops', 'Oops'),
    (r'general protection fault', 'Oops'),
    (r'Kernel panic', 'panic'),
    (r'Call Trace', 'Call Trace'),
    (r'cut here', 'WARNING'),
    (r'list_(add|del) corruption', 'list corruption'),
    (r'refcount_t: ', 'refcount'),
]
TIMESTAMP_RE = re.compile(r'^\[\s*\d+\.\d+\] ')
REPORT_RE = re.compile('|'.join('(?:%s)' % p for p, _ in REPORT_PATTERNS))


def classify(line):
    for pat, kind in REPORT_PATTERNS:
        if re.search(pat, line):
            return kind
    return 'report'


def find_reports(lines):
    """Kernel reports: (kind, line number, excerpt). A report's excerpt is
    its first line and what follows, up to 30 lines."""
    reports = []
    skip_until = -1
    for i, line in enumerate(lines):
        if i <= skip_until or line.startswith('lfkit-init:'):
            continue
        if REPORT_RE.search(line):
            first = i
            if 'cut here' in line and i + 1 < len(lines):
                first = i + 1	# the WARNING:/BUG: line itself
            # The headline, then the call trace (registers are noise here).
            block = lines[first + 1:first + 60]
            ct = [k for k, l in enumerate(block) if 'Call Trace' in l]
            excerpt = [lines[first]] + (block[ct[0]:ct[0] + 14] if ct else block[:14])
            reports.append({'kind': classify(lines[first]), 'line': first + 1,
                            'text': lines[first].strip(), 'excerpt': excerpt})
            # One report spans many matching lines (Call Trace, ...).
            end = i
            for j in range(i + 1, min(len(lines), i + 200)):
                if lines[j].startswith('lfkit-init:') or \
                   re.match(r'^(-+\[ end trace|={10,}$)', lines[j]):
                    end = j
                    break
                end = j
            skip_until = end
    return reports


def section(lines, begin, end):
    """The lines strictly between the first line starting with `begin`
    and the next line starting with `end` (to the end if absent)."""
    out, inside = None, False
    for line in lines:
        if not inside and line.startswith(begin):
            inside, out = True, []
        elif inside and line.startswith(end):
            return out, True
        elif inside:
            out.append(line)
    return out, False


def parse_suites(kunit_py, ktap):
    """Per-suite counts from kunit.py's own parser (kunit_parser), whose
    statuses are exact (a crashed parameterised case, a missing result)."""
    kdir = os.path.dirname(os.path.abspath(kunit_py))
    sys.path.insert(0, kdir)
    import io
    import kunit_printer
    import kunit_parser
    kunit_printer.stdout._output = io.StringIO()	# its report goes to kunit.txt
    top = kunit_parser.parse_run_tests(ktap)
    S = kunit_parser.TestStatus
    suites = []
    for suite in top.subtests:
        c = {'name': suite.name or '(missing)', 'passed': 0, 'failed': 0,
             'skipped': 0, 'status': suite.status.name}
        cases = suite.subtests or [suite]	# a suite that failed to start
        for case in cases:
            if case.status == S.SUCCESS:
                c['passed'] += 1
            elif case.status == S.SKIPPED:
                c['skipped'] += 1
            else:
                c['failed'] += 1
        if suite.status not in (S.SUCCESS, S.SKIPPED) and not c['failed']:
            c['failed'] = 1
        suites.append(c)
    return suites, top.expected_count


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--log', required=True, help='console log')
    ap.add_argument('--kunit', required=True, help='path to kunit.py')
    ap.add_argument('--flavour', default='kernel')
    ap.add_argument('--expect-suites', type=int, default=0,
                    help='number of suites that must have run (0: no check)')
    ap.add_argument('--qemu-rc', type=int, default=0)
    ap.add_argument('--json', help='write the result here')
    ap.add_argument('--verbose', action='store_true')
    args = ap.parse_args()

    tag = '[%s]' % args.flavour
    problems = []
    failure_lines = []
    with open(args.log, errors='backslashreplace') as f:
        # printk timestamps ("[   12.345678] ") off, for the markers and KTAP
        lines = [TIMESTAMP_RE.sub('', l.rstrip('\r\n')) for l in f]
    workdir = os.path.dirname(os.path.abspath(args.log))

    if args.qemu_rc in (124, 137):
        problems.append('QEMU timed out (hard timeout)')
    elif args.qemu_rc:
        problems.append('QEMU exited with status %d' % args.qemu_rc)
    if not any(l.startswith('lfkit-init: booted') for l in lines):
        problems.append('the guest never reached the init script')
    smp = [l for l in lines if 'smpboot: Total of' in l]
    for l in lines:
        if l.startswith('lfkit-init: FAIL'):
            problems.append(l[len('lfkit-init: '):])
    result_line = [l for l in lines if l.startswith('lfkit-init: RESULT')]
    if not result_line:
        problems.append('the run did not finish (no RESULT line: crash or timeout)')

    # KTAP: what lfkit_test.ko printed during its (first) load.
    ktap, closed = section(lines, 'lfkit-init: BEGIN TESTS', 'lfkit-init: END TESTS')
    suites = []
    if ktap is None:
        problems.append('lfkit_test.ko was never loaded')
    else:
        if not closed:
            problems.append('KTAP truncated: insmod lfkit_test.ko never returned')
        ktap_file = os.path.join(workdir, 'ktap.log')
        with open(ktap_file, 'w') as f:
            f.write('\n'.join(ktap) + '\n')
        p = subprocess.run([sys.executable, args.kunit, 'parse', ktap_file],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True)
        with open(os.path.join(workdir, 'kunit.txt'), 'w') as f:
            f.write(p.stdout)
        if args.verbose:
            sys.stdout.write(p.stdout)
        if p.returncode != 0:
            # What failed, as the test said it (EXPECTATION FAILED at ...).
            out = p.stdout.splitlines()
            for k, l in enumerate(out):
                if re.search(r'(EXPECTATION|ASSERTION) FAILED', l) and len(failure_lines) < 12:
                    failure_lines.extend(x.rstrip() for x in out[k:k + 3])
            errs = [l for l in p.stdout.splitlines()
                    if re.search(r'\[(FAILED|CRASHED|ERROR)\]|error|missing', l, re.I)]
            problems.append('kunit.py parse: failure (%s)' %
                            ('; '.join(e.strip() for e in errs[:5]) or 'exit %d' % p.returncode))
        try:
            suites, planned = parse_suites(args.kunit, ktap)
        except Exception as e:	# the parser is the kernel's; never hide a crash
            problems.append('kunit_parser failed: %r' % e)
            suites, planned = [], None
        if not suites:
            problems.append('no suite ran')
        if args.expect_suites and len(suites) != args.expect_suites:
            problems.append('%d suites ran, expected %d' % (len(suites), args.expect_suites))

    reports = find_reports(lines)
    for r in reports:
        problems.append('kernel report (%s) at console line %d: %s' %
                        (r['kind'], r['line'], r['text'][:120]))

    # kmemleak, as the init saw it
    kml, _ = section(lines, 'lfkit-init: BEGIN KMEMLEAK', 'lfkit-init: END KMEMLEAK')
    if kml is None:
        kmemleak = 'unavailable' if any('KMEMLEAK unavailable' in l for l in lines) else 'not run'
    else:
        kmemleak = 'leaks' if any('unreferenced object' in l for l in kml) else 'clean'
    loop = [l for l in lines if l.startswith('lfkit-init: END LOOP')]

    # --- readable summary --------------------------------------------------
    tot = {k: sum(s[k] for s in suites) for k in ('passed', 'failed', 'skipped')}
    for s in suites:
        print('%-8s %-28s %4d passed %4d failed %4d skipped' %
              (tag, s['name'], s['passed'], s['failed'], s['skipped']))
    for l in failure_lines:
        print('%-8s | %s' % (tag, re.sub(r'^\[\d\d:\d\d:\d\d\] ', '', l)))
    print('%-8s %s; %s; kmemleak %s; %d kernel report%s' % (
        tag, smp[0].split('smpboot: ')[1].split(' (')[0] if smp else 'CPU count unknown',
        loop[0][len('lfkit-init: END '):].replace('LOOP', 'load/unload loop:')
        if loop else 'load/unload loop not run', kmemleak,
        len(reports), '' if len(reports) == 1 else 's'))
    for r in reports[:3]:
        print('%-8s --- %s report (console line %d) ---' % (tag, r['kind'], r['line']))
        for l in r['excerpt'][:15]:
            print('%-8s | %s' % (tag, l))
    verdict = 'PASS' if not problems else 'FAIL'
    for p in problems:
        print('%-8s problem: %s' % (tag, p))
    print('%-8s %s: %d passed, %d failed, %d skipped' %
          (tag, verdict, tot['passed'], tot['failed'], tot['skipped']))

    if args.json:
        with open(args.json, 'w') as f:
            json.dump({'flavour': args.flavour, 'result': verdict,
                       'suites': suites, 'totals': tot, 'problems': problems,
                       'kmemleak': kmemleak,
                       'reports': [{k: r[k] for k in ('kind', 'line', 'text')}
                                   for r in reports]}, f, indent=1)
    return 0 if verdict == 'PASS' else 1


if __name__ == '__main__':
    sys.exit(main())

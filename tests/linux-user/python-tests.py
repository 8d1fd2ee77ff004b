#!/usr/bin/env python3
"""CPython's own regression tests, natively and under mimic-x86_64.

Usage: python-tests.py [--timeout S] [--keep DIR] [--match PATTERN]...
                       [--ignore PATTERN]... MIMIC PYTHON MODULE...

Each test module runs twice with `PYTHON -m test --junit-xml`: once on the
host (the oracle) and once as `MIMIC PYTHON -m test ...`.  Every test case
that passes natively must pass under mimic; the script prints a line per
module and each case that differs, and exits 1 when one does (0 otherwise,
77 when PYTHON or its test package is missing: the test is skipped).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET


def case_results(xml_path):
    """{test case name: 'pass' | 'fail' | 'error' | 'skip'} from a junit file."""
    results = {}
    try:
        root = ET.parse(xml_path).getroot()
    except (OSError, ET.ParseError):
        return None
    for case in root.iter('testcase'):
        outcome = 'pass'
        for child in case:
            if child.tag in ('failure', 'error', 'skipped'):
                outcome = {'failure': 'fail', 'error': 'error',
                           'skipped': 'skip'}[child.tag]
        results[case.get('name')] = outcome
    return results


def run_module(command, module, xml_path, opts, log_path):
    """Runs one test module; returns (exit status, seconds)."""
    timeout = opts.timeout
    args = command + ['-m', 'test', '-v', '--timeout', str(timeout),
                      '--junit-xml', xml_path, module]
    for pattern in opts.match:
        args += ['-m', pattern]
    for pattern in opts.ignore:
        args += ['-i', pattern]
    start = time.monotonic()
    with open(log_path, 'w') as log:
        try:
            status = subprocess.run(args, stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL,
                                    timeout=timeout + 60).returncode
        except subprocess.TimeoutExpired:
            status = 'timeout'
    return status, time.monotonic() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--timeout', type=int, default=300,
                        help='seconds per test module (default 300)')
    parser.add_argument('--keep', help='directory for the logs and xml files')
    parser.add_argument('--match', action='append', default=[],
                        help='run only the test cases matching this glob '
                             '(regrtest -m)')
    parser.add_argument('--ignore', action='append', default=[],
                        help='skip the test cases matching this glob '
                             '(regrtest -i) on both sides')
    parser.add_argument('mimic')
    parser.add_argument('python')
    parser.add_argument('modules', nargs='+')
    opts = parser.parse_args()
    opts.mimic = os.path.abspath(opts.mimic)

    try:
        probe = subprocess.run([opts.python, '-c', 'import test.libregrtest'],
                               capture_output=True).returncode
    except OSError:
        probe = 1
    if probe != 0:
        print(f'SKIP: {opts.python} has no test package')
        return 77

    work = opts.keep or tempfile.mkdtemp(prefix='mimic-pytests-')
    os.makedirs(work, exist_ok=True)
    # The tests write into the current directory: one of our own.
    os.chdir(work)
    bad = 0
    for module in opts.modules:
        outcome = {}
        for side, command in (('native', [opts.python]),
                              ('mimic', [opts.mimic, opts.python])):
            xml_path = os.path.join(work, f'{module}.{side}.xml')
            log_path = os.path.join(work, f'{module}.{side}.log')
            if os.path.exists(xml_path):
                os.unlink(xml_path)
            status, seconds = run_module(command, module, xml_path,
                                         opts, log_path)
            outcome[side] = (status, seconds, case_results(xml_path))
        n_status, n_secs, native = outcome['native']
        m_status, m_secs, emulated = outcome['mimic']
        if native is None:
            print(f'{module}: no native results (status {n_status}), '
                  f'see {work}/{module}.native.log')
            bad += 1
            continue
        passed = sorted(n for n, r in native.items() if r == 'pass')
        lost = [n for n in passed if (emulated or {}).get(n) != 'pass']
        summary = (f'{module}: {len(native)} cases, native {len(passed)} '
                   f'passed in {n_secs:.1f} s, mimic ')
        if emulated is None:
            print(summary + f'no results (status {m_status}) in '
                  f'{m_secs:.1f} s, see {work}/{module}.mimic.log')
            bad += 1
            continue
        m_passed = sum(1 for r in emulated.values() if r == 'pass')
        print(summary + f'{m_passed} passed in {m_secs:.1f} s'
              + (f' (status {m_status})' if m_status not in (0, n_status)
                 else ''))
        for name in lost:
            print(f'  {name}: native pass, mimic '
                  f'{emulated.get(name, "not run")}')
        if lost or (m_status != n_status and not
                    (isinstance(m_status, int) and m_status == 0)):
            bad += 1
    if bad:
        print(f'FAIL: {bad} of {len(opts.modules)} modules differ; '
              f'logs in {work}')
        return 1
    print(f'ok: {len(opts.modules)} modules')
    if not opts.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())

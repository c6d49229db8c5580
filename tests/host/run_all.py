#!/usr/bin/env python3
"""Run the host unit-test binaries (make test-host) and sum up their results.

Usage: run_all.py build/host/test_vsprintf build/host/test_e820 ...

Each binary (tests/host/hosttest.c) prints "ok NAME" or "FAIL NAME ..." per
test and ends with "host test_x: N passed, M failed".  The binaries run in
parallel; then each one's summary is printed, with the output of the failing
ones (their "ok" lines left out), and a last line "host: N passed, M failed"
counting individual tests across all binaries (tests/runner.py reads it).
A binary that dies, hangs, prints no summary line, or whose output holds a
sanitizer report is a failure of its own, named as such.  Exit status 1 if
anything failed.
"""
import concurrent.futures
import os
import re
import subprocess
import sys

TIMEOUT = 120  # seconds per binary; each test also has its own alarm
SUMMARY = re.compile(r"^host (\S+): (\d+) passed, (\d+) failed$")
SANITIZER = re.compile(r"ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|"
                       r"UndefinedBehaviorSanitizer")


class Result:
    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        self.passed = 0
        self.failed = 0
        self.output = ""
        self.problem = None     # why the binary as a whole failed, if it did


def run_one(path):
    """Run one binary and parse its output into a Result."""
    r = Result(path)
    env = dict(os.environ)
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")
    try:
        p = subprocess.run([path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           env=env, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as e:
        r.output = (e.output or b"").decode(errors="replace")
        r.problem = "timed out after %d s" % TIMEOUT
        return r
    except OSError as e:
        r.problem = "could not run: %s" % e
        return r
    r.output = p.stdout.decode(errors="replace")
    # the last summary line: a sanitizer may still write after it (leaks at exit)
    m = None
    for line in reversed(r.output.splitlines()):
        m = SUMMARY.match(line)
        if m:
            break
    if m:
        r.passed, r.failed = int(m.group(2)), int(m.group(3))
    r.problem = diagnose(p.returncode, m, r)
    return r


def diagnose(status, summary, r):
    """Why the binary failed beyond its own count of failed tests (None: it did not)."""
    if status < 0:
        return "crashed: killed by signal %d" % -status
    if not summary:
        if SANITIZER.search(r.output):
            return "crashed with a sanitizer report (exit status %d), no summary line" % status
        return "no summary line (exit status %d)" % status
    if status not in (0, 1) or (status == 1) != (r.failed > 0):
        if SANITIZER.search(r.output.split(summary.group(0))[-1]):
            return "sanitizer report after the tests (exit status %d): a leak?" % status
        return "exit status %d does not match its %d failed tests" % (status, r.failed)
    return None


def show(r):
    """Print a binary's summary, and its output if anything failed."""
    if r.problem:
        print("FAIL %s: %s" % (r.name, r.problem))
    else:
        print("%s %s: %d passed, %d failed" % ("ok  " if not r.failed else "FAIL",
                                              r.name, r.passed, r.failed))
    if r.failed or r.problem:
        for line in r.output.splitlines():
            if not line.startswith("ok "):
                print("    " + line)
        if SANITIZER.search(r.output):
            print("    (%s: the output above holds a sanitizer report)" % r.name)


def main(argv):
    paths = argv[1:]
    if not paths:
        print("usage: run_all.py TEST_BINARY...", file=sys.stderr)
        print("host: 0 passed, 0 failed")
        return 1
    workers = max(1, min(len(paths), os.cpu_count() or 1))
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(run_one, paths))
    passed = failed = 0
    for r in results:
        show(r)
        passed += r.passed
        # a binary that broke counts once, on top of the tests it reported
        failed += r.failed + (1 if r.problem else 0)
    print("host: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

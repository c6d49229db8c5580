#!/usr/bin/env python3
"""A KTAP version 1 parser for Atlas's self-test output (Linux's
Documentation/dev-tools/ktap.rst; the shape kernel/kunit.c prints), and, run
as a script, a converter from a saved serial log to plain KTAP:

  tests/ktap.py build/test-logs/q35-512M.log > q35.tap
  prove -e cat q35.tap          # or any TAP consumer

The plain KTAP is the first KTAP document of the log without timestamps, with
LF line endings, and with the kernel messages printed in the middle of it
turned into diagnostic lines ("    # BUG: ...") at the depth where they came.

For the runner, parse() reads the same mix of KTAP and ordinary kernel
messages (an oops printed by a test, a warning): as Linux's kunit.py does, it
strips the "[    0.123456] " timestamps, reads the KTAP lines, and keeps every
other line as part of the log of the test case that was running, so a failure
can be shown with its context.
"""
import argparse
import re
import sys

TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\] ")
# "ok 3 name", "ok 3 name # SKIP why", "not ok 1 nosuch # no such suite"
RESULT = re.compile(r"^(not ok|ok) (\d+) ([^#]*?)\s*(?:#\s*(.*))?$")
SKIP = re.compile(r"^SKIP\b\s*(.*)$", re.I)
PLAN = re.compile(r"^1\.\.(\d+)$")


class Case:
    def __init__(self, suite, number, name, status, reason, log):
        self.suite, self.number, self.name = suite, number, name
        self.status, self.reason, self.log = status, reason, log   # status: pass/fail/skip


class Suite:
    def __init__(self, name):
        self.name = name
        self.plan = None
        self.cases = []
        self.result = None      # the top-level ok/not ok
        self.reason = ""        # its directive ("no such suite")
        self.run = 1            # 2 for the second time the same suite ran

    def label(self):
        """The suite's name, and which run it was when it ran more than once."""
        return self.name if self.run == 1 else "%s (run %d)" % (self.name, self.run)


class Report:
    def __init__(self):
        self.suites = []
        self.plan = None
        self.errors = []        # malformed KTAP, in words
        self.totals_seen = False

    def cases(self):
        return [c for s in self.suites for c in s.cases]

    def failed_suites(self):
        """The suites that failed: a case failed, or the suite could not run."""
        return [s for s in self.suites
                if s.result == "fail" or any(c.status == "fail" for c in s.cases)]


def strip(line):
    return TIMESTAMP.sub("", line.rstrip("\r\n"))


def strip_all(text):
    """Every line of a serial log without its timestamp and CR: plain text."""
    return "\n".join(strip(l) for l in text.splitlines()) + "\n"


def parse(text):
    """Parse the serial log; returns a Report (errors lists what is malformed)."""
    rep = Report()
    suite = None
    pending = []            # lines since the last result, for the next case's log
    started = False
    for raw in text.splitlines():
        line = strip(raw)
        if not started:
            if line == "KTAP version 1":
                started = True
            continue
        if line.startswith("    "):
            suite = _subtest_line(rep, suite, line[4:], pending)
            continue
        m = PLAN.match(line)
        if m and rep.plan is None:
            rep.plan = int(m.group(1))
            continue
        m = RESULT.match(line)
        if m:
            _suite_result(rep, suite, m)
            suite = None
            pending.clear()
            continue
        if line.startswith("# Totals:"):
            rep.totals_seen = True
            continue
        pending.append(line)
    if not started:
        rep.errors.append("no 'KTAP version 1' line: the self-tests never started")
        return rep
    _number_runs(rep)
    _check_counts(rep, suite)
    return rep


def _number_runs(rep):
    """selftest.repeat=N prints the suites N times under the same names: the
    second time a name appears it is run 2, and so on."""
    seen = {}
    for s in rep.suites:
        seen[s.name] = seen.get(s.name, 0) + 1
        s.run = seen[s.name]


def _subtest_line(rep, suite, line, pending):
    if line == "KTAP version 1":
        suite = Suite("?")
        rep.suites.append(suite)
        pending.clear()
        return suite
    if suite is None:
        pending.append(line)
        return suite
    if line.startswith("# Subtest: "):
        suite.name = line[len("# Subtest: "):]
        return suite
    m = PLAN.match(line)
    if m and suite.plan is None:
        suite.plan = int(m.group(1))
        return suite
    m = RESULT.match(line)
    if m:
        skip = SKIP.match(m.group(4) or "")
        status = "skip" if skip else ("pass" if m.group(1) == "ok" else "fail")
        number = int(m.group(2))
        if number != len(suite.cases) + 1:
            rep.errors.append("suite %s: case %d reported as number %d"
                              % (suite.name, len(suite.cases) + 1, number))
        suite.cases.append(Case(suite.name, number, m.group(3), status,
                                skip.group(1) if skip else (m.group(4) or ""), list(pending)))
        pending.clear()
        return suite
    pending.append(line)
    return suite


def _suite_result(rep, suite, m):
    if suite is None:
        # a suite that could not run at all ("not ok 1 nosuch # no such
        # suite"): a result with no subtest, which fails without cases
        suite = Suite(m.group(3))
        suite.plan = 0
        rep.suites.append(suite)
    if int(m.group(2)) != len(rep.suites):
        rep.errors.append("suite %s reported as number %s, it is number %d"
                          % (suite.name, m.group(2), len(rep.suites)))
    suite.result = "pass" if m.group(1) == "ok" else "fail"
    suite.reason = m.group(4) or ""
    if m.group(3) != suite.name:
        rep.errors.append("suite %s ended as '%s'" % (suite.name, m.group(3)))
    if suite.result == "pass" and any(c.status == "fail" for c in suite.cases):
        rep.errors.append("suite %s reported ok with failed cases" % suite.name)


def _check_counts(rep, open_suite):
    if rep.plan is None:
        rep.errors.append("no test plan (1..N) after 'KTAP version 1'")
    elif rep.plan != len(rep.suites):
        rep.errors.append("plan announced %d suites, %d ran" % (rep.plan, len(rep.suites)))
    for s in rep.suites:
        if s.plan is None:
            rep.errors.append("suite %s has no plan" % s.name)
        elif s.plan != len(s.cases):
            rep.errors.append("suite %s announced %d cases, %d reported"
                              % (s.name, s.plan, len(s.cases)))
        if s.result is None:
            rep.errors.append("suite %s never finished" % s.name)
    # ("# Totals:" is kunit.c's summary, not KTAP: the plan above already
    # shows a run that stopped early, and a suite that could not run at all
    # may end the document without it)


def plain(text):
    """The first KTAP document in a serial log, as lines of plain KTAP;
    ValueError if the log has none."""
    out, depth, plan, results = [], 0, None, 0
    lines = iter(strip(raw) for raw in text.splitlines())
    for line in lines:
        if line == "KTAP version 1":
            out.append(line)
            break
    else:
        raise ValueError("no 'KTAP version 1' line: the self-tests never started")
    for line in lines:
        body = line[4:] if line.startswith("    ") else line
        nested = body is not line
        if nested and body == "KTAP version 1":
            depth = 1
        elif not nested and PLAN.match(line) and plan is None:
            plan = int(line[3:])
        elif not nested and RESULT.match(line):
            depth, results = 0, results + 1
        elif not nested and line.startswith("# Totals:"):
            out.append(line)
            break
        elif not (line.startswith("#") or PLAN.match(body) or RESULT.match(body)
                  or body.startswith("#")):
            line = "    " * depth + "# " + line.strip()     # a kernel message
        out.append(line)
        if plan is not None and results == plan and line.startswith(("ok", "not ok")):
            # the last top-level result: only a "# Totals" line may follow
            nxt = next(lines, "")
            if nxt.startswith("# Totals:"):
                out.append(nxt)
            break
    return out


def main(argv):
    ap = argparse.ArgumentParser(
        prog="tests/ktap.py", usage="%(prog)s [-h] SERIAL_LOG > plain.tap",
        description="Write the first KTAP document of a saved serial log as plain KTAP.")
    ap.add_argument("log", metavar="SERIAL_LOG", help="a serial log, e.g. "
                    "build/test-logs/q35-512M.log")
    args = ap.parse_args(argv[1:])
    try:
        with open(args.log, encoding="utf-8", errors="replace", newline="") as f:
            lines = plain(f.read())
    except (OSError, ValueError) as e:
        sys.stderr.write("ktap.py: %s: %s\n" % (args.log, getattr(e, "strerror", None) or e))
        return 1
    sys.stdout.buffer.write("".join(l + "\n" for l in lines).encode())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

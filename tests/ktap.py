"""A KTAP version 1 parser for Atlas's self-test output (Linux's
Documentation/dev-tools/ktap.rst; the shape kernel/kunit.c prints).

The serial log mixes KTAP with ordinary kernel messages (an oops printed by a
test, a warning).  As Linux's kunit.py does, we strip the "[    0.123456] "
timestamps, read the KTAP lines, and keep every other line as part of the log
of the test case that was running, so a failure can be shown with its context.
"""
import re

TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\] ")
RESULT = re.compile(r"^(not ok|ok) (\d+) ([^#]*?)\s*(?:#\s*(SKIP)\b\s*(.*))?$")
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


class Report:
    def __init__(self):
        self.suites = []
        self.plan = None
        self.errors = []        # malformed KTAP, in words
        self.totals_seen = False

    def cases(self):
        return [c for s in self.suites for c in s.cases]


def strip(line):
    return TIMESTAMP.sub("", line.rstrip("\r\n"))


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
    _check_counts(rep, suite)
    return rep


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
        status = "skip" if m.group(4) else ("pass" if m.group(1) == "ok" else "fail")
        number = int(m.group(2))
        if number != len(suite.cases) + 1:
            rep.errors.append("suite %s: case %d reported as number %d"
                              % (suite.name, len(suite.cases) + 1, number))
        suite.cases.append(Case(suite.name, number, m.group(3), status,
                                m.group(5) or "", list(pending)))
        pending.clear()
        return suite
    pending.append(line)
    return suite


def _suite_result(rep, suite, m):
    if suite is None:
        rep.errors.append("result '%s' without a subtest" % m.group(0))
        return
    suite.result = "pass" if m.group(1) == "ok" else "fail"
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
    if not rep.totals_seen:
        rep.errors.append("no '# Totals' line: the run did not finish")

#!/usr/bin/env python3
"""grade: the labs' grader (make grade).

  tests/grade.py [--lab N] [--kernel build/atlas.elf] [--host-dir build/host]

In a lab's starter tree (a file LAB holds its number) it grades that lab; in
the full tree every lab of labs/, or the one --lab names.  Each lab's graded
tests are listed in labs/NN-name.grade, one per line:

    POINTS SECONDS KIND TEST [free]

  boot monitor           the kernel reaches the monitor prompt: no panic, oops
                         or BUG line and no "is not implemented yet (lab N)"
                         line on the way
  ktap SUITE[.GLOB]      the monitor's `selftest SUITE.GLOB`: the in-guest KTAP
                         cases (tests/*.c) whose names match
  utest SUITE[.GLOB]     `run /user/utest SUITE.GLOB`: the user-space cases
  host BINARY:SUBSTRING  build/host/BINARY SUBSTRING: the host unit tests
                         (ASan + UBSan, each case forked) whose names contain it

A test scores its points when at least one case ran and every case that ran
passed (a skip is no pass), within SECONDS (a hang limit, not a speed
target).  `free` marks a test the starter tree passes too (the handout says
so).  An optional line `machine MACHINE MEM SMP [QEMU ARGS...]` sets the lab's
machine (default: q35 512M 2), and `title TEXT` its title.

The in-guest tests run in one boot (with debug_locks=1, the lock and
context checks make test's boots have), one monitor command each, in the file's
order.  A test that hangs (no prompt within its SECONDS) or panics the kernel
costs its own points: QEMU is stopped and the next test gets a fresh boot.  A
kernel that does not reach the monitor fails every in-guest test of the lab
with the reason it gave.  Prints a table per lab and `Score: N/M`; the serial
logs are kept beside the kernel, in build/grade/ (O=DIR: DIR/grade/).  Exit
status 0 when the grading ran (whatever the score), 2 for a bad grade file or
usage (LAB=, a missing kernel), each said in one line.
"""
import argparse
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, HERE)
import ktap   # noqa: E402
import qemu   # noqa: E402

LABS_DIR = os.path.join(ROOT, "labs")
LOG_DIR = os.path.join(ROOT, "build", "grade")
HANDOUT = re.compile(r"^(\d\d)-([a-z0-9-]+)\.grade$")
KINDS = ("boot", "ktap", "utest", "host")
CASE_LIST = re.compile(r"^[a-z0-9_]+(\.[A-Za-z0-9_*?]+)?$")
HOST_TARGET = re.compile(r"^(test_[a-z0-9_]+|fuzz_[a-z0-9_]+):([A-Za-z0-9_]+)$")
DEFAULT_MACHINE = ("q35", "512M", "2", [])
# The checks the self-test boots of make test run with: every spinlock checked,
# and might_sleep's reports (debug_locks is on by default only under selftest=).
CMDLINE = "debug_locks=1"
BOOT_LIMIT = 120                # seconds to the prompt when the lab has no boot test
# What stops a boot from counting: the first such line is the reason.
BOOT_TROUBLE = re.compile(r"(Kernel panic - not syncing: .*|.*is not implemented yet \(lab \d+\).*"
                          r"|Oops: .*|BUG: .*)")
PANIC = re.compile(r"Kernel panic - not syncing: .*")
# selftest's and utest's line for a name that selects nothing
NO_SUCH = re.compile(r"^(selftest|utest): no (suite named|case of suite) .*$", re.M)
CARRIAGE = re.compile(r"\r")


class GradeFileError(Exception):
    pass


class Test:
    def __init__(self, points, seconds, kind, target, free, line):
        self.points, self.seconds, self.kind, self.target = points, seconds, kind, target
        self.free, self.line = free, line
        self.score, self.result, self.detail, self.elapsed = 0, "not run", [], 0.0

    def label(self):
        return "%s %s" % (self.kind, self.target)


class Lab:
    def __init__(self, number, path):
        self.number, self.path = number, path
        self.handout = os.path.join("labs", os.path.basename(path)[:-6] + ".md")
        self.title = ""
        self.machine = DEFAULT_MACHINE
        self.tests = []

    def total(self):
        return sum(t.points for t in self.tests)

    def free(self):
        return sum(t.points for t in self.tests if t.free)

    def score(self):
        return sum(t.score for t in self.tests)


def parse_grade_file(path, number):
    """A Lab from labs/NN-name.grade; GradeFileError names the line that is wrong."""
    lab = Lab(number, path)
    rel = os.path.relpath(path, ROOT)
    with open(path, "rb") as f:
        data = f.read()
    for n, raw in enumerate(data.split(b"\n"), 1):
        where = "%s:%d" % (rel, n)
        try:
            line = raw.decode("utf-8").split("#", 1)[0].strip()
        except UnicodeDecodeError:
            raise GradeFileError("%s: not UTF-8 text" % where)
        if line:
            parse_line(lab, line, where)
    if not lab.tests:
        raise GradeFileError("%s: no tests" % rel)
    return lab


def parse_line(lab, line, where):
    word, rest = (line.split(None, 1) + [""])[:2]
    if word == "title":
        if not rest:
            raise GradeFileError("%s: title wants the lab's title" % where)
        lab.title = rest
    elif word == "machine":
        try:
            parts = shlex.split(rest)
        except ValueError as e:
            raise GradeFileError("%s: machine: %s" % (where, e))
        if len(parts) < 3 or not parts[2].isdigit():
            raise GradeFileError("%s: machine wants MACHINE MEM SMP [QEMU ARGS...]" % where)
        lab.machine = (parts[0], parts[1], parts[2], parts[3:])
    else:
        lab.tests.append(parse_test(line.split(), where))


def parse_test(fields, where):
    if len(fields) not in (4, 5) or (len(fields) == 5 and fields[4] != "free"):
        raise GradeFileError("%s: want POINTS SECONDS KIND TEST [free], not %r" %
                             (where, " ".join(fields)))
    points, seconds, kind, target = fields[:4]
    if not points.isdigit() or not seconds.isdigit() or int(seconds) < 1:
        raise GradeFileError("%s: POINTS and SECONDS are whole numbers (SECONDS >= 1)" % where)
    if kind not in KINDS:
        raise GradeFileError("%s: kind %r is not one of %s" % (where, kind, ", ".join(KINDS)))
    if kind == "boot" and target != "monitor":
        raise GradeFileError("%s: the boot test is 'boot monitor'" % where)
    if kind in ("ktap", "utest") and not CASE_LIST.match(target):
        raise GradeFileError("%s: %s wants SUITE or SUITE.CASE_GLOB, not %r" % (where, kind, target))
    if kind == "host" and not HOST_TARGET.match(target):
        raise GradeFileError("%s: host wants test_NAME:SUBSTRING, not %r" % (where, target))
    return Test(int(points), int(seconds), kind, target, len(fields) == 5, where)


def find_labs():
    """{number: path of labs/NN-name.grade}."""
    found = {}
    for name in sorted(os.listdir(LABS_DIR)) if os.path.isdir(LABS_DIR) else []:
        m = HANDOUT.match(name)
        if m:
            found[int(m.group(1))] = os.path.join(LABS_DIR, name)
    return found


# ---- running the tests ----

def judge_cases(cases, errors, nothing_ran):
    """(passed, detail lines) for parsed KTAP cases."""
    if errors:
        return False, ["malformed KTAP: %s" % e for e in errors[:3]]
    if not cases:
        return False, [nothing_ran]
    bad = [c for c in cases if c.status != "pass"]
    if not bad:
        return True, ["%d case%s passed" % (len(cases), "s" * (len(cases) != 1))]
    detail = ["%d of %d cases did not pass" % (len(bad), len(cases))]
    for c in bad[:4]:
        detail.append("%s %s%s" % ("skipped:" if c.status == "skip" else "FAIL", c.name,
                                   " (%s)" % c.reason if c.status == "skip" and c.reason else ""))
        detail += ["  " + l for l in (c.log or [])[:4]]
    return False, detail


def run_host_test(t, host_dir):
    binary, substring = t.target.split(":", 1)
    path = os.path.join(host_dir, binary)
    if not os.path.exists(path):
        return False, ["no host test %s (make builds it; is the name right?)" %
                       os.path.relpath(path, ROOT)]
    # its own process group: a hung case's forked child goes with it on a timeout
    p = subprocess.Popen([path, substring], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         cwd=ROOT, start_new_session=True)
    try:
        stdout, _ = p.communicate(timeout=t.seconds)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return False, ["no result within %d s (a hang?)" % t.seconds]
    r = subprocess.CompletedProcess(p.args, p.returncode, stdout)
    out = r.stdout.decode("utf-8", "replace").splitlines()
    ran = [l for l in out if l.startswith(("ok ", "FAIL "))]
    failed = [l for l in ran if l.startswith("FAIL ")]
    if not ran:
        return False, ["no case of %s has %r in its name" % (binary, substring)]
    if failed or r.returncode:
        detail = ["%d of %d cases failed" % (len(failed), len(ran))] if failed else \
                 ["%s exited with status %d" % (binary, r.returncode)]
        shown = [l for l in out if not l.startswith(("ok ", "host "))]
        return False, detail + shown[:8]
    return True, ["%d case%s passed" % (len(ran), "s" * (len(ran) != 1))]


class Session:
    """One boot of the lab's machine with the serial port on pipes: wait for
    the monitor's prompt, send a command, wait for the next prompt."""

    def __init__(self, kernel, machine, log_path):
        name, mem, smp, extra = machine
        iso = qemu.iso_for(kernel, CMDLINE)
        cmd = qemu.qemu_command(iso, name, mem, smp, extra=list(extra), no_reboot=True)
        self.proc = subprocess.Popen(cmd + ["-serial", "stdio"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.out = bytearray()
        self.cond = threading.Condition()
        self.log = open(log_path, "ab")
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            chunk = self.proc.stdout.read1(4096)
            with self.cond:
                if chunk:
                    self.out += chunk
                    self.log.write(chunk)
                    self.log.flush()
                self.cond.notify_all()
            if not chunk:
                return

    def wait_prompt(self, start, seconds):
        """The index of the first prompt at or after start, or None (timeout, or QEMU gone)."""
        end = time.monotonic() + seconds
        with self.cond:
            while True:
                i = self.out.find(qemu.PROMPT, start)
                if i >= 0:
                    return i
                left = end - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self.reader.is_alive()):
                    return None
                self.cond.wait(min(left, 0.5))

    def text(self, start=0, end=None):
        with self.cond:
            data = bytes(self.out[start:end])
        return CARRIAGE.sub("", data.decode("utf-8", "replace"))

    def send(self, line):
        with self.cond:
            start = len(self.out)
        try:
            self.proc.stdin.write(line.encode() + b"\r")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass
        return start

    def alive(self):
        return self.proc.poll() is None

    def stop(self, hung=False):
        """Power the guest off (kill QEMU at once when it hung: it would not answer)."""
        if self.alive() and not hung:
            self.send("poweroff")
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        if self.alive():
            self.proc.kill()
        self.proc.wait()
        self.reader.join(timeout=5)
        self.log.close()


def boot_trouble(text):
    """The line that best says why a boot went wrong: its panic, else the first
    not-implemented, oops or BUG line; None when there is none."""
    plain = ktap.strip_all(text)
    m = PANIC.search(plain) or BOOT_TROUBLE.search(plain)
    return m.group(0).strip() if m else None


def start_session(lab, kernel, log_path, seconds):
    """(session, None) at the prompt, or (None, reason) when the boot did not get there."""
    s = Session(kernel, lab.machine, log_path)
    at = s.wait_prompt(0, seconds)
    if at is None:
        alive = s.alive()
        s.stop(hung=True)
        text = s.text()
        last = [l.strip() for l in text.splitlines() if l.strip()][-1:]
        reason = boot_trouble(text) or (
            "no monitor prompt within %d s (a hang?)" % seconds if alive else
            "QEMU stopped before the monitor prompt%s" % (
                ", saying: %s" % last[0][:160] if last else ", saying nothing"))
        return None, reason
    s.boot_end = at + len(qemu.PROMPT)     # the boot test reads up to here, wherever it is
    return s, None


def run_guest_command(s, t):
    """Run one ktap/utest test at the prompt: (passed, detail, session still usable)."""
    command = ("selftest %s" if t.kind == "ktap" else "run /user/utest %s") % t.target
    start = s.send(command)
    at = s.wait_prompt(start, t.seconds)
    if at is None:
        text = s.text(start)
        panic = PANIC.search(text)
        if panic:
            return False, [panic.group(0).strip()], False
        if not s.alive():
            return False, ["QEMU stopped during the test (a triple fault?)"], False
        return False, ["no answer within %d s (a hang?)" % t.seconds], False
    answer = s.text(start, at).split("\n", 1)[-1]      # the echoed command goes
    unknown = NO_SUCH.search(ktap.strip_all(answer))
    if unknown:
        return False, [unknown.group(0).strip()], True
    rep = ktap.parse(answer)
    cases = [c for suite in rep.suites for c in suite.cases]
    if not cases:
        # e.g. "run: cannot execute /user/utest: error -14": say that, not that KTAP is missing
        said = [l.strip() for l in ktap.strip_all(answer).splitlines() if l.strip()]
        return False, ["no case ran; the command printed:"] + ["  " + l for l in said[-3:]] if said else \
            ["no case ran, and the command printed nothing"], True
    return judge_cases(cases, rep.errors, "no case ran") + (True,)


def grade_guest(lab, tests, kernel):
    """Run the lab's boot/ktap/utest tests, in order, rebooting after a hang or panic."""
    if not tests:
        return
    os.makedirs(LOG_DIR, exist_ok=True)
    log_path = os.path.join(LOG_DIR, "lab%d.log" % lab.number)
    open(log_path, "wb").close()
    boot_test = next((t for t in tests if t.kind == "boot"), None)
    boot_limit = boot_test.seconds if boot_test else BOOT_LIMIT
    session, failed_boot = None, None
    for t in tests:
        t0 = time.monotonic()
        if session is None and failed_boot is None:
            session, failed_boot = start_session(lab, kernel, log_path, boot_limit)
        if failed_boot:
            t.result, t.detail = "FAIL", ["the kernel did not reach the monitor: %s" % failed_boot]
        elif t.kind == "boot":
            trouble = boot_trouble(session.text(0, session.boot_end))
            ok = trouble is None
            t.result = "ok" if ok else "FAIL"
            t.detail = [] if ok else ["the boot printed: %s" % trouble]
        else:
            ok, detail, usable = run_guest_command(session, t)
            t.result, t.detail = ("ok" if ok else "FAIL"), detail
            if not usable:
                session.stop(hung=True)
                session = None
        t.elapsed = time.monotonic() - t0
        t.score = t.points if t.result == "ok" else 0
    if session:
        session.stop()


def grade_host(tests, host_dir):
    for t in tests:
        t0 = time.monotonic()
        ok, t.detail = run_host_test(t, host_dir)
        t.result = "ok" if ok else "FAIL"
        t.score = t.points if ok else 0
        t.elapsed = time.monotonic() - t0


def grade_lab(lab, kernel, host_dir):
    grade_host([t for t in lab.tests if t.kind == "host"], host_dir)
    grade_guest(lab, [t for t in lab.tests if t.kind != "host"], kernel)


def print_lab(lab):
    print("\n== Lab %d: %s (%s)" % (lab.number, lab.title or "untitled", lab.handout), flush=True)
    width = max(len(t.label()) for t in lab.tests)
    for t in lab.tests:
        print("  %3d/%-3d  %-*s  %s (%.1f s)%s" % (t.score, t.points, width, t.label(), t.result,
                                                 t.elapsed, "  [free]" if t.free else ""))
        if t.result != "ok":
            for line in t.detail:
                print("             | %s" % line)
    print("  Lab %d: %d/%d" % (lab.number, lab.score(), lab.total()), flush=True)


def usage_error(msg):
    print("grade: %s" % msg, file=sys.stderr)
    return 2


def main(argv=None):
    global LOG_DIR
    ap = argparse.ArgumentParser(description="Atlas's lab grader (make grade)")
    ap.add_argument("--lab", default=None, help="grade this lab only (the full tree)")
    ap.add_argument("--kernel", default=os.path.join(ROOT, "build", "atlas.elf"))
    ap.add_argument("--host-dir", default=os.path.join(ROOT, "build", "host"))
    args = ap.parse_args(argv)
    known = find_labs()
    have = ", ".join(map(str, sorted(known))) or "none"
    if args.lab is not None and not re.fullmatch(r"\d{1,2}", args.lab):
        return usage_error("LAB=%s: not a lab number (labs/ has %s)" % (args.lab, have))
    only = args.lab
    lab_file = os.path.join(ROOT, "LAB")
    if os.path.exists(lab_file):
        with open(lab_file, errors="replace") as f:
            mine = f.read().strip()
        if not re.fullmatch(r"\d{1,2}", mine):
            return usage_error("the file LAB holds %r, not a lab number (make lab writes it)" % mine)
        if only is not None and int(only) != int(mine):
            return usage_error("this is lab %s's starter tree; it grades lab %s only" % (mine, mine))
        only = mine
    if only is not None:
        if int(only) not in known:
            return usage_error("LAB=%s: no such lab (labs/ has %s)" % (only, have))
        known = {int(only): known[int(only)]}
    if not known:
        return usage_error("no labs/NN-name.grade files")
    try:
        labs = [parse_grade_file(path, n) for n, path in sorted(known.items())]
    except GradeFileError as e:
        return usage_error(e)
    if not os.path.exists(args.kernel):
        return usage_error("no kernel at %s (run make)" % args.kernel)
    # the serial logs beside the kernel: build/grade/, or O=DIR's grade/
    LOG_DIR = os.path.join(os.path.dirname(os.path.abspath(args.kernel)), "grade")
    t0 = time.monotonic()
    for lab in labs:
        grade_lab(lab, args.kernel, args.host_dir)
        print_lab(lab)
    score = sum(l.score() for l in labs)
    total = sum(l.total() for l in labs)
    print("\n(%.1f s, serial logs in %s)" % (time.monotonic() - t0, os.path.relpath(LOG_DIR)))
    print("Score: %d/%d" % (score, total))
    return 0


if __name__ == "__main__":
    sys.exit(main())

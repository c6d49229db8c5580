#!/usr/bin/env python3
"""launch_check: the launcher as a user drives it (a stage of make test).

  tests/launch_check.py [--kernel build/atlas.elf]

1. The README's `make run` examples, run through make exactly as a shell
   passes them (quotes and spaces in CMDLINE included), with piped input;
   each asserts what the kernel received (its `Command line:` boot line and
   the monitor's `cmdline` command) and make's exit status.  Beside them, the
   prompt counting that ends piped input (Ctrl-L's redrawn prompt, a run=
   command too long to run), a single quote in CMDLINE, and an accelerator
   given in QEMU_ARGS.
2. Without booting: CMDLINE split as Linux splits it, QEMU's exit statuses,
   the accelerator in QEMU's argv and the banner, and build/iso/ pruned to
   the most recently used ISOs.
3. A real pipe driven step by step, as expect would: wait for the prompt, send
   a line, wait for its answer, then end the input without `poweroff`; the run
   must end at the next prompt with status 0, saying so.

Prints `ok N - ...` / `not ok N - ...` lines; tests/runner.py imports
run(kernel) -> (passed, failed, lines).
"""
import argparse
import os
import re
import select
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL = os.path.join(ROOT, "build", "atlas.elf")
TIMEOUT = 120                   # seconds for one boot: only a hang takes this long

# (what, make variables, piped input, expected exit status, texts the output
# must contain, texts it must not contain)
MAKE_RUN_EXAMPLES = [
    ("make run CMDLINE='run=\"e820;dmesg\"' runs both commands in the kernel",
     ["CMDLINE=run=\"e820;dmesg\""], b"cmdline\npoweroff\n", 0,
     ["Command line: run=e820;dmesg\n", "atlas> dmesg\n[", '  run = "e820;dmesg"\n',
      "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable"], []),
    ("make run CMDLINE='run=\"walk 0x1000\"' passes the space inside the quotes",
     ["CMDLINE=run=\"walk 0x1000\""], b"cmdline\npoweroff\n", 0,
     ['Command line: "run=walk 0x1000"\n', "atlas> walk 0x1000\n  PGD[  0]",
      '  run = "walk 0x1000"\n'], ["unrecognized arguments"]),
    ("input that ends without poweroff after run=\"e820;dmesg\" ends at the prompt after its "
     "last line, with status 0",
     ["CMDLINE=run=\"e820;dmesg\""], b"echo one\necho two\n", 0,
     ["atlas> echo one\none\natlas> echo two\ntwo\natlas> \n",
      "qemu.py: the input ended without poweroff; stopped QEMU at the prompt"], []),
    ("Ctrl-L's redrawn prompt is counted: input without poweroff ends after its last answer",
     [], b"echo a\x0cb\necho c\n", 0,
     ["\x1b[H\x1b[2Jatlas> echo ab\nab\natlas> echo c\nc\natlas> \n",
      "qemu.py: the input ended without poweroff; stopped QEMU at the prompt"], []),
    ("Ctrl-L's redrawn prompt is counted: a poweroff after it powers off",
     [], b"echo a\x0cb\npoweroff\n", 0,
     ["atlas> poweroff\n", "reboot: Power down"], ["input ended without poweroff"]),
    ("a run= command over 255 characters is shown after its prompt and skipped; the input "
     "after it is answered and ends the run",
     ["CMDLINE=run=\"%s;echo a\"" % ("x" * 300)], b"echo hi\n", 0,
     ["atlas> %s\nrun=: command of 300 characters is too long; skipped\n"
      "atlas> echo a\na\natlas> echo hi\nhi\natlas> \n" % ("x" * 300),
      "qemu.py: the input ended without poweroff; stopped QEMU at the prompt"], []),
    ("make run CMDLINE=\"x=it's\" boots: a single quote is an ordinary character, as in "
     "Linux (GRUB escapes it as \\')",
     ["CMDLINE=x=it's run=\"echo it's\""], b"cmdline\npoweroff\n", 0,
     ["Command line: x=it\\'s \"run=echo it\\'s\"\n", "atlas> echo it\\'s\nit\\'s\n",
      '  x = "it\\\'s"\n'], ["qemu.py: cannot use CMDLINE"]),
    ("printf 'e820\\npoweroff\\n' | make run prints the map and exits with 0",
     [], b"e820\npoweroff\n", 0,
     ["atlas> e820\nBIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable"], []),
    ("make run CMDLINE=selftest=printk runs that suite and powers off",
     ["CMDLINE=selftest=printk"], b"", 0,
     ["Command line: selftest=printk\n", "# Subtest: printk", "ok 1 printk"], []),
    ("status 37 (QEMU_EXIT_FAILURE) from the guest makes make run fail with a line saying so",
     ["CMDLINE=run=\"outb 0xf4 0x12\""], b"", 2, ["\nAtlas: the boot-time run failed\n"], []),
    ("make run SMP=3 QEMU_ARGS='-smp 4' shows the machine QEMU gets",
     ["SMP=3", "QEMU_ARGS=-smp 4 -cpu max"], b"poweroff\n", 0,
     ["qemu.py: -machine q35 -m 512M -smp 4 -cpu max, SeaBIOS"], []),
    ("make run QEMU_ARGS='-accel tcg,thread=single' uses that accelerator, not the "
     "launcher's, and the banner says so",
     ["QEMU_ARGS=-accel tcg,thread=single"], b"poweroff\n", 0,
     ["qemu.py: -machine q35 -m 512M -smp 2 -cpu qemu64, SeaBIOS, tcg (QEMU_ARGS chose it)",
      "reboot: Power down"], []),
    ("make run QEMU_ARGS='-machine accel=tcg' boots (QEMU refuses it beside an -accel)",
     ["QEMU_ARGS=-machine accel=tcg"], b"poweroff\n", 0,
     ["qemu.py: -machine q35,accel=tcg -m 512M -smp 2 -cpu qemu64, SeaBIOS, tcg "
      "(QEMU_ARGS chose it)", "reboot: Power down"], []),
    ("make run CMDLINE=init=/bin/sh: piped input reaches busybox's shell once the kernel has "
     "handed it the console, Ctrl-] switches to the monitor and back, poweroff -f ends the run",
     ["CMDLINE=init=/bin/sh"], b"echo shell-$((6*7))\n\x1decho from-monitor\n\x1dpoweroff -f\n", 0,
     ["Run /bin/sh as init process", "monitor: press Ctrl-] to switch", "\nshell-42\n",
      "atlas> echo from-monitor\nfrom-monitor\n", "[back to the program: Ctrl-]",
      "reboot: Power down"], ["input ended without poweroff"])
]


def make_env():
    """The environment for a make started from inside make test: no jobserver
    or variables inherited from the outer make."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    for k in ("CMDLINE", "MACHINE", "MEM", "SMP", "QEMU_ARGS", "FIRMWARE"):
        env.pop(k, None)
    return env


def make_run(variables, input_data):
    """make run with these variables (argv words, as a shell passes them) and
    this input; the kernel under test is used as it is (-o: never rebuilt)."""
    cmd = ["make", "-s", "--no-print-directory", "-o", "build/atlas.elf", "run"] + variables
    try:
        r = subprocess.run(cmd, input=input_data, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, cwd=ROOT, env=make_env(), timeout=TIMEOUT)
    except subprocess.TimeoutExpired as e:
        return None, (e.stdout or b"").decode("utf-8", "replace")
    return r.returncode, r.stdout.decode("utf-8", "replace").replace("\r\n", "\n")


def strip_timestamps(text):
    return re.sub(r"^\[\s*\d+\.\d+\] ", "", text, flags=re.M)


def check_make_run(what, variables, input_data, status_wanted, want, refuse):
    status, text = make_run(variables, input_data)
    plain = strip_timestamps(text)
    missing = [w for w in want if w not in text and w not in plain]
    present = [r for r in refuse if r in text]
    ok = status == status_wanted and not missing and not present
    detail = [] if ok else ["#   exit status %s (wanted %d); missing %r; unwanted %r"
                            % (status, status_wanted, missing, present)] + \
        ["#   | " + l for l in text.splitlines()[-12:]]
    return ok, what, detail


def check_bad_quote():
    """An unbalanced quote: one line saying so, make fails, no traceback."""
    status, text = make_run(["CMDLINE=run=\"e820"], b"")
    ours = [l for l in text.splitlines() if l.startswith("qemu.py:")]
    ok = (status not in (0, None) and "Traceback" not in text and len(ours) == 1
          and "a double quote is not closed" in ours[0])
    return ok, "an unbalanced double quote in CMDLINE is one clear line and a failed make", \
        [] if ok else ["#   | " + l for l in text.splitlines()[-12:]]


class Expect:
    """Drive a process through pipes as expect does."""

    def __init__(self, cmd, env):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=ROOT, env=env)
        self.out = b""
        self.deadline = time.time() + TIMEOUT

    def expect(self, pattern, start):
        """Wait until `pattern` (bytes regex) appears after offset `start`;
        returns the end of the match, or None (timeout or end of output)."""
        rx = re.compile(pattern)
        while True:
            m = rx.search(self.out, start)
            if m:
                return m.end()
            left = self.deadline - time.time()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if not ready:
                return None
            data = os.read(self.proc.stdout.fileno(), 4096)
            if not data:
                return None
            self.out += data

    def send(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def finish(self):
        """Close the input; (exit status or None, stderr text)."""
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=max(1, self.deadline - time.time()))
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None, self.proc.stderr.read().decode(errors="replace")
        self.out += self.proc.stdout.read()
        return self.proc.returncode, self.proc.stderr.read().decode(errors="replace")


def check_exit_statuses():
    """The launcher's reading of QEMU's status, without booting."""
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import qemu
    got = [qemu.explain_status(s, c) for s, c in (
        (qemu.EXIT_FAILURE, "selftest=buddy"), (qemu.EXIT_FAILURE, "selftest"),
        (qemu.EXIT_FAILURE, "bench=nosuch"), (qemu.EXIT_POWEROFF, "selftest"),
        (qemu.EXIT_PANIC, ""))]
    want = [(1, "Atlas: self-tests failed"), (1, "Atlas: self-tests failed"),
            (1, "Atlas: the boot-time run failed"), (0, None),
            (1, "Atlas: kernel panic (see the log above)")]
    return got == want, "QEMU status 37 after selftest is 'self-tests failed', after bench= " \
        "'the boot-time run failed', exit 1", [] if got == want else ["#   got %r" % got]


def check_cmdline_split():
    """CMDLINE split as Linux's next_arg() splits it (lib/cmdline.c): only
    double quotes group, and they are dropped; no escapes."""
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    try:
        import kcmdline
        split = kcmdline.split
    except ImportError:
        return False, "CMDLINE is split as Linux splits it (no scripts/kcmdline.py)", []
    cases = [('run="e820;dmesg"', ["run=e820;dmesg"]),
             ('run="walk 0x1000"  \tquiet', ["run=walk 0x1000", "quiet"]),
             ("x=it's y='a b'", ["x=it's", "y='a", "b'"]),
             ('"run=walk 0x1000" a"b c"d', ["run=walk 0x1000", "ab cd"]),
             ('x=a\\b\\ c', ["x=a\\b\\", "c"]), ('x=""', ["x="]), ("  ", [])]
    bad = [(text, split(text)) for text, want in cases if split(text) != want]
    try:
        split('run="e820')
        bad.append(('run="e820', "no error"))
    except ValueError:
        pass
    return not bad, "CMDLINE is split as Linux splits it: only double quotes group, no " \
        "escapes", ["#   %r -> %r" % b for b in bad]


def check_accel():
    """The accelerator in QEMU's argv, without booting: one -accel when
    QEMU_ARGS names one, and the banner names the first (QEMU uses the first
    that initialises; kvm here is only a word in argv, never started)."""
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import qemu
    got = []
    for extra in (["-accel", "tcg,thread=single"], ["--accel", "tcg"], ["-machine", "accel=tcg"]):
        cmd = qemu.qemu_command("x.iso", accel="tcg", extra=extra)
        got.append(sum(a.lstrip("-") == "accel" for a in cmd) + sum(
            "accel=" in a for a in cmd))
    first = qemu.describe(["qemu-system-x86_64", "-accel", "tcg", "-accel", "kvm"])
    ok = got == [1, 1, 1] and first.endswith(", tcg")
    return ok, "an accelerator in QEMU_ARGS replaces the launcher's (accelerators in argv: " \
        "%s), and the banner names the first of several (%s)" % (got, first.split(", ")[-1]), []


def check_iso_pruning(kernel):
    """build/iso/ stays bounded: a new ISO removes the least recently used
    beyond ISO_KEEP, and keeps the ones runs have just used."""
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import qemu
    keep = getattr(qemu, "ISO_KEEP", 16)
    iso_dir = os.path.join(ROOT, "build", "iso")
    in_use = qemu.iso_for(kernel, "")       # as a concurrent run would, just before booting
    now = time.time()
    old = []
    for i in range(keep + 4):               # older than anything a run has used
        old.append(os.path.join(iso_dir, "atlas-launchcheck%02d.iso" % i))
        with open(old[-1], "wb"):
            pass
        os.utime(old[-1], (now - 3600 + i, now - 3600 + i))
    new = qemu.iso_for(kernel, "launch_check.iso=%d" % os.getpid())
    left = [f for f in os.listdir(iso_dir) if f.startswith("atlas-") and f.endswith(".iso")]
    kept = [p for p in old if os.path.exists(p)]
    ok = (len(left) <= keep and os.path.exists(new) and os.path.exists(in_use)
          and old[0] not in kept and kept == old[len(old) - len(kept):])
    for path in kept + [new]:
        os.remove(path)
    return ok, "a new ISO prunes build/iso/ to the %d most recently used (%d left), keeping " \
        "the one a run has just used and removing the oldest first" % (keep, len(left)), []


def check_streamed_pipe(kernel):
    """Step by step over a real pipe: each answer must come before the next
    line is sent, so the launcher cannot be waiting for the end of input."""
    e = Expect([sys.executable, os.path.join(ROOT, "scripts", "qemu.py"), "--kernel", kernel,
                "--machine", "pc", "--mem", "128M", "--smp", "1"], make_env())
    steps = []
    pos = e.expect(rb"atlas> ", 0)
    steps.append(pos is not None)
    for line, answer in ((b"echo step-one\n", rb"\nstep-one\r?\natlas> "),
                         (b"cmdline\n", rb"cmdline\r?\n([^\n]*\n)*?atlas> ")):
        if pos is None:
            break
        e.send(line)
        pos = e.expect(answer, pos)
        steps.append(pos is not None)
    status, err = e.finish()
    ended = "input ended without poweroff" in err
    ok = all(steps) and len(steps) == 3 and status == 0 and ended
    what = "a pipe driven step by step gets each answer before its next line, " \
           "and the end of input ends the run with status 0"
    detail = [] if ok else ["#   steps answered %r, exit status %s, stderr %r"
                            % (steps, status, err.strip()[-200:])] + \
        ["#   | " + l for l in e.out.decode(errors="replace").splitlines()[-10:]]
    return ok, what, detail


def run(kernel=KERNEL):
    """(passed, failed, lines): one `ok`/`not ok` line per check."""
    results = []
    if os.path.realpath(kernel) != os.path.realpath(KERNEL):
        return 0, 0, ["# skipped: the make run checks boot build/atlas.elf only"]
    for what, variables, data, status, want, refuse in MAKE_RUN_EXAMPLES:
        results.append(check_make_run(what, variables, data, status, want, refuse))
    results.append(check_bad_quote())
    results.append(check_exit_statuses())
    results.append(check_cmdline_split())
    results.append(check_accel())
    results.append(check_iso_pruning(kernel))
    results.append(check_streamed_pipe(kernel))
    lines, passed, failed = [], 0, 0
    for n, (ok, what, detail) in enumerate(results, 1):
        lines.append("%s %d - %s" % ("ok" if ok else "not ok", n, what))
        lines += detail
        passed, failed = passed + ok, failed + (not ok)
    return passed, failed, lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", default=KERNEL)
    args = ap.parse_args()
    passed, failed, lines = run(args.kernel)
    print("\n".join(lines))
    print("launcher: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

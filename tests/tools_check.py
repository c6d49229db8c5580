#!/usr/bin/env python3
"""tools_check: the tools around the kernel (a stage of make test).

  tests/tools_check.py [--log build/test-logs/q35-512M.log]

1. tests/ktap.py's parser on KTAP written by hand: a repeated suite is labelled
   "NAME (run 2)" and a plan of N x S is right; an unknown suite ("not ok 1
   nosuch # no such suite") is one failed suite, not malformed KTAP.
2. tests/ktap.py as a script turns a serial log (timestamps, CR LF, kernel
   messages in the middle) into plain KTAP, exactly, and Perl's `prove` (on
   Debian with perl) agrees with the parser on a passing, a failing and the
   real log of this make test; `tests/ktap.py --help` prints a usage, and the
   runner gives a boot 180 s before it calls it a hang.
3. The build: `make DEBUG=1` after a normal build recompiles with -Og (the
   flags are recorded in build/kernel.flags), and a second make does nothing;
   make STARTER=3 and back rebuild kernel, host and user objects (build/starter.flags);
   make -n, make -q and make compdb with other flags leave the record alone;
   `make compdb` lists every C file of the tree once, with the kernel's flags
   or the host tests', and neither builds nor cleans anything.

Prints `ok N - ...` / `not ok N - ...`; tests/runner.py imports run(log).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import ktap  # noqa: E402

REPEATED = """KTAP version 1
1..4
    KTAP version 1
    # Subtest: buddy
    1..1
    ok 1 buddy_frees
ok 1 buddy
    KTAP version 1
    # Subtest: slab
    1..1
    ok 1 slab_allocs
ok 2 slab
    KTAP version 1
    # Subtest: buddy
    1..1
    not ok 1 buddy_frees
not ok 3 buddy
    KTAP version 1
    # Subtest: slab
    1..1
    ok 1 slab_allocs
ok 4 slab
# Totals: pass:3 fail:1 skip:0 total:4
"""
NO_SUCH_SUITE = "KTAP version 1\n1..1\nnot ok 1 nosuch # no such suite\n"

# A serial log as the kernel writes it, and the plain KTAP it must become.
SERIAL_LOG = (
    "[    0.100000] Atlas version 0.1\r\n"
    "[    0.146452] KTAP version 1\r\n"
    "[    0.150436] 1..1\r\n"
    "[    0.150598]     KTAP version 1\r\n"
    "[    0.150623]     # Subtest: buddy\r\n"
    "[    0.150645]     1..2\r\n"
    "[    0.151067]     ok 1 buddy_zones_match_linux\r\n"
    "[    0.152064] BUG: Bad page state: pfn 0x1f784\r\n"
    "[    0.152894]     %s 2 buddy_misuse_is_reported # SKIP no hole\r\n"
    "[    4.077581] # buddy: pass:1 fail:0 skip:1 total:2\r\n"
    "[    4.077906] %s 1 buddy\r\n"
    "[    4.345580] # Totals: pass:1 fail:0 skip:1 total:2\r\n"
    "[    4.345651] reboot: Power down\r\n")
PLAIN = (
    "KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: buddy\n    1..2\n"
    "    ok 1 buddy_zones_match_linux\n    # BUG: Bad page state: pfn 0x1f784\n"
    "    %s 2 buddy_misuse_is_reported # SKIP no hole\n"
    "# buddy: pass:1 fail:0 skip:1 total:2\n%s 1 buddy\n"
    "# Totals: pass:1 fail:0 skip:1 total:2\n")


def check_parser():
    rep = ktap.parse(REPEATED)
    labels = [s.label() for s in rep.suites]
    yield (labels == ["buddy", "slab", "buddy (run 2)", "slab (run 2)"] and not rep.errors
           and [s.label() for s in rep.failed_suites()] == ["buddy (run 2)"]), \
        "KTAP parser: a plan of 2 x 2 suites, the second runs labelled (run 2) (%s; %s)" % (
            ", ".join(labels), "; ".join(rep.errors) or "no errors")
    rep = ktap.parse(NO_SUCH_SUITE)
    failed = rep.failed_suites()
    yield (len(rep.suites) == 1 and len(failed) == 1 and failed[0].reason == "no such suite"
           and not rep.errors), \
        "KTAP parser: 'not ok 1 nosuch # no such suite' is one failed suite (%s)" % (
            "; ".join(rep.errors) or "%d failed" % len(failed))


def run_script(text, name):
    path = os.path.join(ROOT, "build", "tools-check-%s.log" % name)
    with open(path, "w", newline="") as f:
        f.write(text)
    r = subprocess.run([sys.executable, os.path.join(HERE, "ktap.py"), path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")


def prove(plain_text, name):
    """prove's verdict on plain KTAP: True (PASS), False (FAIL), None (no prove)."""
    if not shutil.which("prove"):
        return None
    path = os.path.join(ROOT, "build", "tools-check-%s.tap" % name)
    with open(path, "w") as f:
        f.write(plain_text)
    r = subprocess.run(["prove", "-e", "cat", path], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    return r.returncode == 0


def check_plain(real_log):
    for name, result in (("pass", "ok"), ("fail", "not ok")):
        status, out, err = run_script(SERIAL_LOG % (result, result), name)
        want = PLAIN % (result, result)
        verdict = prove(out, name)
        yield status == 0 and out == want, \
            "tests/ktap.py turns a %s serial log into plain KTAP: no timestamps, LF endings%s" % (
                "passing" if result == "ok" else "failing",
                "" if out == want else " (got %r)" % out[:300])
        if verdict is not None:
            yield verdict == (result == "ok"), "prove %s the plain KTAP of a %s run" % (
                "accepts" if verdict else "rejects", name + "ing")
    status, out, err = run_script("Atlas version 0.1\r\natlas> \r\n", "none")
    yield status == 1 and err.count("\n") == 1 and "no 'KTAP version 1'" in err, \
        "tests/ktap.py on a log without KTAP says so in one line (%r)" % err.strip()
    if real_log and os.path.exists(real_log) and shutil.which("prove"):
        with open(real_log, errors="replace", newline="") as f:
            text = f.read()
        want_pass = not ktap.parse(text).failed_suites()
        verdict = prove("\n".join(ktap.plain(text)) + "\n", "real")
        yield verdict == want_pass, "prove agrees with the runner on %s (%s)" % (
            os.path.relpath(real_log, ROOT), "PASS" if verdict else "FAIL")


def check_usage():
    """tests/ktap.py --help is a usage, not a file name; a boot is given
    180 s before the runner calls it a hang."""
    r = subprocess.run([sys.executable, os.path.join(HERE, "ktap.py"), "--help"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = r.stdout.decode(errors="replace")
    yield r.returncode == 0 and out.startswith("usage: tests/ktap.py") and not r.stderr, \
        "tests/ktap.py --help prints its usage (status %d, %r)" % (
            r.returncode, (out or r.stderr.decode(errors="replace")).splitlines()[:1])
    import runner
    timeout = runner.Config("x", "pc", "128M").timeout
    yield timeout == 180, "tests/runner.py gives a boot 180 s before it calls it a hang " \
        "(default %s s)" % timeout


def make(*args):
    """make in the tree, as a user runs it (not the outer make's jobserver):
    (exit status, output)."""
    from launch_check import make_env
    r = subprocess.run(["make", "--no-print-directory"] + list(args), cwd=ROOT,
                       env=make_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return r.returncode, r.stdout.decode(errors="replace")


def producer(obj):
    """The compiler command line recorded in an object's DWARF (DW_AT_producer)."""
    r = subprocess.run(["readelf", "--debug-dump=info", obj], stdout=subprocess.PIPE)
    for line in r.stdout.decode(errors="replace").splitlines():
        if "DW_AT_producer" in line:
            return line
    return ""


def check_flags():
    """Build one object in a scratch O= directory three times."""
    with tempfile.TemporaryDirectory(prefix="atlas-flags-") as out:
        obj = os.path.join(out, "kernel", "cmdline.o")
        steps = [make("O=" + out, obj), make("O=" + out, obj),
                 make("O=" + out, "DEBUG=1", obj)]
        og = " -Og " in producer(obj)
    built = ["CC       kernel/cmdline.c" in text for _, text in steps]
    ok = all(status == 0 for status, _ in steps) and built == [True, False, True] and og
    yield ok, "make DEBUG=1 after make recompiles with -Og, and an unchanged make does " \
        "nothing (compiled: %s, -Og in the object: %s)" % (built, og)


def check_starter():
    """make STARTER=N builds lab N's starter code: switching it rebuilds the kernel's
    objects, the host tests' (the fuzz replay mains too) and the user programs."""
    with tempfile.TemporaryDirectory(prefix="atlas-starter-") as out:
        targets = [os.path.join(out, t) for t in ("kernel/cmdline.o", "host/kernel/cmdline.o",
                                                  "host/tests/fuzz/replay-cmdline.o",
                                                  "user/fault")]
        runs = [make("O=" + out, *targets), make("O=" + out, "STARTER=3", *targets),
                make("O=" + out, "STARTER=3", *targets), make("O=" + out, *targets)]
    lines = ("CC       kernel/cmdline.c", "HOSTCC   kernel/cmdline.c",
             "HOSTCC   tests/fuzz/replay.c (cmdline)", "MUSLCC   " + os.path.join(out, "user/fault"))
    built = [[l in text for l in lines] for _, text in runs]
    want = [[True] * 4, [True] * 4, [False] * 4, [True] * 4]
    ok = all(status == 0 for status, _ in runs) and built == want
    yield ok, "make STARTER=3 after make rebuilds kernel, host (and replay) objects and user " \
        "programs, again does nothing, and make after it rebuilds them (built: %s)" % (
            ["".join("x" if b else "-" for b in step) for step in built])


def check_dry_run():
    """make -n, make -q and make compdb with other flags: they show (or report)
    the rebuild those flags need and leave the recorded flags alone."""
    with tempfile.TemporaryDirectory(prefix="atlas-flags-") as out:
        obj = os.path.join(out, "kernel", "cmdline.o")
        flags = os.path.join(out, "kernel.flags")
        built, _ = make("O=" + out, obj)
        with open(flags) as f:
            before = f.read()
        shown = "kernel/cmdline.c" in make("O=" + out, "-n", "DEBUG=1", obj)[1]
        stale, stale_text = make("O=" + out, "-q", "DEBUG=1", obj)
        make("-s", "O=" + out, "DEBUG=1", "compdb", "COMPDB=" + os.path.join(out, "cc.json"))
        with open(flags) as f:
            same = f.read() == before
        fresh, _ = make("O=" + out, "-q", obj)
    ok = built == 0 and shown and stale == 1 and "FLAGS" not in stale_text and fresh == 0 \
        and same
    yield ok, "make -n DEBUG=1 shows the rebuild, make -q DEBUG=1 reports it (status %d), " \
        "and neither they nor make compdb DEBUG=1 rewrite the flags, so make -q is up to " \
        "date after them (status %d, flags file unchanged: %s)" % (stale, fresh, same)


def check_compdb():
    kernel = os.path.join(ROOT, "build", "atlas.elf")
    before = os.path.getmtime(kernel) if os.path.exists(kernel) else None
    with tempfile.TemporaryDirectory(prefix="atlas-compdb-") as out:
        path = os.path.join(out, "compile_commands.json")
        status, text = make("-s", "compdb", "COMPDB=" + path)
        try:
            with open(path) as f:
                entries = json.load(f)
        except (OSError, ValueError):
            entries = []
    after = os.path.getmtime(kernel) if os.path.exists(kernel) else None
    files = [e["file"] for e in entries]
    in_tree = [os.path.relpath(os.path.join(d, f), ROOT)
               for d, _, fs in os.walk(ROOT) if "/build" not in d + "/" and "/." not in d
               for f in fs if f.endswith(".c")]
    kinds = {e["file"]: ("-mcmodel=kernel" in e["arguments"], "-DATLAS_HOST" in e["arguments"])
             for e in entries}
    flags_ok = bool(kinds) and all(
        k == ((False, True) if f.startswith("tests/host/") else
              (True, False) if f.startswith("kernel/") else k) and k[0] != k[1]
        for f, k in kinds.items())
    ok = (status == 0 and len(files) == len(set(files)) and sorted(files) == sorted(in_tree)
          and flags_ok and before == after)
    yield ok, "make compdb: %d entries, %d unique, %d C files in the tree, host tests with " \
        "host flags: %s, build/atlas.elf untouched: %s%s" % (
            len(files), len(set(files)), len(in_tree), flags_ok, before == after,
            "" if status == 0 else " (make: %s)" % text.strip()[-200:])


def run(real_log=None):
    """(passed, failed, lines): one `ok`/`not ok` line per check."""
    os.makedirs(os.path.join(ROOT, "build"), exist_ok=True)
    lines, passed, failed = [], 0, 0
    checks = list(check_parser()) + list(check_plain(real_log)) + list(check_usage()) + \
        list(check_flags()) + list(check_starter()) + list(check_dry_run()) + \
        list(check_compdb())
    for n, (ok, what) in enumerate(checks, 1):
        lines.append("%s %d - %s" % ("ok" if ok else "not ok", n, what))
        passed, failed = passed + bool(ok), failed + (not ok)
    if not shutil.which("prove"):
        lines.append("# prove (Debian's perl) is not installed: its checks were skipped")
    return passed, failed, lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--log", default=os.path.join(ROOT, "build", "test-logs", "q35-512M.log"))
    args = ap.parse_args()
    passed, failed, lines = run(args.log)
    print("\n".join(lines))
    print("tools: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""gdb_check: a scripted gdb session against QEMU's gdb stub, so that "step
through Atlas with gdb" stays true (make test-gdb; a stage of make test).

  tests/gdb_check.py [--kernel build/atlas.elf] [--verbose]

Boots the kernel under TCG, halted (-S), with the gdb stub on a free local TCP
port, and runs `gdb -batch -nx` with a generated Python script that does what a
student would: set the architecture, connect, `hbreak start_kernel`, continue,
look at the arguments, `next` a few lines, `bt`, then break later in the boot
and try the helpers of scripts/gdb/atlas.py.  The gdb side only runs commands
and prints their output between @@ markers; this side reads that output and
decides each check, printed as `ok N - ...` / `not ok N - ...`, then
`gdb: N passed, M failed`.  60 s at most (a hang is a failure); QEMU and gdb are
killed in every case.

Then `make debug` itself, as a student uses it: CMDLINE='run="walk 0x1000"'
with gdb commands on its standard input (break at monitor_run, print the
command line the kernel got, continue) while this side types `cmdline` and
`poweroff` at the serial console socket, which must answer while gdb runs
the kernel; gdb and make then end with status 0.

tests/runner.py imports run(kernel) -> (passed, failed, lines).
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import qemu  # noqa: E402  (scripts/qemu.py: the ISO and the QEMU command line)

TIMEOUT = 60                      # seconds for the whole check
MB2_BOOTLOADER_MAGIC = 0x36d76289  # multiboot2 spec §3.3: what GRUB leaves in EAX
START_KERNEL_MAP = 0xffffffff80000000  # include/asm/page.h: kernel image base
SERIAL_LOG = os.path.join(ROOT, "build", "gdb-check-serial.log")

# Known noise: NASM's DWARF for boot/head.asm covers only its first section, so
# gdb complains about the return address into higher_half_entry.
NOISE = re.compile(r"^warning: \((Internal error|Error): pc 0x[0-9a-f]+ .*not in symtab\.\)$")

# The session, run by the gdb side one step at a time: (name, gdb command).
STEPS = [
    ("connect", "target remote 127.0.0.1:{port}"),
    ("hbreak", "hbreak start_kernel"),
    ("continue", "continue"),
    ("magic", "print/x magic"),
    ("rdi", "print/x $rdi"),
    ("mbi", "print/x mbi_phys"),
    ("frame", "frame"),
    ("rsp", "info symbol $rsp"),
    ("early_e820", "atlas-e820"),
    ("early_dmesg", "atlas-dmesg"),
    ("next1", "next"),
    ("next2", "next"),
    ("next3", "next"),
    ("bt", "bt"),
    ("break", "break monitor_run"),
    ("continue2", "continue"),
    ("dmesg", "atlas-dmesg"),
    ("e820", "atlas-e820"),
    ("pt", "atlas-pt start_kernel"),
    ("pt_direct", "atlas-pt 0xffff888000100000"),
    ("kill", "kill"),
]

GDB_SCRIPT = r'''
import gdb
STEPS = %(steps)r

def where():
    """Where the CPU stopped, from gdb's frame API (stop messages are not
    captured by to_string, so motion commands report through this)."""
    if gdb.selected_inferior().pid == 0:
        raise gdb.GdbError("QEMU has ended (a triple fault, a panic or a poweroff?)")
    frame = gdb.selected_frame()
    sal = frame.find_sal()
    name = sal.symtab.filename if sal.symtab else "?"
    print("@@where %%s %%s:%%d" %% (frame.name(), name, sal.line))

for cmd in ("set architecture i386:x86-64", "set pagination off", "set confirm off",
            "set tcp connect-timeout 10", "set breakpoint pending off",
            "source %(helpers)s"):
    gdb.execute(cmd, to_string=True)
last_ok = True
for name, cmd in STEPS:
    print("@@step " + name)
    try:
        if cmd == "continue" and not last_ok:
            raise gdb.GdbError("skipped: the breakpoint before it was not set")
        print(gdb.execute(cmd, to_string=True), end="")
        if cmd in ("continue", "next"):
            where()
        print("@@ok")
        last_ok = True
    except Exception as e:         # gdb.error, gdb.MemoryError, a helper's bug
        print("\n@@error %%s" %% str(e).replace("\n", " "))
        last_ok = False
        if name in ("connect", "continue"):
            break                  # nothing after it can work
    gdb.flush()                    # so a timeout still shows how far it got
print("@@done")
'''


def free_port():
    """A local TCP port that nothing listens on now (the host picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    """Whether something listens on local TCP port `port` (Linux /proc/net)."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            local, state = row.split()[1:4:2]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                return True
    return False


def start_qemu(kernel, deadline):
    """QEMU halted with its gdb stub listening: (Popen, port, stderr file)."""
    iso = qemu.iso_for(kernel, "")
    for _ in range(3):             # the free port can be taken before QEMU binds it
        port = free_port()
        errf = tempfile.TemporaryFile()
        # -no-reboot and isa-debug-exit: a triple fault or a panic ends QEMU, so
        # gdb fails at once instead of waiting for the timeout
        cmd = qemu.qemu_command(iso, machine="q35", mem="128M", smp=1, firmware="bios",
                                accel="tcg", no_reboot=True, debug_exit=True,
                                extra=["-gdb", "tcp:127.0.0.1:%d" % port, "-S",
                                       "-serial", "file:" + SERIAL_LOG])
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=errf, stderr=errf)
        while proc.poll() is None and not listening(port) and time.time() < deadline:
            time.sleep(0.02)
        if proc.poll() is None:
            return proc, port, errf
        errf.seek(0)
        err = errf.read().decode(errors="replace")
        errf.close()
        if "in use" not in err:
            raise RuntimeError("QEMU exited at once: " + err.strip())
    raise RuntimeError("QEMU could not bind a gdb port: " + err.strip())


def run_gdb(kernel, port, deadline):
    """Run the gdb session: ({step: (output, error or None)}, raw output, timed out)."""
    steps = [(n, c.format(port=port)) for n, c in STEPS]
    helpers = os.path.join(ROOT, "scripts", "gdb", "atlas.py")
    with tempfile.NamedTemporaryFile("w", suffix=".py", prefix="gdb-check-", delete=False) as f:
        f.write(GDB_SCRIPT % {"steps": steps, "helpers": helpers})
    try:
        proc = subprocess.Popen(["gdb", "-batch", "-nx", "-x", f.name, kernel],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            raw, _ = proc.communicate(timeout=max(1, deadline - time.time()))
            timed_out = False
        except subprocess.TimeoutExpired:
            proc.kill()
            raw, _ = proc.communicate()
            timed_out = True
    finally:
        os.unlink(f.name)
    raw = raw.decode(errors="replace")
    return parse(raw), raw, timed_out


def parse(raw):
    """Split gdb's output at the @@ markers: {step: (output, error or None)}."""
    results, name, out = {}, None, []
    for line in raw.splitlines():
        if line.startswith("@@step "):
            name, out = line[7:], []
        elif name and line == "@@ok":
            results[name] = ("\n".join(out), None)
            name = None
        elif name and line.startswith("@@error "):
            results[name] = ("\n".join(out), line[8:] or "error")
            name = None
        elif name and not NOISE.match(line):
            out.append(line)
    if name:                       # gdb was killed in the middle of this step
        results[name] = ("\n".join(out), "did not finish")
    return results


def value(text):
    """The number gdb printed as `$N = 0x...`, or None."""
    m = re.search(r"^\$\d+ = (0x[0-9a-f]+|\d+)\s*$", text, re.M)
    return int(m.group(1), 0) if m else None


def stopped_in(text, func):
    m = re.search(r"^@@where (\S+) (\S+)$", text, re.M)
    return m is not None and m.group(1) == func, (m.group(2) if m else "nowhere")


def checks(r):
    """Yield (passed, description) for each check of the parsed session r."""
    def get(*steps):
        """The steps' output joined, and the first error (as a suffix) or ''."""
        outs, errs = [], []
        for step in steps:
            out, err = r.get(step, ("", "not run"))
            outs.append(out)
            if err:
                errs.append("%s: %s" % (step, err))
        return "\n".join(outs), " [%s]" % errs[0] if errs else ""

    out, err = get("connect")
    yield not err, "gdb connects to QEMU's gdb stub" + err

    out, err = get("hbreak", "continue")
    ok, at = stopped_in(out, "start_kernel")
    yield ok and not err, "hbreak start_kernel stops there after the switch to long mode (at %s)%s" % (at, err)

    magic = value(get("magic")[0])
    if magic is None:              # optimised out: the register still holds it
        magic = value(get("rdi")[0])
    yield magic == MB2_BOOTLOADER_MAGIC, "first argument magic ($rdi) = %s, want %#x" % (
        "%#x" % magic if magic is not None else "unreadable", MB2_BOOTLOADER_MAGIC)

    out, err = get("mbi")
    mbi = value(out)
    yield bool(mbi), "mbi_phys = %s (nonzero)%s" % ("%#x" % mbi if mbi is not None else "unreadable", err)

    out, err = get("next1", "next2", "next3")
    lines = re.findall(r"^@@where start_kernel \S+:(\d+)$", out, re.M)
    yield len(set(lines)) == 3 and not err, "`next` steps start_kernel line by line (lines %s)%s" % (
        ", ".join(lines) or "none", err)

    yield from early_checks(get)

    out, err = get("bt")
    yield re.search(r"^#0 .*\bstart_kernel\b", out, re.M) is not None, \
        "bt shows start_kernel in frame #0" + err

    out, err = get("break", "continue2")
    ok, at = stopped_in(out, "monitor_run")
    yield ok and not err, "a software breakpoint at monitor_run stops there after the boot (at %s)%s" % (
        at, err)

    out, err = get("dmesg")
    yield "Atlas version" in out and not err, "atlas-dmesg prints the log buffer (%d lines)%s" % (
        len(out.splitlines()), err)

    out, err = get("e820")
    entries = re.findall(r"^BIOS-e820: \[mem 0x[0-9a-f]{16}-0x[0-9a-f]{16}\] (.+)$", out, re.M)
    yield "usable" in entries and not err, "atlas-e820 prints the e820 table (%d entries)%s" % (
        len(entries), err)

    out, err = get("pt")
    m = re.search(r"^virtual (0x[0-9a-f]+)", out, re.M)
    p = re.search(r"= physical (0x[0-9a-f]+)$", out, re.M)
    want = int(m.group(1), 16) - START_KERNEL_MAP if m else None
    got = int(p.group(1), 16) if p else None
    yield want is not None and got == want and not err, \
        "atlas-pt start_kernel walks to physical %s, want %s%s" % (
            "%#x" % got if got is not None else "nothing", "%#x" % want if want is not None else "?", err)

    out, err = get("pt_direct")
    levels = re.findall(r"^  (PGD|PUD|PMD|PTE)\[ *\d+\] = 0x[0-9a-f]{16}  P\b", out, re.M)
    p = re.search(r"= physical (0x[0-9a-f]+)$", out, re.M)
    yield (levels[:3] == ["PGD", "PUD", "PMD"] and p is not None and int(p.group(1), 16) == 0x100000
           and not err), "atlas-pt names the levels as the monitor's walk does (%s) and maps " \
        "PAGE_OFFSET + 1 MiB to physical 0x100000%s" % (" ".join(levels) or "none", err)


def early_checks(get):
    """At start_kernel: hex addresses, the stack's symbol, helpers with nothing
    to show yet."""
    out, err = get("frame")
    yield re.search(r"\bstart_kernel \(magic=\w+, mbi_phys=0x[0-9a-f]+\)", out) is not None \
        and not err, "the frame line prints mbi_phys (a phys_addr_t) in hex (%s)%s" % (
            out.splitlines()[0] if out else "nothing", err)

    out, err = get("rsp")
    yield out.startswith("init_stack_area + ") and not err, \
        "info symbol $rsp names init_stack_area, not its guard page (%s)%s" % (out.strip(), err)

    for step, helper in (("early_e820", "atlas-e820"), ("early_dmesg", "atlas-dmesg")):
        out, err = get(step)
        lines = out.strip().splitlines()
        yield len(lines) == 1 and "empty" in lines[0] and not err, \
            "%s before the kernel has anything to show says so in one line (%s)%s" % (
                helper, lines[0] if len(lines) == 1 else "%d lines" % len(lines), err)


DEBUG_CMDLINE = 'run="walk 0x1000"'
DEBUG_GDB_INPUT = b"break monitor_run\ncontinue\nprint boot_cmdline.raw\ndelete\ncontinue\n"


def console_session(path, deadline):
    """Type at the console socket of make debug: (what it printed, whether
    each answer came)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    out, answered = b"", []
    while time.time() < deadline:
        try:
            sock.connect(path)
            break
        except OSError:
            time.sleep(0.05)        # QEMU has not created it yet
    else:
        return "no console socket at %s" % path, []
    sock.settimeout(1)
    for send, answer in ((b"", b"atlas> "), (b"cmdline\n", b'  run = "walk 0x1000"\r\natlas> '),
                         (b"poweroff\n", b"reboot: Power down")):
        sock.sendall(send)
        start = len(out)
        while answer not in out[start - len(answer) if send else 0:] and time.time() < deadline:
            try:
                data = sock.recv(4096)
            except socket.timeout:
                continue
            if not data:
                break
            out += data
        answered.append(answer in out)
    sock.close()
    return out.decode(errors="replace"), answered


def make_debug_checks(deadline):
    """Run make debug with a quoted CMDLINE, gdb fed from a pipe and the
    console typed at; yield (passed, description)."""
    from launch_check import make_env
    env = make_env()
    env["GDB_PORT"] = str(free_port())
    with tempfile.TemporaryDirectory(prefix="atlas-console-") as tmp:
        env["CONSOLE_SOCKET"] = os.path.join(tmp, "console.sock")
        proc = subprocess.Popen(
            ["make", "-s", "--no-print-directory", "-o", "build/atlas.elf", "-o", "build/kernel.sym",
             "debug", "CMDLINE=" + DEBUG_CMDLINE], cwd=ROOT, env=env, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        proc.stdin.write(DEBUG_GDB_INPUT)
        proc.stdin.close()
        proc.stdin = None               # so communicate() below only reads
        console, answered = console_session(env["CONSOLE_SOCKET"], deadline)
        try:
            gdb_out, _ = proc.communicate(timeout=max(1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)      # make, scripts/debug, gdb and QEMU
            gdb_out, _ = proc.communicate()
    gdb_out = gdb_out.decode(errors="replace")
    m = re.search(r'^(?:\(gdb\) )*\$1 = ("(?:[^"\\]|\\.)*")', gdb_out, re.M)
    got = m.group(1) if m else "nothing"
    yield got == r'"\"run=walk 0x1000\""', \
        "make debug CMDLINE='%s': gdb prints boot_cmdline.raw = %s" % (DEBUG_CMDLINE, got)
    yield answered == [True, True, True], \
        "the console socket of make debug answers cmdline and poweroff while gdb runs the " \
        "kernel (answers: %s)" % answered
    yield proc.returncode == 0, "make debug ends with status 0 when the kernel powers off " \
        "(status %s)" % proc.returncode
    if not (m and answered == [True, True, True] and proc.returncode == 0):
        yield None, "\n".join(["make debug transcript:"] + gdb_out.splitlines()[-20:] +
                               ["console:"] + str(console).splitlines()[-10:])


def tail(path, n=15):
    try:
        with open(path, errors="replace") as f:
            return f.read().splitlines()[-n:]
    except OSError:
        return []


def run(kernel_path, verbose=False):
    """Run the check: (passed, failed, lines); lines are the `ok`/`not ok`
    lines and `# ` diagnostics, without the closing summary line."""
    start = time.time()
    deadline = start + TIMEOUT
    lines, proc, errf = [], None, None
    try:
        if not os.path.exists(kernel_path):
            return 0, 1, ["not ok 1 - kernel %s exists (run make kernel)" % kernel_path]
        if not shutil.which("gdb"):
            return 0, 1, ["not ok 1 - gdb is installed (run scripts/install-deps)"]
        try:
            proc, port, errf = start_qemu(os.path.abspath(kernel_path), deadline)
        except (RuntimeError, OSError, subprocess.CalledProcessError) as e:
            return 0, 1, ["not ok 1 - QEMU starts with a gdb stub: %s" % e]
        results, raw, timed_out = run_gdb(os.path.abspath(kernel_path), port, deadline)
        passed = failed = 0
        for n, (ok, desc) in enumerate(checks(results), 1):
            if timed_out and not ok:
                desc += " (timed out here)" if not failed else " (not reached)"
            lines.append("%s %d - %s" % ("ok" if ok else "not ok", n, desc))
            passed, failed = passed + ok, failed + (not ok)
        for ok, desc in make_debug_checks(time.time() + TIMEOUT):
            if ok is None:              # the transcript of a failure
                lines += ["#   " + l for l in desc.splitlines()]
                continue
            lines.append("%s %d - %s" % ("ok" if ok else "not ok", passed + failed + 1, desc))
            passed, failed = passed + ok, failed + (not ok)
        if timed_out:
            failed += 1
            lines.append("not ok %d - gdb session finished within %d s (timed out: killed gdb and QEMU)"
                         % (passed + failed, TIMEOUT))
        if failed or verbose:
            lines.append("# gdb transcript (without the known NASM DWARF warnings):")
            lines += ["#   " + l for l in raw.splitlines() if not NOISE.match(l)]
            lines.append("# serial log %s (last lines):" % os.path.relpath(SERIAL_LOG, ROOT))
            lines += ["#   " + l for l in tail(SERIAL_LOG)]
        lines.append("# gdb check took %.1f s" % (time.time() - start))
        return passed, failed, lines
    finally:
        if proc is not None:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        if errf is not None:
            errf.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", default=os.path.join(ROOT, "build", "atlas.elf"))
    ap.add_argument("--verbose", "-v", action="store_true", help="print the whole gdb transcript")
    args = ap.parse_args()
    passed, failed, lines = run(args.kernel, args.verbose)
    for line in lines:
        print(line)
    print("gdb: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

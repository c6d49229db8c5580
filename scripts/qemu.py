#!/usr/bin/env python3
"""Boot Atlas in QEMU: the launcher behind `make run`, `make debug`, `make test`
and `make bench`.

  scripts/qemu.py --kernel build/atlas.elf [--cmdline "..."] [--machine q35]
                  [--mem 512M] [--smp 2] [--firmware bios|uefi] [--accel tcg|kvm]

Environment (what `make run` exports, so no value passes through a shell):
CMDLINE, MACHINE, MEM, SMP give the defaults of the options above; ACCEL=tcg|kvm,
FIRMWARE=bios|uefi, and QEMU_ARGS="..." is appended to QEMU's command line
(an accelerator it names, -accel tcg,thread=single say, replaces the
launcher's own choice, and the banner says so).

The accelerator is KVM only where a real KVM is usable: /dev/kvm must be
readable and writable and must not come from kvm_pvm, a nested page-table
based KVM under which guests run far slower than under TCG.

On a terminal the serial console is the terminal (Ctrl-A X quits QEMU).  With
standard input from a pipe or file, the launcher holds the input back until
the kernel's first "atlas> " prompt (the firmware and GRUB would otherwise read
it), then copies it to the serial port as it arrives, so a program can wait for
the prompt, send a line, and wait again.  When the input ends without a
`poweroff`, the run ends at the prompt that follows the last line, with status 0.
A boot with init= or rdinit= has no monitor prompt: there the input starts once
the kernel has printed "Run PATH as init process" and the console has then been
quiet for a second (the program's own prompt); a Ctrl-] in the input (the
switch to the monitor and back) is sent once the console has been quiet for
half a second, so the side that had it has answered what came before; and
when the input ends the run ends once the console has been quiet for
QUIET_END seconds (`poweroff -f` in busybox's shell ends it at once).

QEMU's isa-debug-exit device lets the kernel choose QEMU's exit status; this
script maps it back: poweroff -> 0; kernel panic, boot failure, failed
self-tests or boot-time run -> 1, with a line saying which.
"""
import argparse
import atexit
import hashlib
import os
import shlex
import subprocess
import shutil
import sys
import tempfile
import threading
import time

import kcmdline

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
PROMPT = b"atlas> "
INIT_STARTED = b" as init process"      # kernel/init_task.c, as Linux's line
QUIET_START, QUIET_START_MAX = 1.0, 10.0    # an init program's prompt: quiet this long
QUIET_END = 3.0                         # init= boots: output quiet after the input ended
QUIET_SWITCH, QUIET_SWITCH_MAX = 0.5, 10.0      # init= boots: before each Ctrl-] sent
DEFAULT_MACHINE, DEFAULT_MEM, DEFAULT_SMP = "q35", "512M", "2"
# UEFI as libvirt boots it: the firmware's code read-only on pflash unit 0, and a
# private, writable copy of its variable store on unit 1.  (The single-file
# OVMF.fd is another build, which places the ACPI tables and RAM differently.)
OVMF_DIRS = ["/usr/share/OVMF", "/usr/share/qemu"]
OVMF_CODE = "OVMF_CODE_4M.fd"
OVMF_VARS = "OVMF_VARS_4M.fd"
# build/iso/ keeps the boot ISOs (about 21 MB each) of this many command lines,
# the most recently used; a new one removes the least recently used beyond that.
ISO_KEEP = 16

# isa-debug-exit: QEMU exits with (value << 1) | 1; see include/asm/qemu.h
EXIT_POWEROFF = (0x10 << 1) | 1
EXIT_PANIC = (0x11 << 1) | 1
EXIT_FAILURE = (0x12 << 1) | 1          # a selftest= or bench= boot failed
EXIT_BOOT_FAILED = (0x03 << 1) | 1

# Bytes after which the monitor's line editor (kernel/monitor_parse.c) prints
# a prompt: CR, LF (one prompt for a CR LF pair) and Ctrl-C end the line and
# bring a new one; Ctrl-L clears the screen and redraws the prompt and the line.
CR, LF, CTRL_C, CTRL_L = 0x0d, 0x0a, 0x03, 0x0c


def fail(message):
    """Stop with one line on stderr (no traceback) and status 2."""
    sys.stderr.write("qemu.py: %s\n" % message)
    sys.exit(2)


def choose_accel(requested=None):
    """'kvm' where a real KVM is usable, else 'tcg' (ACCEL overrides)."""
    accel = requested or os.environ.get("ACCEL") or ""
    if accel in ("tcg", "kvm"):
        return accel
    if accel:
        fail("ACCEL must be tcg or kvm, not %r" % accel)
    if os.path.exists("/sys/module/kvm_pvm"):
        return "tcg"            # nested kvm_pvm: slower than TCG
    if os.access("/dev/kvm", os.R_OK | os.W_OK):
        return "kvm"
    return "tcg"


def cmdline_words(cmdline):
    """The command line split as Linux (and mkiso) splits it, kcmdline.split():
    run="e820;dmesg" is one word.  An unbalanced double quote stops the
    launcher with one line."""
    try:
        return kcmdline.split(cmdline)
    except ValueError as e:
        fail("cannot use CMDLINE %s: %s (quote values as in run=\"e820;dmesg\")"
             % (shlex.quote(cmdline), e))


def boot_prompts(cmdline):
    """How many prompts the kernel prints for run= before its first interactive
    one: run_boot_commands (kernel/monitor.c) shows each ';'-separated command
    after one prompt, even a command it skips as too long; a trailing ';' adds
    none."""
    value = None
    for word in cmdline_words(cmdline):
        if word.startswith("run="):
            value = word[4:]
    if not value:
        return 0
    return value.count(";") + (0 if value.endswith(";") else 1)


def runs_init(cmdline):
    """Whether the command line makes PID 1 a program (init= or rdinit=)."""
    return any(w.split("=", 1)[0] in ("init", "rdinit") and "=" in w and w.split("=", 1)[1]
               for w in cmdline_words(cmdline))


def find_ovmf():
    """(code, vars template) of the 4 MiB OVMF build."""
    for d in OVMF_DIRS:
        code, varstore = os.path.join(d, OVMF_CODE), os.path.join(d, OVMF_VARS)
        if os.path.exists(code) and os.path.exists(varstore):
            return code, varstore
    fail("no OVMF firmware found (%s and %s in %s); run scripts/install-deps"
         % (OVMF_CODE, OVMF_VARS, " or ".join(OVMF_DIRS)))


def ovmf_pflash_args():
    """-drive arguments for OVMF on pflash; the variable store is a fresh copy
    under build/ovmf/ for this run (concurrent runs must not share one)."""
    code, template = find_ovmf()
    vars_dir = os.path.join(BUILD, "ovmf")
    os.makedirs(vars_dir, exist_ok=True)
    fd, varstore = tempfile.mkstemp(prefix="vars-", suffix=".fd", dir=vars_dir)
    os.close(fd)
    shutil.copyfile(template, varstore)
    if not os.environ.get("ATLAS_KEEP_OVMF_VARS"):
        atexit.register(lambda: os.path.exists(varstore) and os.remove(varstore))
    return ["-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + code,
            "-drive", "if=pflash,format=raw,unit=1,file=" + varstore]


def prune_isos(iso_dir, keep=ISO_KEEP):
    """Remove all but the `keep` most recently used atlas-*.iso in iso_dir.
    iso_for() touches an ISO it reuses, so one that a run (this one or a
    concurrent one) is about to boot is among the newest and stays; QEMU keeps
    reading an ISO removed after it opened it."""
    isos = []
    for entry in os.scandir(iso_dir):
        if entry.name.startswith("atlas-") and entry.name.endswith(".iso"):
            try:
                isos.append((entry.stat().st_mtime, entry.path))
            except FileNotFoundError:
                pass                    # a concurrent run removed it
    for _, path in sorted(isos, reverse=True)[keep:]:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


def _iso_is_current(iso, deps):
    """Whether iso exists and is newer than each of deps."""
    try:
        built = os.path.getmtime(iso)
    except FileNotFoundError:
        return False
    return all(os.path.getmtime(d) <= built for d in deps)


def iso_for(kernel, cmdline):
    """The boot ISO for this command line, rebuilt when the kernel is newer;
    building one prunes build/iso/ to the ISO_KEEP most recently used."""
    cmdline_words(cmdline)              # one clear line for a bad quote, not mkiso's
    key = hashlib.sha1((os.path.realpath(kernel) + "\0" + cmdline).encode()).hexdigest()[:12]
    iso_dir = os.path.join(BUILD, "iso")
    os.makedirs(iso_dir, exist_ok=True)
    iso = os.path.join(iso_dir, "atlas-%s.iso" % key)
    deps = [kernel, os.path.join(ROOT, "iso", "grub.cfg"), os.path.join(ROOT, "scripts", "mkiso"),
            os.path.join(ROOT, "scripts", "kcmdline.py")]
    initramfs = os.path.join(os.path.dirname(kernel), "initramfs.cpio")
    if os.path.exists(initramfs):
        deps.append(initramfs)          # mkiso packs it as the multiboot2 module
    if not os.path.exists(kernel):
        fail("no kernel at %s (run make)" % kernel)
    if _iso_is_current(iso, deps):
        try:
            os.utime(iso)               # most recently used: the last a prune removes
            return iso
        except FileNotFoundError:
            pass                        # a concurrent run pruned it just now
    r = subprocess.run([os.path.join(ROOT, "scripts", "mkiso"), kernel, cmdline, iso])
    if r.returncode != 0:
        sys.exit(2)                     # mkiso said why, in one line
    prune_isos(iso_dir)
    return iso


def qemu_args():
    """QEMU_ARGS split as a shell would split it."""
    try:
        return shlex.split(os.environ.get("QEMU_ARGS", ""))
    except ValueError as e:
        fail("cannot split QEMU_ARGS: %s" % e)


def names_accel(args):
    """Whether QEMU arguments choose an accelerator (-accel, -enable-kvm or
    -machine accel=).  QEMU uses the first -accel that initialises and refuses
    -accel together with -machine accel=, so the launcher then adds none."""
    flags = ["-" + arg.lstrip("-") for arg in args]
    if "-accel" in flags or "-enable-kvm" in flags:
        return True
    return any(part.startswith("accel=")
               for value in _options(args, ("-machine", "-M")) for part in value.split(","))


def qemu_command(iso, machine=DEFAULT_MACHINE, mem=DEFAULT_MEM, smp=DEFAULT_SMP,
                 firmware=None, accel=None, extra=None, no_reboot=False,
                 debug_exit=True, gdb=None):
    """QEMU's argv; extra (default: qemu_args()) comes last, so it overrides,
    and an accelerator it names replaces the launcher's.  gdb: the gdb stub's
    TCP port, QEMU then starts halted."""
    firmware = firmware or os.environ.get("FIRMWARE") or "bios"
    if firmware not in ("bios", "uefi"):
        fail("FIRMWARE must be bios or uefi, not %r" % firmware)
    if extra is None:
        extra = qemu_args()
    cmd = ["qemu-system-x86_64", "-machine", machine, "-m", str(mem), "-smp", str(smp)]
    if not names_accel(extra):
        cmd += ["-accel", choose_accel(accel)]
    cmd += ["-cdrom", iso, "-boot", "d", "-display", "none", "-vga", "none", "-net", "none"]
    if firmware == "uefi":
        cmd += ovmf_pflash_args()
    if debug_exit:
        cmd += ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if no_reboot:
        cmd += ["-no-reboot"]
    if gdb:
        cmd += ["-gdb", "tcp:127.0.0.1:%d" % int(gdb), "-S"]
    return cmd + extra


def _options(cmd, names):
    """The values given to any of the options `names` in argv order."""
    values = []
    for i, arg in enumerate(cmd[:-1]):
        if arg.startswith("--"):
            arg = arg[1:]
        if arg in names:
            values.append(cmd[i + 1])
    return values


def _merged_machine(values):
    """-machine options merge as QEMU merges them: the last type wins, and
    later properties override earlier ones (-machine hpet=off keeps q35)."""
    kind, props = None, {}
    for value in values:
        for part in value.split(","):
            key, eq, val = part.partition("=")
            if not eq:
                kind = part
            elif key == "type":
                kind = val
            else:
                props[key] = val
    return ",".join([kind or "pc"] + ["%s=%s" % kv for kv in props.items()])


def _first_accel(cmd):
    """The accelerator QEMU tries first: -accel and -enable-kvm (-accel kvm)
    in argv order; the first that initialises is used, and TCG always does."""
    for i, arg in enumerate(cmd):
        arg = "-" + arg.lstrip("-")
        if arg == "-enable-kvm":
            return "kvm"
        if arg == "-accel" and i + 1 < len(cmd):
            value = cmd[i + 1]
            return value[len("accel="):] if value.startswith("accel=") else value
    return None


def describe(cmd):
    """What QEMU really gets from argv: '-machine q35 -m 512M -smp 2 -cpu
    qemu64, SeaBIOS, tcg' (the last -m, -smp, -cpu win, as in QEMU; the
    first accelerator)."""
    def last(names, default):
        values = _options(cmd, names)
        return values[-1] if values else default

    machine = _merged_machine(_options(cmd, ("-machine", "-M")))
    accel = _first_accel(cmd)
    for part in machine.split(",")[1:]:
        if part.startswith("accel="):
            accel = part[len("accel="):]
    bios = _options(cmd, ("-bios",))
    pflash = [d for d in _options(cmd, ("-drive",)) if "if=pflash" in d] + _options(cmd, ("-pflash",))
    if bios:
        firmware = "firmware %s" % bios[-1]
    elif pflash:
        code = pflash[0].rsplit("file=", 1)[-1].split(",")[0]
        firmware = "UEFI (%s on pflash)" % os.path.basename(code)
    else:
        firmware = "SeaBIOS"
    return "-machine %s -m %s -smp %s -cpu %s, %s, %s" % (
        machine, last(("-m",), "128M"), last(("-smp",), "1"), last(("-cpu",), "qemu64"),
        firmware, (accel or "tcg").split(",")[0])


def explain_status(status, cmdline=""):
    """Map QEMU's exit status to (our exit status, message or None)."""
    if status in (EXIT_POWEROFF, 0):
        return 0, None
    if status == EXIT_PANIC:
        return 1, "Atlas: kernel panic (see the log above)"
    if status == EXIT_BOOT_FAILED:
        return 1, "Atlas: the boot stub stopped (see its message above)"
    if status == EXIT_FAILURE:
        words = [w.split("=")[0] for w in kcmdline.split(cmdline)]
        if "selftest" in words:
            return 1, "Atlas: self-tests failed"
        return 1, "Atlas: the boot-time run failed"
    return status, "qemu exited with status %d" % status


class LineEvents:
    """Counts the prompts the monitor's line editor prints for input bytes:
    one per end of line (CR, LF, Ctrl-C) and one per Ctrl-L redraw, across
    reads (a CR LF pair split between two reads is still one)."""

    def __init__(self):
        self.count, self.last_cr = 0, False

    def feed(self, data):
        for byte in data:
            if byte == LF and self.last_cr:
                pass
            elif byte in (CR, LF, CTRL_C, CTRL_L):
                self.count += 1
            self.last_cr = byte == CR


class Run:
    """A QEMU run with the serial port on pipes: output is copied to `echo`
    (a binary stream or None) and collected.  Input, once the first prompt
    appears, is `input_data` (bytes, sent at once) or `input_stream` (a file,
    copied as it arrives); with `stop_at_end_of_input`, QEMU is stopped at the
    prompt that follows the stream's last line (`boot_prompts`: how many
    prompts run= prints first).  `wait()` returns QEMU's exit status, or None
    on timeout; `ended_with_input` says the end of the input stopped it."""

    def __init__(self, cmd, input_data=b"", echo=None, log_path=None, timeout=None,
                 input_stream=None, stop_at_end_of_input=False, boot_prompts=0,
                 init_program=False):
        self.proc = subprocess.Popen(cmd + ["-serial", "stdio"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.output = bytearray()
        self.input_data, self.input_stream = input_data, input_stream
        self.echo = echo
        self.log = open(log_path, "wb") if log_path else None
        self.timeout = timeout
        self.prompt_seen = threading.Event()
        self.prompts = 0                    # prompts in the output so far
        self.prompts_wanted = None          # set when the input has ended
        self.stop_at_end_of_input = stop_at_end_of_input
        self.boot_prompts = boot_prompts
        self.init_program = init_program    # no monitor prompt: go by INIT_STARTED and quiet
        self.last_output = time.monotonic()
        self.ended_with_input = False
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.writer = threading.Thread(target=self._write, daemon=True)
        self.writer.start()

    def _read(self):
        scanned = 0                         # output before this has been counted
        while True:
            chunk = self.proc.stdout.read1(4096)
            if not chunk:
                break
            self.output += chunk
            self.last_output = time.monotonic()
            if self.init_program and INIT_STARTED in self.output[max(0, scanned - 64):]:
                self.prompt_seen.set()
            if self.echo:
                self.echo.write(chunk)
                self.echo.flush()
            if self.log:
                self.log.write(chunk)
                self.log.flush()
            found = self.output.count(PROMPT, scanned)
            scanned = max(scanned, len(self.output) - len(PROMPT) + 1)
            if found:
                with self.lock:
                    self.prompts += found
                self.prompt_seen.set()
                self._maybe_stop()

    def _maybe_stop(self):
        """Stop QEMU once the input has ended and every line of it has been
        answered with a prompt."""
        with self.lock:
            done = self.prompts_wanted is not None and self.prompts >= self.prompts_wanted
            if done and not self.ended_with_input:
                self.ended_with_input = True
                self.proc.kill()

    def _write(self):
        if self.input_stream is None and not self.input_data:
            return
        self.prompt_seen.wait()
        if self.init_program:
            self._wait_quiet(QUIET_START, QUIET_START_MAX)
        try:
            if self.input_stream is None:
                self._send(self.input_data)
                return
            self._copy_stream()
        except (BrokenPipeError, ValueError, OSError):
            pass

    def _copy_stream(self):
        lines = LineEvents()
        fd = self.input_stream.fileno()
        while True:
            data = os.read(fd, 4096)
            if not data:
                break
            lines.feed(data)
            self._send(data)
        if self.stop_at_end_of_input and self.init_program:
            self._wait_quiet(QUIET_END, None)
            with self.lock:
                if self.proc.poll() is None:    # not when the input's poweroff ended it
                    self.ended_with_input = True
                    self.proc.kill()
        elif self.stop_at_end_of_input:
            with self.lock:
                # the first interactive prompt, then one per line sent and
                # one per Ctrl-L
                self.prompts_wanted = self.boot_prompts + 1 + lines.count
            self._maybe_stop()

    def _send(self, data):
        """Copy data to the serial port.  In an init= boot, each Ctrl-] (the
        switch between the program and the monitor) waits until the console
        has been quiet for a moment, so that whoever had the console has
        answered (echoed, run) what was typed before the switch, and its
        output does not run into the other side's."""
        parts = data.split(b"\x1d") if self.init_program else [data]
        for i, part in enumerate(parts):
            if i:
                self.proc.stdin.flush()
                self._wait_quiet(QUIET_SWITCH, QUIET_SWITCH_MAX)
                self.proc.stdin.write(b"\x1d")
            self.proc.stdin.write(part)
        self.proc.stdin.flush()

    def _wait_quiet(self, quiet, limit):
        """Until the console has printed nothing for `quiet` seconds (at most
        `limit` seconds in all, when given) or QEMU has gone."""
        start = time.monotonic()
        while self.proc.poll() is None:
            now = time.monotonic()
            if now - self.last_output >= quiet or (limit and now - start >= limit):
                return
            time.sleep(0.1)

    def wait(self):
        try:
            status = self.proc.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            status = None
        self.reader.join(timeout=5)
        if self.log:
            self.log.close()
        return status


def parse_args():
    env = os.environ.get
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", default=os.path.join(BUILD, "atlas.elf"))
    ap.add_argument("--cmdline", default=env("CMDLINE", ""))
    ap.add_argument("--machine", default=env("MACHINE") or DEFAULT_MACHINE)
    ap.add_argument("--mem", default=env("MEM") or DEFAULT_MEM)
    ap.add_argument("--smp", default=env("SMP") or DEFAULT_SMP)
    ap.add_argument("--firmware", default=None)
    ap.add_argument("--accel", default=None)
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds before QEMU is stopped (piped input only)")
    ap.add_argument("--gdb", type=int, metavar="PORT",
                    help="start halted with a gdb stub on localhost:PORT")
    ap.add_argument("--print-command", action="store_true",
                    help="print QEMU's command line instead of running it")
    ap.add_argument("--print0", action="store_true",
                    help="with --print-command: one NUL-terminated argument each")
    args = ap.parse_args()
    if not args.smp.isdigit() or int(args.smp) < 1:
        fail("SMP must be a number of CPUs, not %r" % args.smp)
    return args


def run_piped(cmd, args):
    """Serial port on pipes, standard input streamed after the first prompt."""
    run = Run(cmd, echo=sys.stdout.buffer, log_path=os.path.join(BUILD, "run.log"),
              timeout=args.timeout, input_stream=sys.stdin.buffer,
              stop_at_end_of_input=True, boot_prompts=boot_prompts(args.cmdline),
              init_program=runs_init(args.cmdline))
    status = run.wait()
    if run.ended_with_input:
        sys.stderr.write("\nqemu.py: the input ended without poweroff; stopped QEMU at the prompt\n")
        return 0
    if status is None:
        sys.stderr.write("\nqemu.py: stopped QEMU after %s s\n" % args.timeout)
        return 124
    return status


def main():
    args = parse_args()
    iso = iso_for(args.kernel, args.cmdline)
    extra = qemu_args()
    cmd = qemu_command(iso, args.machine, args.mem, args.smp, args.firmware, args.accel,
                       extra=extra, debug_exit=not args.gdb, gdb=args.gdb)
    if args.print_command:
        if args.print0:
            sys.stdout.write("".join(arg + "\0" for arg in cmd))
        else:
            print(" ".join(shlex.quote(c) for c in cmd))
        return 0
    tty = sys.stdin.isatty()
    sys.stderr.write("qemu.py: %s%s%s\n" % (
        describe(cmd), " (QEMU_ARGS chose it)" if names_accel(extra) else "",
        "" if tty else "; input is sent from the first prompt"))
    if tty:
        status = subprocess.run(cmd + ["-serial", "mon:stdio"]).returncode
    else:
        status = run_piped(cmd, args)
        if status in (0, 124):
            return status
    code, message = explain_status(status, args.cmdline)
    if message:
        sys.stderr.write("\n%s\n" % message)
    return code


if __name__ == "__main__":
    sys.exit(main())

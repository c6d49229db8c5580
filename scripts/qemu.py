#!/usr/bin/env python3
"""Boot Atlas in QEMU: the launcher behind `make run`, `make test` and `make bench`.

  scripts/qemu.py --kernel build/atlas.elf [--cmdline "..."] [--machine q35]
                  [--mem 512M] [--smp 2] [--firmware bios|uefi] [--accel tcg|kvm]

Environment: ACCEL=tcg|kvm, FIRMWARE=bios|uefi, QEMU_ARGS="..." (appended).

The accelerator is KVM only where a real KVM is usable: /dev/kvm must be
readable and writable and must not come from kvm_pvm, a nested page-table
based KVM under which guests run far slower than under TCG (DESIGN.md).

On a terminal the serial console is the terminal (Ctrl-A X quits QEMU).  With
standard input from a pipe or file, the launcher holds the input back until
the kernel's first "atlas> " prompt (the firmware and GRUB would otherwise read
it), then feeds it to the serial port.

QEMU's isa-debug-exit device lets the kernel choose QEMU's exit status; this
script maps it back: poweroff -> 0, kernel panic -> 1, boot failure -> 1.
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

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
PROMPT = b"atlas> "
# UEFI as libvirt boots it: the firmware's code read-only on pflash unit 0, and a
# private, writable copy of its variable store on unit 1.  (The single-file
# OVMF.fd is another build, which places the ACPI tables and RAM differently.)
OVMF_DIRS = ["/usr/share/OVMF", "/usr/share/qemu"]
OVMF_CODE = "OVMF_CODE_4M.fd"
OVMF_VARS = "OVMF_VARS_4M.fd"

# isa-debug-exit: QEMU exits with (value << 1) | 1; see include/asm/qemu.h
EXIT_POWEROFF = (0x10 << 1) | 1
EXIT_PANIC = (0x11 << 1) | 1
EXIT_BOOT_FAILED = (0x03 << 1) | 1


def choose_accel(requested=None):
    """'kvm' where a real KVM is usable, else 'tcg' (ACCEL overrides)."""
    accel = requested or os.environ.get("ACCEL") or ""
    if accel in ("tcg", "kvm"):
        return accel
    if accel:
        sys.exit("qemu.py: ACCEL must be tcg or kvm, not %r" % accel)
    if os.path.exists("/sys/module/kvm_pvm"):
        return "tcg"            # nested kvm_pvm: slower than TCG
    if os.access("/dev/kvm", os.R_OK | os.W_OK):
        return "kvm"
    return "tcg"


def find_ovmf():
    """(code, vars template) of the 4 MiB OVMF build."""
    for d in OVMF_DIRS:
        code, varstore = os.path.join(d, OVMF_CODE), os.path.join(d, OVMF_VARS)
        if os.path.exists(code) and os.path.exists(varstore):
            return code, varstore
    sys.exit("qemu.py: no OVMF firmware found (%s and %s in %s); run scripts/install-deps"
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


def iso_for(kernel, cmdline):
    """The boot ISO for this command line, rebuilt when the kernel is newer."""
    key = hashlib.sha1((os.path.realpath(kernel) + "\0" + cmdline).encode()).hexdigest()[:12]
    iso_dir = os.path.join(BUILD, "iso")
    os.makedirs(iso_dir, exist_ok=True)
    iso = os.path.join(iso_dir, "atlas-%s.iso" % key)
    deps = [kernel, os.path.join(ROOT, "iso", "grub.cfg"), os.path.join(ROOT, "scripts", "mkiso")]
    if not os.path.exists(iso) or any(os.path.getmtime(d) > os.path.getmtime(iso) for d in deps):
        subprocess.run([os.path.join(ROOT, "scripts", "mkiso"), kernel, cmdline, iso], check=True)
    return iso


def qemu_command(iso, machine="q35", mem="512M", smp=2, firmware=None, accel=None,
                 extra=None, no_reboot=False, debug_exit=True, gdb=False):
    firmware = firmware or os.environ.get("FIRMWARE") or "bios"
    if firmware not in ("bios", "uefi"):
        sys.exit("qemu.py: FIRMWARE must be bios or uefi, not %r" % firmware)
    cmd = ["qemu-system-x86_64", "-machine", machine, "-m", str(mem), "-smp", str(smp),
           "-accel", choose_accel(accel), "-cdrom", iso, "-boot", "d",
           "-display", "none", "-vga", "none", "-net", "none"]
    if firmware == "uefi":
        cmd += ovmf_pflash_args()
    if debug_exit:
        cmd += ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if no_reboot:
        cmd += ["-no-reboot"]
    if gdb:
        cmd += ["-s", "-S"]
    cmd += extra if extra is not None else shlex.split(os.environ.get("QEMU_ARGS", ""))
    return cmd


def explain_status(status):
    """Map QEMU's exit status to (our exit status, message or None)."""
    if status == EXIT_POWEROFF:
        return 0, None
    if status == EXIT_PANIC:
        return 1, "Atlas: kernel panic (see the log above)"
    if status == EXIT_BOOT_FAILED:
        return 1, "Atlas: the boot stub stopped (see its message above)"
    if status == 0:
        return 0, None
    return status, "qemu exited with status %d" % status


class Run:
    """A QEMU run with the serial port on pipes: output is copied to `echo`
    (a binary stream or None) and collected; input is sent after the first
    prompt.  `wait()` returns QEMU's exit status, or None on timeout."""

    def __init__(self, cmd, input_data=b"", echo=None, log_path=None, timeout=None):
        self.proc = subprocess.Popen(cmd + ["-serial", "stdio"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.output = bytearray()
        self.input_data = input_data
        self.echo = echo
        self.log = open(log_path, "wb") if log_path else None
        self.timeout = timeout
        self.prompt_seen = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.writer = threading.Thread(target=self._write, daemon=True)
        self.writer.start()

    def _read(self):
        while True:
            chunk = self.proc.stdout.read1(4096)
            if not chunk:
                break
            self.output += chunk
            if self.echo:
                self.echo.write(chunk)
                self.echo.flush()
            if self.log:
                self.log.write(chunk)
                self.log.flush()
            if not self.prompt_seen.is_set() and PROMPT in self.output:
                self.prompt_seen.set()

    def _write(self):
        if not self.input_data:
            return
        self.prompt_seen.wait()
        try:
            self.proc.stdin.write(self.input_data)
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass

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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", default=os.path.join(BUILD, "atlas.elf"))
    ap.add_argument("--cmdline", default="")
    ap.add_argument("--machine", default="q35")
    ap.add_argument("--mem", default="512M")
    ap.add_argument("--smp", default=2, type=int)
    ap.add_argument("--firmware", default=None)
    ap.add_argument("--accel", default=None)
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds before QEMU is stopped (piped input only)")
    ap.add_argument("--gdb", action="store_true", help="start halted with a gdb stub on :1234")
    ap.add_argument("--print-command", action="store_true")
    args = ap.parse_args()

    iso = iso_for(args.kernel, args.cmdline)
    cmd = qemu_command(iso, args.machine, args.mem, args.smp, args.firmware, args.accel,
                       debug_exit=not args.gdb, gdb=args.gdb)
    if args.print_command:
        print(" ".join(shlex.quote(c) for c in cmd))
        return 0
    sys.stderr.write("qemu.py: %s accelerator, %s firmware, -machine %s -m %s -smp %d%s\n" % (
        choose_accel(args.accel), args.firmware or os.environ.get("FIRMWARE") or "bios",
        args.machine, args.mem, args.smp,
        "" if sys.stdin.isatty() else "; input is sent at the first prompt"))
    if sys.stdin.isatty():
        status = subprocess.run(cmd + ["-serial", "mon:stdio"]).returncode
    else:
        run = Run(cmd, sys.stdin.buffer.read(), echo=sys.stdout.buffer,
                  log_path=os.path.join(BUILD, "run.log"), timeout=args.timeout)
        status = run.wait()
        if status is None:
            sys.stderr.write("\nqemu.py: stopped QEMU after %s s\n" % args.timeout)
            return 124
    code, message = explain_status(status)
    if message:
        sys.stderr.write("\n%s\n" % message)
    return code


if __name__ == "__main__":
    sys.exit(main())

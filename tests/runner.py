#!/usr/bin/env python3
"""The host side of `make test` and `make test-matrix`.

make test:
  1. host unit tests (the pure kernel code under ASan/UBSan),
  2. the in-guest self-tests (KTAP over serial) on -machine pc and q35, 512M,
     whose BIOS-e820 lines are also compared with what Linux printed on the
     same machines (tests/data/), and on the q35 with QEMU's edu that Linux's
     user-space reference was made on,
  3. boot checks (a CPU without long mode gets a readable refusal),
  4. the launcher as a user drives it: the README's `make run` examples and a
     pipe driven step by step (tests/launch_check.py),
  5. a scripted gdb session (tests/gdb_check.py),
  6. the tools: the KTAP parser, tests/ktap.py's plain KTAP and prove, the
     recorded build flags, make compdb
     (tests/tools_check.py),
  6b. the labs' quick checks (tests/labs_check.py): markers, the cutter, the
     grader (bad grade files; one graded boot), every
     grade file's cases present and passing in this run's logs, the cut trees,
  7. user space, on pc and q35 machines with an edu and 2 CPUs: the monitor
     runs user/utest (a static musl program printing KTAP, checked as the
     kernel's suites are) twice in one boot, then user/edu-walk.sh (the edu
     from sysfs to /dev/mem to UIO and back, with Linux's values on its
     machine); on pc the kernel's device suites first, on q35 user/fault's
     faults after (Linux's segfault line, and the monitor goes on).
make test-matrix: the self-tests on pc/128M, pc/32M, q35/512M/2 CPUs,
q35/5G/4 CPUs with an edu, q35/2G and pc/512M under UEFI (OVMF) with an edu,
pc with an edu, Linux's q35 user-space reference machine, without an HPET,
behind a PCI bridge (an edu too),
on CPUs without NX, without PAT, and with every feature (-cpu max); and SMP:
-smp 1, 4 and 8, nosmp, maxcpus=2, nr_cpus=3, -cpu max,+x2apic with 4 CPUs,
2 CPUs of 4 possible (the MADT's disabled entries: hotplug CPUs), and a CPU that never calls in (smpboot.stuck=2: reported after Linux's 10 s).
Every self-test boot also checks Linux's SMP boot lines and their counts.

Every failure is shown with its log; serial logs are kept in build/test-logs/;
the last line is "N passed, N failed" (", N skipped" when some were).
A panic, triple fault, hang or malformed KTAP fails with that reason.
"""
import argparse
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, HERE)
import ktap   # noqa: E402
import qemu   # noqa: E402

LOG_DIR = os.path.join(ROOT, "build", "test-logs")
SUITE_LIST = re.compile(r"^[a-z0-9_]+(,[a-z0-9_]+)*$")    # what SUITES= may be


# Seconds one boot may take before it counts as a hang.  Only a hang takes this
# long: q35 with 5G already needs about 20 s idle, and a busy host may double it.
BOOT_TIMEOUT = 180


class Config:
    def __init__(self, name, machine, mem, smp=1, firmware="bios", timeout=BOOT_TIMEOUT,
                 reference=None, extra=(), cmdline="", cpus_up=None, stuck=None):
        self.name, self.machine, self.mem, self.smp = name, machine, mem, smp
        self.firmware, self.timeout, self.reference = firmware, timeout, reference
        self.extra = list(extra)
        self.cmdline = cmdline          # added to the selftest command line
        self.cpus_up = smp if cpus_up is None else cpus_up     # CPUs the boot should bring up
        self.stuck = stuck              # smpboot.stuck=N: the CPU reported and left out


# The devices of the machines Linux's reference was made on (QEMU's defaults):
# a VGA card and an e1000 (pc) or e1000e (q35) network card.
PC_DEVICES = ["-vga", "std", "-nic", "user,model=e1000"]
Q35_DEVICES = ["-vga", "std", "-nic", "user,model=e1000e"]


# QEMU's edu, the teaching device (PCI 1234:11e8), on the machine Linux's
# user-space reference (q35-1G-devs-user) was made on: its devices put edu at
# 0000:00:04.0 with BAR 0 at 0xfea00000, INTx on GSI 20.
EDU = ["-device", "edu"]
Q35_1G_DEVS = Q35_DEVICES + ["-device", "virtio-net-pci"] + EDU + [
    "-device", "pci-bridge,chassis_nr=1,id=b1", "-device", "e1000,bus=b1,addr=1",
    "-device", "ivshmem-plain,memdev=m0", "-object", "memory-backend-ram,id=m0,size=64M"]

TEST_CONFIGS = [
    Config("pc-512M", "pc", "512M", 2, reference="pc-512M", extra=PC_DEVICES),
    Config("q35-512M", "q35", "512M", 2, reference="q35-512M", extra=Q35_DEVICES),
    Config("q35-1G-devs", "q35", "1G", 2, extra=Q35_1G_DEVS),
]
# The user-space boots: an edu on each machine type (pc: 0000:00:04.0 on IRQ 10).
USER_CONFIGS = [
    Config("pc-512M-edu", "pc", "512M", 2, extra=PC_DEVICES + EDU),
    Config("q35-1G-devs", "q35", "1G", 2, extra=Q35_1G_DEVS),
]
# The kernel suites about devices from user space, run at the monitor in the
# pc user boot (the q35 machine with an edu runs every suite in its own boot).
EDU_SUITES = "edu,uio,sysfs,irq,pci_driver,dma,devmem"
MATRIX_CONFIGS = [
    Config("pc-128M", "pc", "128M", 1),
    Config("q35-512M", "q35", "512M", 2, reference="q35-512M", extra=Q35_DEVICES),
    # an edu with RAM above its 28-bit DMA reach: DMA must come from below 256 MiB
    Config("q35-5G", "q35", "5G", 4, extra=EDU),
    # with the reference devices: OVMF leaves the NIC's ROM for Linux-style assignment
    Config("uefi-q35-2G", "q35", "2G", 2, firmware="uefi", extra=Q35_DEVICES + EDU),
    Config("uefi-pc-512M", "pc", "512M", 2, firmware="uefi", extra=PC_DEVICES + EDU),
    Config("pc-edu", "pc", "256M", 2, extra=EDU),
    Config("q35-1G-devs", "q35", "1G", 2, extra=Q35_1G_DEVS),
    Config("q35-nohpet", "q35,hpet=off", "512M", 2),
    Config("pc-nohpet", "pc,hpet=off", "512M", 2),
    # a PCI-to-PCI bridge with a device behind it: enumeration must follow it
    Config("pc-bridge", "pc", "256M", 1,
           extra=["-device", "pci-bridge,chassis_nr=1,id=br1", "-device", "e1000,bus=br1,addr=1",
                  "-device", "edu,bus=br1,addr=2"]),
    # small and unusual machines: what cannot apply skips, nothing fails
    Config("pc-32M", "pc", "32M", 1),
    Config("q35-nonx", "q35", "512M", 2, extra=["-cpu", "qemu64,-nx"]),
    Config("q35-nopat", "q35", "512M", 2, extra=["-cpu", "qemu64,-pat"]),
    Config("q35-cpu-max", "q35", "512M", 2, extra=["-cpu", "max"]),
    # SMP: 1, 4 and 8 CPUs; the limits nosmp, maxcpus=, nr_cpus=; x2APIC where the
    # CPU has it (QEMU 7.2's TCG does not offer it: -cpu max,+x2apic runs xAPIC,
    # the suite checks the mode matches CPUID); a CPU that never calls in
    Config("q35-smp1", "q35", "512M", 1),
    Config("q35-smp4", "q35", "512M", 4),
    Config("q35-smp8", "q35", "1G", 8),
    Config("pc-smp8", "pc", "512M", 8),
    Config("q35-nosmp", "q35", "512M", 4, cmdline="nosmp", cpus_up=1),
    Config("q35-maxcpus2", "q35", "512M", 4, cmdline="maxcpus=2", cpus_up=2),
    Config("q35-nr_cpus3", "q35", "512M", 4, cmdline="nr_cpus=3", cpus_up=3),
    Config("q35-smp4-cpu-max", "q35", "512M", 4, extra=["-cpu", "max,+x2apic"]),
    Config("q35-hotplug", "q35", "512M", 2, extra=["-smp", "2,maxcpus=4"]),
    Config("q35-smp4-stuck", "q35", "512M", 4, cmdline="smpboot.stuck=2", cpus_up=3, stuck=2),
]


class Tally:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def add(self, ok, skipped=False):
        if skipped:
            self.skipped += 1
        elif ok:
            self.passed += 1
        else:
            self.failed += 1

    def line(self):
        s = "%d passed, %d failed" % (self.passed, self.failed)
        return s + (", %d skipped" % self.skipped if self.skipped else "")


def heading(text):
    print("\n== %s" % text, flush=True)


def indent(lines, prefix="      | "):
    return "\n".join(prefix + l for l in lines)


def boot(kernel, cfg, cmdline, extra=None, name=None):
    """Boot once; returns (QEMU status or None on timeout, serial text, log path)."""
    os.makedirs(LOG_DIR, exist_ok=True)
    log = os.path.join(LOG_DIR, "%s.log" % (name or cfg.name))
    iso = qemu.iso_for(kernel, cmdline)
    cmd = qemu.qemu_command(iso, cfg.machine, cfg.mem, cfg.smp, cfg.firmware,
                            extra=cfg.extra + (extra or []), no_reboot=True)
    run = qemu.Run(cmd, b"", log_path=log, timeout=cfg.timeout)
    status = run.wait()
    return status, run.output.decode("utf-8", "replace"), log


def why_it_ended_badly(status, text, cfg, rep):
    """None if QEMU ended as a self-test boot should (the kernel powered off,
    or exited with status 37 after cases failed), else the reason in words."""
    panic = re.search(r"Kernel panic - not syncing: (.*)", text)
    if panic:
        return "kernel panic: %s" % panic.group(1).strip()
    if status is None:
        return "timeout: no power-off within %d s (a hang?)" % cfg.timeout
    if status == qemu.EXIT_FAILURE:
        if rep.failed_suites():
            return None         # the KTAP says which cases failed
        return "the kernel exited with status 37 (tests failed) but its KTAP shows no failure"
    if status == qemu.EXIT_POWEROFF:
        return "ACPI S5 did not power off: the kernel fell back to isa-debug-exit"
    if status == 0 and "reboot: Power down" in text:
        return None             # ACPI S5: QEMU exits with 0
    if status == qemu.EXIT_BOOT_FAILED:
        return "the boot stub refused to start (see the log)"
    if status == 0:
        return "QEMU stopped without a power-off: the guest reset (a triple fault?)"
    return "QEMU exited with status %s" % status


def tail(text, n=15):
    return [ktap.strip(l) for l in text.splitlines()[-n:]]


def kernel_knows(kernel, text):
    """Whether the kernel image contains this string (a parameter name)."""
    with open(kernel, "rb") as f:
        return text.encode() in f.read()


def report_suites(rep, tally):
    """One line per suite run, each failed case with its log."""
    for s in rep.suites:
        counts = {k: sum(c.status == k for c in s.cases) for k in ("pass", "fail", "skip")}
        print("  %-20s %3d passed %3d failed%s%s" % (
            s.label(), counts["pass"], counts["fail"],
            " %3d skipped" % counts["skip"] if counts["skip"] else "",
            "  # " + s.reason if s.reason else ""))
        for c in s.cases:
            tally.add(c.status == "pass", c.status == "skip")
            if c.status == "fail":
                print("    FAIL %s: %s" % (s.label(), c.name))
                print(indent(c.log or ["(no output)"]))
        if s.result == "fail" and not counts["fail"]:
            tally.add(False)
            print("    FAIL %s: %s" % (s.label(), s.reason or "the suite failed"))


def missing_runs(rep, suites, repeat, kernel):
    """What did not run that was asked for, in words (empty if all did)."""
    problems = []
    runs = {}
    for s in rep.suites:
        runs[s.name] = runs.get(s.name, 0) + 1
    for name in suites.split(",") if suites else []:
        if name not in runs:
            problems.append("suite %s was asked for and did not run" % name)
    if repeat > 1 and kernel_knows(kernel, "selftest.repeat"):
        problems += ["selftest.repeat=%d ran suite %s %d time(s)" % (repeat, n, k)
                     for n, k in runs.items() if k != repeat]
    elif repeat > 1:
        print("  (this kernel does not know selftest.repeat: each suite ran once)")
    return problems


def run_selftests(kernel, cfg, suites, tally, repeat=1):
    accel = qemu.choose_accel()
    heading("self-tests: %s (-machine %s -m %s -smp %d%s, %s, %s%s)" % (
        cfg.name, cfg.machine, cfg.mem, cfg.smp, "".join(" " + a for a in cfg.extra),
        cfg.firmware, accel, ", " + cfg.cmdline if cfg.cmdline else ""))
    cmdline = "selftest" + ("=" + suites if suites else "")
    if cfg.cmdline:
        cmdline += " " + cfg.cmdline
    if repeat > 1:
        cmdline += " selftest.repeat=%d" % repeat
    t0 = time.time()
    status, text, log = boot(kernel, cfg, cmdline)
    elapsed = time.time() - t0
    rep = ktap.parse(text)
    report_suites(rep, tally)
    problems = [p for p in [why_it_ended_badly(status, text, cfg, rep)] if p]
    problems += missing_runs(rep, suites, repeat, kernel)
    problems += ["malformed KTAP: %s" % e for e in rep.errors]
    for problem in problems:
        tally.add(False)
        print("  FAIL %s: %s" % (cfg.name, problem))
    if problems:
        print("      last lines of %s:" % os.path.relpath(log, ROOT))
        print(indent(tail(text)))
    print("  (%.1f s, log: %s)" % (elapsed, os.path.relpath(log, ROOT)))
    if status is not None:
        check_smp_lines(text, cfg, tally)
    if cfg.reference and not suites:
        compare_e820(text, cfg, accel, tally)
        compare_memory(text, cfg, tally)


def smp_lines(cfg):
    """Linux's SMP boot lines for cfg (arch/x86/kernel/smpboot.c, kernel/smp.c)."""
    n = cfg.cpus_up
    want = ["smpboot: CPU0: ",          # print_cpu_info: "AMD QEMU Virtual CPU ... (family: 0xf, ..."
            "smp: Bringing up secondary CPUs ...",
            "smp: Brought up 1 node, %d CPU%s" % (n, "s" if n > 1 else ""),
            "smpboot: Total of %d processors activated (" % n]
    kicked = [c for c in range(1, n + (1 if cfg.stuck else 0))]
    if kicked:
        width = len(str(cfg.smp)) + 1   # announce_cpu: digits of the possible count, + '#'
        announce = ".... node  #0, CPUs:  " + " " * (width + 1)
        announce += "".join(" " * (width - len(str(c))) + "#%d" % c for c in kicked)
        want += ["x86: Booting SMP configuration:", announce]
    if cfg.stuck:
        want.append("smpboot: do_boot_cpu failed(-1) to wakeup CPU#%d" % cfg.stuck)
    return want


def check_smp_lines(text, cfg, tally):
    """The SMP boot lines are Linux's, with this configuration's counts."""
    lines = [ktap.strip(l) for l in text.splitlines()]
    want = smp_lines(cfg)
    allowing = re.search(r"smpboot: Allowing (\d+) CPUs", text)
    if allowing:                        # SLUB's banner counts the possible CPUs too
        want.append("SLUB: HWalign=64, Order=0-3, MinObjects=8, CPUs=%s, Nodes=1" % allowing.group(1))
    missing = [w for w in want if not any(l.startswith(w) for l in lines)]
    tally.add(not missing)
    print("  %s SMP boot lines: %d CPU%s up, as Linux prints them" % (
        "ok  " if not missing else "FAIL", cfg.cpus_up, "s" if cfg.cpus_up > 1 else ""))
    if missing:
        print("      missing:")
        print(indent(missing))
        print(indent([l for l in lines if "smp" in l or "CPU" in l]))


def compare_e820(text, cfg, accel, tally):
    """The BIOS-e820 lines must be exactly Linux's on the same machine."""
    ref_path = os.path.join(HERE, "data", "linux-e820-%s-%s.txt" % (cfg.reference, accel))
    with open(ref_path) as f:
        want = [l.rstrip("\n") for l in f if l.strip()]
    got = [ktap.strip(l) for l in text.splitlines() if "BIOS-e820:" in l]
    ok = got == want
    tally.add(ok)
    print("  %s e820 map vs Linux's (%s, %s): %s" % (
        "ok  " if ok else "FAIL", cfg.reference, accel,
        "identical, %d entries" % len(got) if ok else "differs"))
    if not ok:
        print("      Linux:")
        print(indent(want))
        print("      Atlas:")
        print(indent(got))


def boot_check(kernel, tally, name, what, cmdline="", extra=None, input_data=b"",
               status_wanted=qemu.EXIT_POWEROFF, expect=()):
    """Boot once and require a QEMU status and some lines of output."""
    cfg = Config(name, "pc", "128M", 1, timeout=30)
    os.makedirs(LOG_DIR, exist_ok=True)
    log = os.path.join(LOG_DIR, "%s.log" % name)
    cmd = qemu.qemu_command(qemu.iso_for(kernel, cmdline), cfg.machine, cfg.mem, cfg.smp,
                            extra=extra or [], no_reboot=True)
    run = qemu.Run(cmd, input_data, log_path=log, timeout=cfg.timeout)
    status = run.wait()
    text = run.output.decode("utf-8", "replace").replace("\r\n", "\n")
    missing = [e for e in expect if e not in text]
    if status_wanted == qemu.EXIT_POWEROFF and status == 0:
        status = qemu.EXIT_POWEROFF     # ACPI S5 power-off: QEMU's own clean exit
    ok = status == status_wanted and not missing
    tally.add(ok)
    print("  %s %s" % ("ok  " if ok else "FAIL", what))
    if not ok:
        print("      QEMU status %s (wanted %s); missing: %s" % (status, status_wanted, missing))
        print(indent(tail(text)))


def compare_memory(text, cfg, tally):
    """The RAM seen must be Linux's to the page; MemTotal, once Linux's far
    larger kernel image is allowed for, within 2% of Linux's."""
    with open(os.path.join(HERE, "data", "linux-memory-%s.txt" % cfg.reference)) as f:
        ref = dict(l.strip().split("=") for l in f if "=" in l)
    m = re.search(r"Memory: (\d+)K/(\d+)K available", text)
    if not m:
        tally.add(False)
        print("  FAIL no 'Memory:' line in the log")
        return
    total, present = int(m.group(1)), int(m.group(2))
    linux_total, image = int(ref["memtotal_kb"]), int(ref["kernel_image_kb"])
    ok_present = present == int(ref["present_kb"])
    diff = (total - image - linux_total) * 100.0 / linux_total
    ok_total = abs(diff) <= 2.0
    tally.add(ok_present)
    tally.add(ok_total)
    print("  %s RAM seen: %dK, Linux %sK" % ("ok  " if ok_present else "FAIL", present,
                                               ref["present_kb"]))
    print("  %s MemTotal %dK less Linux's larger kernel image (%dK) = %dK, Linux %dK (%+.2f%%)"
          % ("ok  " if ok_total else "FAIL", total, image, total - image, linux_total, diff))


def run_boot_checks(kernel, tally):
    heading("boot checks")
    boot_check(kernel, tally, "no-long-mode",
               "a 32-bit CPU (-cpu qemu32) gets a readable refusal",
               extra=["-cpu", "qemu32"], status_wanted=qemu.EXIT_BOOT_FAILED,
               expect=["does not support long mode"])
    boot_check(kernel, tally, "long-cmdline",
               "a 4,000-character command line is reported and the kernel goes on",
               cmdline="run=e820 " + "x" * 4000, input_data=b"poweroff\n",
               expect=["command line of 4009 characters is too long",
                       "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable"])
    burst = b"".join(b"echo burst-%02d-%s\n" % (i, b"x" * 48) for i in range(64))
    boot_check(kernel, tally, "serial-burst",
               "a 4 KiB burst of input arrives intact (IRQ 4 into the ring buffer)",
               input_data=burst + b"poweroff\n",
               expect=["\nburst-%02d-%s\n" % (i, "x" * 48) for i in range(64)] +
               ["reboot: Power down"])
    flood = b"".join(b"echo flood-%03d\n" % i for i in range(800))
    boot_check(kernel, tally, "serial-flood",
               "11 KiB of input behind slow commands waits in QEMU (the ring holds back)",
               input_data=b"lspci -v\ndmesg\nptdump\nselftest slab\n" + flood + b"poweroff\n",
               expect=["\nflood-%03d\n" % i for i in range(800)] + ["reboot: Power down"])
    boot_check(kernel, tally, "serial-selftest-input",
               "the serial suite, run at the prompt, leaves the input typed after it alone",
               input_data=b"selftest serial\necho after\npoweroff\n",
               expect=["ok 1 serial\n", "atlas> echo after\nafter\n", "reboot: Power down"])
    failure = (0x12 << 1) | 1           # QEMU_EXIT_FAILURE: a boot-time run failed
    boot_check(kernel, tally, "unknown-names",
               "an unknown suite fails the run (KTAP, status 37); unknown parameters are named",
               cmdline="selftest=cmdline,nosuch selftest.repeat=2 foo bar=1",
               status_wanted=failure,
               expect=['Unknown kernel command line parameters "foo bar=1", will be passed',
                       "selftest: no suite named 'nosuch' (selftest=list names them)",
                       "] 1..4\n", "] ok 1 cmdline\n", "] not ok 2 nosuch # no such suite\n",
                       "] ok 3 cmdline\n", "] not ok 4 nosuch # no such suite\n"])
    boot_check(kernel, tally, "case-glob",
               "selftest=SUITE.GLOB runs the matching cases; a glob that matches none fails",
               cmdline="selftest=cmdline.*handles_quotes*,cmdline.zz",
               status_wanted=failure,
               expect=["selftest: no case of suite 'cmdline' matches 'zz' (selftest=list names them)",
                       "] 1..2\n", "]     1..1\n", "]     ok 1 cmdline_handles_quotes_and_repeats\n",
                       "] ok 1 cmdline\n", "] not ok 2 cmdline.zz # no such case\n"])
    boot_check(kernel, tally, "utest-case-glob",
               "utest SUITE.GLOB as selftest: empty entries skipped, a list of none and an "
               "empty glob refused in one line (status 2)",
               input_data=b"run /user/utest ,memory.brk*,memory.brk_grow_shrink,\n"
                          b"run /user/utest ,\nrun /user/utest memory.\npoweroff\n",
               expect=["\n1..1\n", "\n    1..1\n    ok 1 brk_grow_shrink\n",
                       "exit status 0\n",
                       "utest: ',' names no suite (utest list names them)\nexit status 2\n",
                       "utest: no case of suite 'memory' matches '' (utest list names them)\n"
                       "exit status 2\n", "reboot: Power down"])
    boot_check(kernel, tally, "bad-repeat",
               "selftest.repeat out of range: one line, and the suites run once",
               cmdline="selftest=cmdline selftest.repeat=11",
               expect=["selftest.repeat=11: not a number from 1 to 10; running once",
                       "] 1..1\n", "] ok 1 cmdline\n", "reboot: Power down"])
    boot_check(kernel, tally, "unknown-bench",
               "bench=nosuch: one line and a failed run (status 37)",
               cmdline="bench=nosuch", status_wanted=failure,
               expect=["bench: no benchmark name contains 'nosuch'"])
    boot_check(kernel, tally, "hpet-disable",
               "hpet=disable: the HPET is left alone and the APIC timer uses the TSC",
               cmdline="hpet=disable", input_data=b"hpet\npoweroff\n",
               expect=["hpet: disabled on the command line (hpet=disable)",
                       "(calibrated against the TSC)", "hpet: none on this machine",
                       "reboot: Power down"])
    boot_check(kernel, tally, "monitor-bad-input",
               "the monitor survives non-ASCII bytes, a 10,000-character line, bad commands",
               input_data=b"\xff\xfehelp\n" + b"y" * 10000 + b"\n" +
               b"nonsense 1 2\ncrash null\ne820\npoweroff\n",
               expect=["error: byte 0xff is not printable ASCII; line ignored",
                       "error: line longer than 255 characters; ignored",
                       "nonsense: unknown command",
                       "BUG: kernel NULL pointer dereference",
                       "atlas> e820\nBIOS-e820: [mem 0x0000000000000000",
                       "reboot: Power down"])


UTEST_RUNS = 2
FAULTS = [
    # (argument, the segfault line's error code (Linux's page-fault error bits, hex), signal)
    ("null", "4", "killed by signal 11 (SIGSEGV)"),      # user read, not present
    ("text", "7", "killed by signal 11 (SIGSEGV)"),      # user write, present (r-x)
    ("exec", "15", "killed by signal 11 (SIGSEGV)"),     # user fetch, present, NX
    ("kernel", "5", "killed by signal 11 (SIGSEGV)"),    # user read of a kernel page
    ("div0", None, "killed by signal 8 (SIGFPE)"),
]
SEGFAULT = r"fault\[\d+\]: segfault at [0-9a-f]+ ip [0-9a-f]{16} sp [0-9a-f]{16} error %s in fault\[[0-9a-f]+\+[0-9a-f]+\]"


def monitor_answers(text, command):
    """The output of each time the monitor ran command: the lines after its
    "atlas> command" line up to the next prompt."""
    parts = text.split("atlas> " + command + "\n")[1:]
    return [p.split("atlas> ")[0] for p in parts]


def check_utest_run(answer, label, tally):
    """One run of utest: its KTAP, every case passed, and exit status 0."""
    rep = ktap.parse(answer)
    for s in rep.suites:
        s.name = "utest." + s.name
    report_suites(rep, tally)
    problems = ["malformed KTAP: %s" % e for e in rep.errors]
    if not re.search(r"^exit status 0$", ktap.strip_all(answer), re.M):
        problems.append("utest did not end with 'exit status 0'")
    for p in problems:
        tally.add(False)
        print("  FAIL %s: %s" % (label, p))
    if problems:
        print(indent(tail(answer, 20)))


def check_faults(text, tally):
    """user/fault: Linux's segfault line, the signal, and the monitor goes on."""
    plain = ktap.strip_all(text)
    for arg, code, ended in FAULTS:
        answers = monitor_answers(plain, "run /user/fault " + arg)
        got = answers[0] if answers else ""
        ok = ended in got and (code is None or re.search(SEGFAULT % code, got))
        tally.add(bool(ok))
        print("  %s fault %s: %s%s" % ("ok  " if ok else "FAIL", arg,
                                       "segfault line with error %s, " % code if code else "",
                                       ended))
        if not ok:
            print(indent(got.splitlines()[-8:] or ["(no output)"]))
    ok = "atlas> echo after-faults\nafter-faults\n" in plain
    tally.add(ok)
    print("  %s the monitor goes on after the faults" % ("ok  " if ok else "FAIL"))


# What edu-walk.sh must print on the machine of Linux's user-space reference
# (q35-1G-devs-user: devmem.txt, sysfs-edu.txt, uio-sysfs.txt), where the
# facts are Linux's; and on any machine with an edu.
EDU_WALK_Q35_1G_DEVS = [
    "$ head -n 1 /sys/bus/pci/devices/0000:00:04.0/resource\n"
    "0x00000000fea00000 0x00000000feafffff 0x0000000000040200\nexit status 0\n",
    "  fea00000-feafffff : 0000:00:04.0\n    fea00000-feafffff : edu\n",
    "$ devmem 0x00000000fea00000 32\ndevmem: mmap: Operation not permitted\nexit status 1\n",
    "$ cat /sys/class/uio/uio0/maps/map0/addr\n0x00000000fea00000\nexit status 0\n",
    "$ cat /sys/class/uio/uio0/maps/map0/name\n0000:00:04.0\nexit status 0\n",
    "IO-APIC  20-fasteoi   uio_pci_generic\n",
    "$ devmem 0x00000000fea00000 32\n0x010000ED\nexit status 0\n",
]
EDU_WALK_ALL = [
    "$ readlink /sys/bus/pci/devices/%(slot)s/driver\n../../../bus/pci/drivers/edu\nexit status 0\n",
    "$ readlink /sys/bus/pci/devices/%(slot)s/driver\n"
    "../../../bus/pci/drivers/uio_pci_generic\nexit status 0\n",
    "$ cat /sys/class/uio/uio0/name\nuio_pci_generic\nexit status 0\n",
    "$ cat /sys/class/uio/uio0/version\n0.01.0\nexit status 0\n",
    "$ cat /sys/class/uio/uio0/maps/map0/size\n0x0000000000100000\nexit status 0\n",
    "$ cat /sys/class/uio/uio0/maps/map0/offset\n0x0\nexit status 0\n",
    "$ /user/eduuio\n", "$ /user/hpet\n", "$ /user/lsbars\n",
    "$ devmem 0xfed00000 32\n0x8086A201\nexit status 0\n",
    "$ devmem 0xfed00004 32\n0x00989680\nexit status 0\n",
    "$ devmem 0x100000 32\ndevmem: mmap: Operation not permitted\nexit status 1\n",
    "crw-------    1 0        0           1,   1 ",          # /dev/mem, as Linux's devnodes.txt
    "crw-------    1 0        0           1,   4 ",          # /dev/port
]


def check_edu_walk(answer, cfg, tally):
    """user/edu-walk.sh: every step, and the facts Linux showed on its machine.
    The kernel's own lines on the console (a refused /dev/mem mmap's "Program devmem
    tried to access /dev/mem ...", a driver's probe line) are left out first:
    Linux prints them too, but its transcripts hold only the programs' output."""
    answer = re.sub(r"(?m)^(Program \S+ tried to access /dev/mem between .*|"
                    r"(edu|uio_pci_generic|pci) [0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]: .*|"
                    r"ACPI: \\_SB_\..*)\n", "", answer)
    m = re.search(r"# edu \(1234:11e8\) = (\S+), BAR 0 at (\S+)", answer)
    slot = m.group(1) if m else "?"
    want = [w % {"slot": slot} for w in EDU_WALK_ALL]
    if cfg.name == "q35-1G-devs":
        want += EDU_WALK_Q35_1G_DEVS
    missing = [w for w in want if w not in answer]
    # the programs' steps end well, as do the binding steps
    for prog in ("/user/eduuio", "/user/hpet", "/user/lsbars", "echo %s > " % slot):
        for part in answer.split("$ " + prog)[1:]:
            if "\nexit status 0\n" not in part.split("\n$ ")[0] + "\n":
                missing.append("%s... to end with exit status 0" % prog)
    ok = bool(m) and not missing
    tally.add(ok)
    print("  %s edu-walk.sh: edu at %s, edu driver -> uio_pci_generic -> edu, /dev/mem, UIO, "
          "HPET, BAR table" % ("ok  " if ok else "FAIL", slot))
    if not ok:
        print("      missing:")
        print(indent([w.rstrip("\n").replace("\n", " | ") for w in missing] or ["(the edu line)"]))
        print(indent(answer.splitlines()[-40:]))


def run_user_tests(kernel, tally):
    """user/utest's KTAP, user/edu-walk.sh and (q35) user/fault, on machines with an edu;
    the kernel's device suites on pc there too."""
    for cfg in USER_CONFIGS:
        heading("user space: %s/user/utest x%d, /user/edu-walk.sh%s (%s: -machine %s -smp %d)" % (
            "selftest %s, " % EDU_SUITES if cfg.machine == "pc" else "", UTEST_RUNS,
            " and /user/fault" if cfg.machine == "q35" else "", cfg.name, cfg.machine, cfg.smp))
        cmds = ["selftest " + EDU_SUITES] if cfg.machine == "pc" else []
        cmds += ["run /user/utest"] * UTEST_RUNS + ["run /bin/sh /user/edu-walk.sh"]
        if cfg.machine == "q35":
            cmds += ["run /user/fault " + f[0] for f in FAULTS] + ["echo after-faults"]
        cmdline = 'run="%s;poweroff"' % ";".join(cmds)
        t0 = time.time()
        status, text, log = boot(kernel, cfg, cmdline, name="user-" + cfg.name)
        text = text.replace("\r\n", "\n")
        bad = why_it_ended_badly(status, text, cfg, ktap.Report())
        plain = ktap.strip_all(text)
        if cfg.machine == "pc":
            ans = monitor_answers(plain, "selftest " + EDU_SUITES)
            rep = ktap.parse(ans[0] if ans else "")
            report_suites(rep, tally)
            got = len(rep.suites)
            want = len(EDU_SUITES.split(","))
            for e in rep.errors + (["%d suites ran, not %d" % (got, want)] if got != want else []):
                tally.add(False)
                print("  FAIL selftest %s: %s" % (EDU_SUITES, e))
        answers = monitor_answers(plain, "run /user/utest")
        for i in range(UTEST_RUNS):
            check_utest_run(answers[i] if i < len(answers) else "", "utest run %d" % (i + 1),
                            tally)
        walk = monitor_answers(plain, "run /bin/sh /user/edu-walk.sh")
        check_edu_walk(walk[0] if walk else "", cfg, tally)
        if cfg.machine == "q35":
            check_faults(text, tally)
        if bad:
            tally.add(False)
            print("  FAIL %s: %s" % (cfg.name, bad))
            print(indent(tail(text)))
        print("  (%.1f s, log: %s)" % (time.time() - t0, os.path.relpath(log, ROOT)))


def run_host_tests(bins, tally):
    heading("host unit tests (ASan + UBSan)")
    if not bins:
        print("  (none given)")
        return
    r = subprocess.run([sys.executable, os.path.join(HERE, "host", "run_all.py")] + bins,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = r.stdout.rstrip().splitlines()
    m = re.search(r"(\d+) passed, (\d+) failed", out[-1] if out else "")
    show = [l for l in out if not l.startswith("ok ")]
    print(indent(show, "  "))
    if not m:
        tally.add(False)
        print("  FAIL host tests: no summary line (exit status %d)" % r.returncode)
        return
    tally.passed += int(m.group(1))
    tally.failed += int(m.group(2))
    if r.returncode != 0 and int(m.group(2)) == 0:
        tally.add(False)
        print("  FAIL host tests exited with status %d" % r.returncode)


def run_launch_check(kernel, tally):
    heading("launcher: the README's make run examples, a pipe driven step by step")
    import launch_check
    passed, failed, lines = launch_check.run(kernel)
    print(indent(lines, "  "))
    tally.passed += passed
    tally.failed += failed


def run_tools_check(tally):
    heading("tools: the KTAP parser, plain KTAP for prove, build flags, make compdb")
    import tools_check
    passed, failed, lines = tools_check.run(os.path.join(LOG_DIR, "q35-512M.log"))
    print(indent(lines, "  "))
    tally.passed += passed
    tally.failed += failed


def run_labs_check(kernel, tally, since, host_tests):
    heading("labs: markers, the cutter, the grader, grade files against this run's cases, "
            "the cut trees")
    import labs_check
    # the host tests this make test ran (O= puts them elsewhere than build/host)
    host_dir = os.path.dirname(host_tests[0]) if host_tests else None
    passed, failed, lines = labs_check.run(host_dir=host_dir, since=since, kernel=kernel)
    print(indent(lines, "  "))
    tally.passed += passed
    tally.failed += failed


def run_gdb_check(kernel, tally):
    heading("gdb: break at start_kernel, check its arguments, step, backtrace")
    import gdb_check
    passed, failed, lines = gdb_check.run(kernel)
    print(indent(lines, "  "))
    tally.passed += passed
    tally.failed += failed


def main():
    ap = argparse.ArgumentParser(description="Atlas test runner")
    ap.add_argument("--kernel", default=os.path.join(ROOT, "build", "atlas.elf"))
    ap.add_argument("--suites", default=None, help="comma-separated suites (default: all)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="selftest.repeat=N: run every suite N times in one boot (1..10)")
    ap.add_argument("--all", action="store_true", help="make test: host, guest, boot, gdb")
    ap.add_argument("--matrix", action="store_true", help="make test-matrix")
    ap.add_argument("--host-tests", default="", help="host test binaries (space-separated)")
    args = ap.parse_args()
    if args.suites is not None and not SUITE_LIST.match(args.suites):
        sys.exit("runner: SUITES=%r is not a list of suite names (e.g. SUITES=buddy,slab; "
                 "leave SUITES out to run them all)" % args.suites)
    if not 1 <= args.repeat <= 10:
        sys.exit("runner: --repeat must be 1..10, as selftest.repeat")
    args.suites = args.suites or ""

    tally = Tally()
    t0 = time.time()
    if args.matrix:
        for cfg in MATRIX_CONFIGS:
            run_selftests(args.kernel, cfg, args.suites, tally)
    else:
        if args.all:
            run_host_tests(args.host_tests.split(), tally)
        configs = TEST_CONFIGS if args.all and not args.suites else TEST_CONFIGS[1:]
        for cfg in configs:
            run_selftests(args.kernel, cfg, args.suites, tally, args.repeat)
        if args.all and not args.suites:
            run_boot_checks(args.kernel, tally)
            run_user_tests(args.kernel, tally)
            run_launch_check(args.kernel, tally)
            run_gdb_check(args.kernel, tally)
            run_tools_check(tally)
            run_labs_check(args.kernel, tally, t0, args.host_tests.split())
    heading("summary (%.1f s)" % (time.time() - t0))
    print(tally.line())
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""labs_check: the coursework's checks.

  tests/labs_check.py           the quick checks (a stage of make test)
  tests/labs_check.py --full    every lab's starter tree, built and graded (make lab-check, CI)

Quick (no build, one boot; after make test's boots):
  - scripts/mklab --check: every marker well-formed, every lab with a
    handout, a grade file and a region;
  - the cutter on a small tree of its own: a region cut both ways, malformed
    markers refused with one line naming the file and line;
  - the grader: bad grade files refused in one line each, and one boot of
    this kernel graded as it should (a pass, a fail, each kind);
  - every labs/NN-name.grade parses and totals 100 points, and each graded
    test names cases that exist and passed in make test's logs
    (build/test-logs/: ktap and utest) or in the host test binaries (host);
  - the first lab's tree cut for real: every file there, only the files with
    lab regions differ, no marker left; every other lab's cut of those files
    made in memory with mklab's own cut (the copy is the same for all): no
    marker left, and its regions cut to their starter code.

Full (CI): for every lab, make lab into build/labs/labN, build it (no
warning), check its boot reaches the monitor or prints the lab's "not
implemented yet" line, and grade it: the score must be exactly the free
points its grade file names; then make grade in this tree must score every
point.  tests/runner.py imports run() -> (passed, failed, lines).
"""
import filecmp
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import grade  # noqa: E402
import ktap   # noqa: E402

MKLAB = os.path.join(ROOT, "scripts", "mklab")
LOG_DIR = os.path.join(ROOT, "build", "test-logs")
LAB_BUILD = os.path.join(ROOT, "build", "labs")
SCORE = re.compile(r"^Score: (\d+)/(\d+)$", re.M)


def mklab(*args, cwd=ROOT, mklab_path=MKLAB, env=None):
    r = subprocess.run([sys.executable, mklab_path] + list(args), cwd=cwd,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       env=dict(os.environ, **(env or {})))
    return r.returncode, r.stdout


# ---- quick ----

def check_markers():
    status, out = mklab("--check")
    yield status == 0, "scripts/mklab --check: %s" % (out.strip().splitlines() or ["(nothing)"])[-1]


TINY = """int f(void)
{
#ifndef LAB1_STARTER\t/* LAB 1 BEGIN: the sum */
\treturn 1 + 1;
#else\t\t\t/* LAB 1 STARTER */
\t/* TODO (lab 1) */
\treturn 0;
#endif\t\t\t/* LAB 1 END */
}
#ifndef LAB2_STARTER /* LAB 2 BEGIN */
int g(void) { return 2; }
#else /* LAB 2 STARTER */
#endif /* LAB 2 END */
"""
CUT1 = "int f(void)\n{\n\t/* TODO (lab 1) */\n\treturn 0;\n}\nint g(void) { return 2; }\n"
CUT2 = "int f(void)\n{\n\treturn 1 + 1;\n}\n"
BAD = [
    ("#ifndef LAB1_STARTER /* LAB 1 BEGIN */\n#endif /* LAB 1 END */\n",
     "a.c:2: LAB 1 END before its LAB 1 STARTER line"),
    ("#ifndef LAB1_STARTER /* LAB 2 BEGIN */\n", "a.c:1: #ifndef LAB1_STARTER is marked LAB 2 BEGIN"),
    ("#ifndef LAB1_STARTER /* LAB 1 BEGIN */\n#else /* LAB 1 STARTER */\n",
     "a.c:1: LAB 1 BEGIN is never ended"),
    ("#else /* LAB 1 STARTER */\n", "a.c:1: LAB 1 STARTER without a LAB 1 BEGIN before it"),
    ("#ifdef LAB1_STARTER\n", "a.c:1: a malformed lab marker"),
    ("#ifndef LAB1_STARTER /* LAB 1 BEGIN */\n#ifndef LAB2_STARTER /* LAB 2 BEGIN */\n",
     "a.c:2: LAB 2 BEGIN inside lab 1's region (from line 1): regions do not nest"),
]


# Kept byte for byte: CRLF line ends (a form feed ends no line), the mode bits.
CRLF = b"int a;\r\n#ifndef LAB1_STARTER /* LAB 1 BEGIN */\r\nint s;\r\n#else /* LAB 1 STARTER */" \
    b"\r\nint t;\r\n#endif /* LAB 1 END */\r\nint b;\x0c int c;\r\n"
CRLF_CUT = b"int a;\r\nint t;\r\nint b;\x0c int c;\r\n"
# Not in a starter tree: build directories (build/, an O= one) and Python's caches.
LEFT_OUT = ("build/atlas.elf", "build-s3/kernel.flags", "build-s3/mm/a.o", "out/s3/kernel.flags",
            "out/s3/x.o", "scripts/__pycache__/x.pyc")


def tiny_tree(d, text):
    for sub in ("labs", "scripts", "mm"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    with open(os.path.join(d, "mm", "crlf.c"), "wb") as f:
        f.write(CRLF)
    os.chmod(os.path.join(d, "mm", "crlf.c"), 0o750)
    for rel in LEFT_OUT:
        os.makedirs(os.path.dirname(os.path.join(d, rel)), exist_ok=True)
        open(os.path.join(d, rel), "w").close()
    shutil.copy(MKLAB, os.path.join(d, "scripts", "mklab"))
    for n, name in ((1, "one"), (2, "two")):
        for ext in ("md", "grade"):
            with open(os.path.join(d, "labs", "%02d-%s.%s" % (n, name, ext)), "w") as f:
                f.write("# lab %d\n" % n)
    with open(os.path.join(d, "mm", "a.c"), "w") as f:
        f.write(text)


def check_cutter():
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "src")
        tiny_tree(src, TINY)
        tool = os.path.join(src, "scripts", "mklab")
        got = []
        for lab in (1, 2):
            dest = os.path.join(tmp, "lab%d" % lab)
            status, out = mklab(str(lab), dest, cwd=src, mklab_path=tool)
            text = open(os.path.join(dest, "mm", "a.c")).read() if status == 0 else out
            got.append((status, text, open(os.path.join(dest, "LAB")).read()
                        if status == 0 else ""))
        yield got[0][:2] == (0, CUT1) and got[0][2] == "1\n", \
            "mklab: lab 1's tree has lab 1's starter branch and lab 2's solution, no markers, " \
            "LAB = 1%s" % ("" if got[0][1] == CUT1 else " (got %r)" % got[0][1])
        yield got[1][:2] == (0, CUT2), \
            "mklab: lab 2's tree has lab 1's solution and lab 2's (empty) starter branch%s" % (
                "" if got[1][1] == CUT2 else " (got %r)" % got[1][1])
        lab1 = os.path.join(tmp, "lab1")
        crlf = open(os.path.join(lab1, "mm", "crlf.c"), "rb").read() if got[0][0] == 0 else b""
        mode = os.stat(os.path.join(lab1, "mm", "crlf.c")).st_mode & 0o777 if crlf else 0
        yield crlf == CRLF_CUT and mode == 0o750, \
            "mklab: a cut file keeps its CRLF line ends and its mode%s" % (
                "" if crlf == CRLF_CUT else " (got %r, mode %o)" % (crlf, mode))
        there = [rel for rel in LEFT_OUT if os.path.lexists(os.path.join(lab1, rel))]
        yield got[0][0] == 0 and not there, \
            "mklab: no build directory (build/, O=) or Python cache in the tree (%s)" % (
                ", ".join(there) or "none")
        status, out = mklab("1", "~/home-lab1", cwd=src, mklab_path=tool, env={"HOME": tmp})
        yield status == 0 and os.path.exists(os.path.join(tmp, "home-lab1", "LAB")), \
            "mklab expands ~ in DEST (sh and zsh leave DEST=~/x to it)%s" % (
                "" if status == 0 else " (%r)" % out.strip())
        # the same as a git checkout: build directories are untracked, not ignored, here
        # (only /build/ is), and a repository inside (a cut tree) is a directory to git
        os.makedirs(os.path.join(src, "nested"))
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid", "-c",
               "commit.gpgsign=false"]
        for d, cmd in ((src, ["init", "-q"]), (src, ["add", "mm", "labs", "scripts/mklab"]),
                       (src, ["commit", "-qm", "t"]), (os.path.join(src, "nested"), ["init", "-q"]),
                       (os.path.join(src, "nested"), ["commit", "-q", "--allow-empty", "-m", "t"])):
            subprocess.run(git + cmd, cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        glab1 = os.path.join(tmp, "git-lab1")
        status, out = mklab("1", glab1, cwd=src, mklab_path=tool)
        there = [rel for rel in LEFT_OUT + ("nested",) if os.path.lexists(os.path.join(glab1, rel))]
        yield status == 0 and not there and \
            open(os.path.join(glab1, "mm", "crlf.c"), "rb").read() == CRLF_CUT, \
            "mklab in a git checkout: no build directory, cache or nested repository (%s)%s" % (
                ", ".join(there) or "none", "" if status == 0 else " (%r)" % out.strip())
        status, out = mklab("1", "inside", cwd=src, mklab_path=tool)
        yield status == 1 and out.count("\n") == 1 and "is inside this tree" in out, \
            "mklab refuses a DEST inside the tree, in one line (%r)" % out.strip()
        status, out = mklab("1", os.path.join(tmp, "lab1"), cwd=src, mklab_path=tool)
        yield status == 1 and out.count("\n") == 1 and "is not an empty directory" in out, \
            "mklab refuses a DEST that is not empty, in one line (%r)" % out.strip()
        status, out = mklab("7", os.path.join(tmp, "x"), cwd=src, mklab_path=tool)
        yield status == 1 and "there is no lab 7 (labs/ has 1, 2)" in out, \
            "mklab refuses an unknown lab, naming the labs (%r)" % out.strip()
        status, out = mklab("1", os.path.join(tmp, "again"), cwd=os.path.join(tmp, "lab1"),
                            mklab_path=os.path.join(tmp, "lab1", "scripts", "mklab"))
        yield status == 1 and "this is lab 1's starter tree" in out, \
            "mklab in a starter tree refuses to cut another (%r)" % out.strip()
        wrong = []
        for text, want in BAD:
            with open(os.path.join(src, "mm", "a.c"), "w") as f:
                f.write(text)
            status, out = mklab("--check", cwd=src, mklab_path=tool)
            if status != 1 or want not in out or out.count("\n") != 1:
                wrong.append("%r -> %r" % (text, out))
        yield not wrong, "mklab --check names each of %d malformed markers in one line%s" % (
            len(BAD), "".join("\n  " + w for w in wrong))


def cases_in_logs(since=0):
    """{"ktap"|"utest": {suite: {case: passed}}} from make test's serial logs: a case
    passed when it passed somewhere and failed nowhere (a skip on one machine is
    neither).  The kernel's KTAP carries printk's timestamps, utest's none."""
    seen = {"ktap": {}, "utest": {}}
    for path in glob.glob(os.path.join(LOG_DIR, "*.log")):
        if os.path.getmtime(path) < since:
            continue                    # an older run's, not this make test's
        with open(path, errors="replace") as f:
            text = f.read().replace("\r", "")
        for part in re.split(r"(?=^(?:\[[ .0-9]+\] )?KTAP version 1$)", text, flags=re.M):
            if not re.match(r"(\[[ .0-9]+\] )?KTAP version 1\n", part):
                continue
            kind = "ktap" if part.startswith("[") else "utest"
            for c in ktap.parse(part).cases():
                state = seen[kind].setdefault(c.suite, {}).setdefault(c.name, set())
                state.add(c.status)
    return {kind: {suite: {c: "pass" in st and "fail" not in st for c, st in cases.items()}
                   for suite, cases in suites.items()}
            for kind, suites in seen.items()}


def select(seen, target):
    import fnmatch
    suite, _, pattern = target.partition(".")
    return {c: ok for c, ok in seen.get(suite, {}).items()
            if not pattern or fnmatch.fnmatchcase(c, pattern)}


def check_grade_files(host_dir, since):
    labs = grade.find_labs()
    seen = cases_in_logs(since)
    for n, path in sorted(labs.items()):
        rel = os.path.relpath(path, ROOT)
        try:
            lab = grade.parse_grade_file(path, n)
        except grade.GradeFileError as e:
            yield False, "%s parses (%s)" % (rel, e)
            continue
        problems = []
        if lab.total() != 100:
            problems.append("totals %d points, not 100" % lab.total())
        if sum(t.kind == "boot" for t in lab.tests) > 1:
            problems.append("more than one boot test")
        for t in lab.tests:
            if t.kind in ("ktap", "utest"):
                got = select(seen[t.kind], t.target)
                if not got:
                    problems.append("%s: no such case ran in make test's logs" % t.label())
                elif not all(got.values()):
                    problems.append("%s: %s did not pass in make test" % (
                        t.label(), ", ".join(c for c, ok in got.items() if not ok)))
            elif t.kind == "host":
                ok, detail = grade.run_host_test(t, host_dir)
                if not ok:
                    problems.append("%s: %s" % (t.label(), detail[0]))
        yield not problems, "%s: %d tests, %d points (%d free), every graded case exists and " \
            "passed%s" % (rel, len(lab.tests), lab.total(), lab.free(),
                          "".join("\n  " + p for p in problems))


CONVENTION = "include/kernel/lab.h"    # shows the markers in its comment: not cut
MARKER = re.compile(r"LAB[0-9]+_STARTER|/\*\s*LAB [0-9]+ (BEGIN|STARTER|END)")


def git_lines(*args):
    out = subprocess.run(["git", "-C", ROOT] + list(args), stdout=subprocess.PIPE).stdout
    return [n for n in out.decode("utf-8", "surrogateescape").split("\0") if n]


def cut_tree_problems(dest, n, tracked, marked):
    """What is wrong with lab n's cut tree: every tracked file there, the same bytes
    unless it has lab regions (their marker lines at least go), no marker left
    anywhere, nothing that is not in this tree, and LAB holding n."""
    problems = []
    for rel in tracked:
        src, dst = os.path.join(ROOT, rel), os.path.join(dest, rel)
        if not os.path.lexists(src):
            continue                    # deleted in this checkout, not yet in git
        if not os.path.lexists(dst):
            problems.append("%s is missing" % rel)
        elif os.path.islink(src) or os.path.islink(dst):
            if not (os.path.islink(dst) and os.readlink(src) == os.readlink(dst)):
                problems.append("%s: the symbolic link changed" % rel)
        elif rel not in marked:
            if not filecmp.cmp(src, dst, shallow=False):
                problems.append("%s differs, and has no lab region" % rel)
        elif filecmp.cmp(src, dst, shallow=False):
            problems.append("%s has lab regions and is not cut" % rel)
    for d, dirs, files in os.walk(dest):
        dirs[:] = [x for x in dirs if not (d == dest and x == ".git")]
        for name in files:
            rel = os.path.relpath(os.path.join(d, name), dest)
            if rel != "LAB" and rel not in tracked and not os.path.lexists(os.path.join(ROOT, rel)):
                problems.append("%s is not in this tree" % rel)
            if rel.endswith((".c", ".h")) and rel != CONVENTION and \
                    not os.path.islink(os.path.join(d, name)):
                with open(os.path.join(d, name), "rb") as f:
                    if MARKER.search(f.read().decode("utf-8", "surrogateescape")):
                        problems.append("%s: a lab marker is left" % rel)
    if not os.path.exists(os.path.join(dest, "LAB")) or \
            open(os.path.join(dest, "LAB")).read() != "%d\n" % n:
        problems.append("LAB does not hold %d" % n)
    return problems


def mklab_module():
    """scripts/mklab, imported (it is a script without .py)."""
    import importlib.machinery
    import importlib.util
    loader = importlib.machinery.SourceFileLoader("mklab", MKLAB)
    spec = importlib.util.spec_from_loader("mklab", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def check_cut_trees():
    labs = grade.find_labs()
    tracked = set(git_lines("ls-files", "-z"))
    marked = {}
    for rel in git_lines("grep", "--untracked", "-z", "-lE", "LAB[0-9]+_STARTER", "--",
                         "*.c", "*.h"):
        if rel != CONVENTION:
            with open(os.path.join(ROOT, rel), errors="surrogateescape") as f:
                marked[rel] = set(int(m) for m in re.findall(r"LAB([0-9]+)_STARTER", f.read()))
    if not labs:
        return
    # The first lab's tree is cut for real and compared file by file: that is
    # the copy every lab's cut shares.  The others differ only in which
    # branch each region keeps, checked in memory with mklab's own cut.
    tool = mklab_module()
    found = tool.scan(ROOT, sorted(marked))
    for n in sorted(labs)[1:]:
        problems = []
        for rel, (lines, regions) in sorted(found.items()):
            text = tool.cut(lines, regions, n)
            solved = tool.cut(lines, regions, 0)
            if MARKER.search(text):
                problems.append("%s: a lab marker is left" % rel)
            if any(r.lab == n for r in regions) and text == solved:
                problems.append("%s: lab %d's regions cut to the same text as the solution" %
                                (rel, n))
        yield not problems, "lab %d's cut, in memory: the %d files with lab regions, %d with " \
            "lab %d's cut to their starter code, no marker left%s" % (
                n, len(found), sum(any(r.lab == n for r in regs) for _, regs in found.values()),
                n, "".join("\n  " + p for p in problems[:8]))
    with tempfile.TemporaryDirectory() as tmp:
        for n in sorted(labs)[:1]:
            dest = os.path.join(tmp, "lab%d" % n)
            status, out = mklab(str(n), dest)
            if status:
                yield False, "make lab LAB=%d (%s)" % (n, out.strip())
                continue
            problems = cut_tree_problems(dest, n, tracked, marked)
            yield not problems, "make lab LAB=%d: every file of this tree there, the %d files " \
                "with lab regions cut (%d with lab %d's), no marker left%s" % (
                    n, len(marked), sum(n in l for l in marked.values()), n,
                    "".join("\n  " + p for p in problems[:8]))
            shutil.rmtree(dest, ignore_errors=True)


# A grade file's mistakes: one line each, naming the file and line.
BAD_GRADE = [
    ("10 10 boot\n", ":1: want POINTS SECONDS KIND TEST [free], not '10 10 boot'"),
    ("title t\n\n10 x boot monitor\n", ":3: POINTS and SECONDS are whole numbers"),
    ("10 10 boots monitor\n", ":1: kind 'boots' is not one of boot, ktap, utest, host"),
    ("10 10 ktap buddy.\n", ":1: ktap wants SUITE or SUITE.CASE_GLOB, not 'buddy.'"),
    ("10 10 host test_buddy\n", ":1: host wants test_NAME:SUBSTRING, not 'test_buddy'"),
    ("machine\tq35 512M\n", ":1: machine wants MACHINE MEM SMP [QEMU ARGS...]"),
    ("title\n", ":1: title wants the lab's title"),
    ("10 10 boot monitor\n\xff\n", ":2: not UTF-8 text"),
    ("# nothing\n", ": no tests"),
]
# One boot of this kernel graded: a pass, a glob that selects nothing, a
# user-space case, host cases, a boot test after the others.
SMOKE = """title the grader's own check
machine q35 512M 2
  10  120  ktap   cmdline.cmdline_*_quotes_*
  10  120  ktap   cmdline.no_such_case_*
  10  120  utest  memory.brk_*
  10  60   host   test_cmdline:cmdline
  10  60   host   test_cmdline:no_such_case
  10  120  boot   monitor     free
"""
SMOKE_RESULTS = ["ok", "FAIL", "ok", "ok", "FAIL", "ok"]


def check_grader(kernel, host_dir):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "98-check.grade")
        wrong = []
        for text, want in BAD_GRADE:
            with open(path, "wb") as f:
                f.write(text.encode("latin-1"))
            try:
                grade.parse_grade_file(path, 98)
                wrong.append("%r: taken" % text)
            except grade.GradeFileError as e:
                if want not in str(e) or "\n" in str(e):
                    wrong.append("%r: %s" % (text, e))
        yield not wrong, "grade: %d bad grade files refused, one line naming file:line each%s" % (
            len(BAD_GRADE), "".join("\n  " + w for w in wrong))
        if not os.path.exists(kernel):
            return
        with open(path, "w") as f:
            f.write(SMOKE)
        lab = grade.parse_grade_file(path, 98)
        saved, grade.LOG_DIR = grade.LOG_DIR, tmp
        try:
            grade.grade_lab(lab, kernel, host_dir)
        finally:
            grade.LOG_DIR = saved
        got = [t.result for t in lab.tests]
        yield got == SMOKE_RESULTS and lab.score() == 40, \
            "grade: one boot, %d tests (ktap, utest, host, boot), scored %d/%d as they should%s" % (
                len(lab.tests), lab.score(), lab.total(), "" if got == SMOKE_RESULTS else "".join(
                    "\n  %s: %s, not %s %s" % (t.label(), t.result, want, t.detail[:1])
                    for t, want in zip(lab.tests, SMOKE_RESULTS) if t.result != want))


def run(host_dir=None, since=0, kernel=None):
    host_dir = host_dir or os.path.join(ROOT, "build", "host")
    kernel = kernel or os.path.join(ROOT, "build", "atlas.elf")
    passed, failed, lines = 0, 0, []
    if os.path.exists(os.path.join(ROOT, "LAB")):
        # a starter tree: no markers to check or cut, and its lab's graded cases
        # fail until the student's work is done (make grade says how far it is)
        checks = list(check_cutter())
        lines.append("# a lab's starter tree (file LAB): only the cutter is checked here")
    else:
        checks = list(check_markers()) + list(check_cutter()) + list(check_grader(kernel, host_dir))
        if grade.find_labs():
            checks += list(check_grade_files(host_dir, since)) + list(check_cut_trees())
    for i, (ok, what) in enumerate(checks, 1):
        lines.append("%s %d - %s" % ("ok" if ok else "not ok", i, what))
        passed += bool(ok)
        failed += not ok
    return passed, failed, lines


# ---- full (CI) ----

TABLE_LINE = re.compile(r"^ +\d+/\d+ +(\S+ \S+) +(ok|FAIL|not run) \(\d+\.\d s\)", re.M)


def table_results(text):
    """[(label, passed)] from the last table tests/grade.py printed."""
    last = text.rsplit("\n== Lab ", 1)[-1]
    return [(m.group(1), m.group(2) == "ok") for m in TABLE_LINE.finditer(last)]


def sh(cmd, cwd, log):
    with open(log, "a") as f:
        f.write("$ %s\n" % " ".join(cmd))
        f.flush()
        r = subprocess.run(cmd, cwd=cwd, stdout=f, stderr=subprocess.STDOUT, text=True,
                           stdin=subprocess.DEVNULL)
    return r.returncode


def full():
    if os.path.exists(os.path.join(ROOT, "LAB")):
        print("labs: a lab's starter tree (file LAB): nothing to cut here; make grade grades it")
        return 0
    labs = grade.find_labs()
    os.makedirs(LAB_BUILD, exist_ok=True)
    results = []
    for n, path in sorted(labs.items()):
        lab = grade.parse_grade_file(path, n)
        dest = os.path.join(LAB_BUILD, "lab%d" % n)
        log = os.path.join(LAB_BUILD, "lab%d.log" % n)
        shutil.rmtree(dest, ignore_errors=True)
        open(log, "w").close()
        t0 = time.time()
        problems = []
        if sh(["python3", MKLAB, str(n), dest], ROOT, log):
            problems.append("make lab failed")
        elif sh(["make", "-j2", "all"], dest, log):
            problems.append("the starter tree does not build")
        if not problems:
            sh(["make", "-j2", "grade"], dest, log)        # builds the host tests first
            text = open(log, errors="replace").read()
            warnings = [l for l in text.splitlines() if "warning:" in l]
            if warnings:
                problems.append("warnings: %s" % warnings[0])
            m = SCORE.findall(text)
            got = tuple(map(int, m[-1])) if m else None
            if got != (lab.free(), lab.total()):
                problems.append("the starter scored %s, not %d/%d (its free points)" % (
                    "%d/%d" % got if got else "nothing", lab.free(), lab.total()))
            # the score could be right by chance: exactly the free tests must pass
            table = table_results(text)
            if got and len(table) != len(lab.tests):
                problems.append("grade's table has %d tests, the grade file %d" % (
                    len(table), len(lab.tests)))
            for t, (label, ok) in zip(lab.tests, table if got else []):
                if ok != t.free:
                    problems.append("%s: %s on the starter tree, and is%s marked free" % (
                        label, "passes" if ok else "fails", "" if t.free else " not"))
            boot = open(os.path.join(dest, "build", "grade", "lab%d.log" % n), errors="replace").read() \
                if os.path.exists(os.path.join(dest, "build", "grade", "lab%d.log" % n)) else ""
            said = re.search(r"is not implemented yet \(lab %d\)" % n, boot)
            if "atlas> " not in boot and not said:
                problems.append("the starter's boot reached neither the monitor nor a "
                                "'not implemented yet (lab %d)' line" % n)
        results.append((n, problems, time.time() - t0))
        print("%s lab %d starter tree: built, %s (%.0f s)%s" % (
            "not ok" if problems else "ok", n,
            "graded %d/%d (its free points)" % (lab.free(), lab.total()) if not problems else "",
            time.time() - t0, "".join("\n  " + p for p in problems) +
            ("\n  log: %s" % os.path.relpath(log, ROOT) if problems else "")), flush=True)
    log = os.path.join(LAB_BUILD, "full.log")
    open(log, "w").close()
    t0 = time.time()
    sh(["make", "-j2", "grade"], ROOT, log)
    text = open(log, errors="replace").read()
    m = SCORE.findall(text)
    got = tuple(map(int, m[-1])) if m else None
    total = sum(grade.parse_grade_file(p, n).total() for n, p in labs.items())
    ok = got == (total, total)
    print("%s the full tree grades %s (every point: %d/%d) (%.0f s)%s" % (
        "ok" if ok else "not ok", "%d/%d" % got if got else "nothing", total, total,
        time.time() - t0, "" if ok else "\n  log: %s" % os.path.relpath(log, ROOT)))
    bad = sum(bool(p) for _, p, _ in results) + (not ok)
    print("labs: %d checks, %d failed" % (len(results) + 1, bad))
    return 1 if bad else 0


def main():
    if sys.argv[1:] == ["--full"]:
        return full()
    if sys.argv[1:]:
        sys.exit("usage: tests/labs_check.py [--full]")
    passed, failed, lines = run()
    print("\n".join(lines))
    print("labs: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""GCC's C torture execute tests under mimic.

gcc/testsuite/gcc.c-torture/execute/*.c (and its ieee/ subdir) are
self-checking programs: they call abort() on a miscompile and exit 0 on
success.  Each is built statically for every guest target and optimisation
level, run by an oracle (natively for i386/x86_64, qemu-ppc for ppc) and
then under mimic in each configuration.  mimic passes when it exits 0 like
the oracle (the tests check themselves; stdout is not compared, as some
print stack addresses).  Tests that don't compile or fail under the
oracle are "excluded", counted apart and never as passes.

The sources come from Debian's gcc-12-source package (fetched with
apt-get download into the cache dir, never committed).  Binaries and oracle
results are cached in the work dir, so a second run only reruns mimic.

Exit status: 0 when every mimic failure is listed in known-failures.txt
(lines "target level config test  # reason"; '*' matches any
target/level/config), 1 otherwise, 2 when the sources or tools are missing.
"""
import argparse
import concurrent.futures
import fnmatch
import hashlib
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GCC_VERSION = "12.2.0"

CC = {
    "ppc": [os.environ.get("PPC_CC", "powerpc-linux-gnu-gcc"), "-static"],
    "i386": [os.environ.get("HOST_CC", "gcc"), "-m32", "-static"],
    "x86_64": [os.environ.get("HOST_CC", "gcc"), "-static"],
}
# Target triplets as dg- selectors spell them.
TRIPLET = {"ppc": "powerpc-unknown-linux-gnu", "i386": "i686-pc-linux-gnu",
           "x86_64": "x86_64-pc-linux-gnu"}
CONFIG_FLAGS = {"jit": ["-accel", "jit"], "interp": ["-accel", "interp"],
                "jit-1": ["-accel", "jit", "-one-insn-per-tb"],
                "interp-1": ["-accel", "interp", "-one-insn-per-tb"]}


def log(msg):
    print(msg, flush=True)


# ---------------------------------------------------------------- sources

# name: (dir under gcc/testsuite, only 'dg-do run' tests, targets it is
# for, whether --levels apply: the others set their own -O in dg-options
# and are built once, at -O2 unless they say otherwise)
SUITES = {
    "execute": ("gcc.c-torture/execute", False, ("ppc", "i386", "x86_64"), True),
    "dg-torture": ("gcc.dg/torture", True, ("ppc", "i386", "x86_64"), True),
    "dg": ("gcc.dg", True, ("ppc", "i386", "x86_64"), False),
    "i386": ("gcc.target/i386", True, ("i386", "x86_64"), False),
    "powerpc": ("gcc.target/powerpc", True, ("ppc",), False),
}


# gcc.target/i386 tests of extensions mimic's CPUID does not offer: their
# check headers ask CPUID and exit 0 at once, so they only cost time.
I386_UNOFFERED = re.compile(
    r"^i386/(avx|fma|xop|amx|vaes|vpclmul|gfni|sha|f16c|keylocker|uintr|tbm|"
    r"lwp|rtm|pku|cet|hle|mpx|rdseed|rdrand|adx|wbnoinvd|movdir|serialize|"
    r"tsx|vnni|prefetchwt1|clwb|clflushopt|enqcmd|waitpkg|hreset)")


def fetch_sources(cache, subdir):
    """Return gcc/testsuite/SUBDIR, downloading and extracting it if
    missing."""
    top = os.path.join(cache, f"gcc-{GCC_VERSION}")
    want = os.path.join(top, "gcc/testsuite", subdir)
    if os.path.isdir(want):
        return want
    os.makedirs(cache, exist_ok=True)
    debs = [f for f in os.listdir(cache) if f.startswith("gcc-12-source_")]
    if not debs:
        log(f"torture: apt-get download gcc-12-source into {cache}")
        r = subprocess.run(["apt-get", "download", "gcc-12-source"], cwd=cache)
        debs = [f for f in os.listdir(cache) if f.startswith("gcc-12-source_")]
        if r.returncode != 0 or not debs:
            return None
    deb = os.path.join(cache, sorted(debs)[-1])
    log(f"torture: extracting gcc/testsuite/{subdir} from {deb}")
    inner = f"./usr/src/gcc-12/gcc-{GCC_VERSION}-dfsg.tar.xz"
    cmd = (f"dpkg-deb --fsys-tarfile '{deb}' | tar -xO '{inner}' | "
           f"tar -xJ -C '{cache}' --wildcards "
           f"'gcc-{GCC_VERSION}/gcc/testsuite/{subdir}/*'")
    if subprocess.run(cmd, shell=True).returncode != 0 or not os.path.isdir(want):
        return None
    return want


def list_tests(suite, d):
    """(name, path, in_ieee) for every single-file test, sorted by name."""
    tests = []
    subs = (("", False), ("ieee", True)) if suite == "execute" else (("", False),)
    for sub, ieee in subs:
        for f in sorted(os.listdir(os.path.join(d, sub))):
            if f.endswith(".c"):
                name = ("ieee/" if ieee else "") + f[:-2]
                tests.append((name, os.path.join(d, sub, f), ieee))
    return tests


# ------------------------------------------------------- dg- directives

DG_RE = re.compile(r"\{\s*(dg-[a-z-]+)\s+(.*)\}")


# Effective-target keywords (gcc/testsuite/lib/target-supports.exp) that
# are false for a target; every other keyword is taken as true: our targets
# are full Linux systems, and a test that needs something the compiler or
# the machine lacks is caught by the compile step or the oracle.
FALSE_KEYWORDS = {
    "ppc": {"lp64", "ia32", "x32", "int128", "powerpc64", "le", "freestanding",
            "powerpc_elfv2", "ppc_float128_sw", "ppc_float128_hw",
            "ppc_ieee128_ok", "has_arch_pwr9", "has_arch_pwr10", "power10_ok",
            "power10_hw", "p9vector_hw", "p9modulo_hw", "p8vector_hw",
            "vsx_hw", "powerpc_prefixed_addr", "dfp_hw", "dfprt",
            "pthread", "fpic"},
    "i386": {"lp64", "x32", "int128", "freestanding", "fpic",
             "avx512fp16", "amx_tile", "amx_int8", "amx_bf16", "uintr",
             "avxvnni", "avx512vp2intersect"},
    "x86_64": {"ia32", "ilp32", "x32", "freestanding", "fpic", "avx512fp16",
               "amx_tile", "amx_int8", "amx_bf16", "uintr", "avxvnni",
               "avx512vp2intersect"},
}
for _t in FALSE_KEYWORDS:
    FALSE_KEYWORDS[_t] |= {"newlib_nano_io", "vxworks_kernel", "nonpic"}


# x86 extensions mimic's CPUID does not offer (target-x86/cpu.c): a test
# that needs them at run time ("avx_runtime", "avx2_runtime", ...) is not
# for us, while tests whose check header asks CPUID simply pass.
UNOFFERED_X86 = re.compile(r"(avx|fma|f16c|xop|amx|vaes|vpclmul|gfni|sha)"
                           r".*_runtime$")


def keyword_true(word, target):
    if word == "*" or word == "*-*-*":
        return True
    if UNOFFERED_X86.match(word):
        return False
    if "-" in word and "*" in word or word.count("-") >= 2:
        return fnmatch.fnmatch(TRIPLET[target], word)
    return word not in FALSE_KEYWORDS[target]


def selector_matches(sel, target):
    """Evaluate a dg target selector such as '{ i?86-*-* x86_64-*-* }',
    '! { ... }' or '{ powerpc*-*-* && ilp32 }': triplet patterns match our
    target's triplet, keywords go through keyword_true; a list of words
    without operators is an 'or'."""
    toks = re.findall(r"&&|\|\||!|\{|\}|[^\s{}!&|\"]+", sel)
    pos = 0

    def term():
        nonlocal pos
        if pos >= len(toks):
            return False
        t = toks[pos]
        pos += 1
        if t == "!":
            return not term()
        if t == "{":
            v = expr()
            if pos < len(toks) and toks[pos] == "}":
                pos += 1
            return v
        if t in ("target", "xfail"):
            return term()
        return keyword_true(t, target)

    def expr():
        nonlocal pos
        v = term()
        while pos < len(toks) and toks[pos] != "}":
            op = toks[pos]
            if op == "&&":
                pos += 1
                v = term() and v
            elif op == "||":
                pos += 1
                v = term() or v
            else:
                v = term() or v
        return v

    return expr()


def split_braces(text):
    """'"msg" { a { b } } { "-O0" }' -> ['"msg"', '{ a { b } }', '{ "-O0" }']:
    words, quoted strings and brace groups."""
    out, depth, cur, quoted = [], 0, "", False
    for ch in text:
        if ch == '"' and depth == 0:
            quoted = not quoted
        elif not quoted and ch == "{":
            depth += 1
        elif not quoted and ch == "}":
            depth -= 1
        elif depth == 0 and not quoted and ch.isspace():
            if cur:
                out.append(cur)
            cur = ""
            continue
        cur += ch
    if cur:
        out.append(cur)
    return out


def unquote(arg):
    return arg.strip().strip("{}").strip().strip('"')


def test_options(path, target, level, need_run):
    """Extra compiler flags from dg-options / dg-additional-options, or None
    when the test is not for us: a dg-skip-if or a false
    dg-require-effective-target for this target, extra source files, or
    (need_run) not a 'dg-do run' test."""
    flags = []
    is_run = False
    text = open(path, errors="replace").read()
    for m in DG_RE.finditer(text):
        kind, args = m.group(1), split_braces(m.group(2))
        if kind == "dg-do":
            if args and args[0] == "run":
                is_run = True
                if len(args) > 1 and not selector_matches(args[1], target):
                    return None
        elif kind in ("dg-options", "dg-additional-options"):
            if not args:
                continue
            if len(args) > 1 and not selector_matches(args[1], target):
                continue
            flags += unquote(args[0]).replace('"', "").split()
        elif kind == "dg-skip-if":
            if len(args) < 2 or not selector_matches(args[1], target):
                continue
            include = unquote(args[2]).replace('"', "").split() if len(args) > 2 else ["*"]
            if not include or "*" in include or level in include:
                return None
        elif kind == "dg-require-effective-target":
            if args and len(args) > 1 and not selector_matches(args[1], target):
                continue
            if args and not selector_matches(args[0], target):
                return None
        elif kind in ("dg-additional-sources", "dg-require-ifunc"):
            return None
    if need_run and not is_run:
        return None
    # the build host's CPU is not the guest's: -march=native would use
    # extensions mimic's CPUID does not offer (AVX-512 on this host)
    return [f for f in flags if f != "-march=native"]


# ---------------------------------------------------------------- running

def run(cmd, timeout, cwd=None):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           stdin=subprocess.DEVNULL, timeout=timeout, cwd=cwd)
        status = p.returncode if p.returncode >= 0 else 128 - p.returncode
        return status, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        return "timeout", e.stdout or b"", e.stderr or b""


def digest(*parts):
    h = hashlib.sha1()
    for p in parts:
        h.update(p if isinstance(p, bytes) else str(p).encode())
        h.update(b"\0")
    return h.hexdigest()[:16]


def prepare(job):
    """Compile and run the oracle, cached by source+flags.  Returns
    (status, oracle_result, exe) where status is 'ok', 'skip', 'compile'
    or 'oracle'."""
    name, path, ieee, need_run, target, level, work, oracle_cmd, timeout = job
    extra = test_options(path, target, level, need_run)
    if extra is None:
        return "skip", None, None
    flags = [level, "-w", "-fno-diagnostics-color"] + extra
    if ieee:
        flags += ["-fno-inline"] + (["-ffloat-store"] if target == "i386" else [])
    cc = CC[target]
    src = open(path, "rb").read()
    key = digest(src, " ".join(cc + flags))
    d = os.path.join(work, target, level.lstrip("-"))
    os.makedirs(d, exist_ok=True)
    base = os.path.join(d, name.replace("/", "_"))
    exe = base + ".exe"
    stamp = base + ".oracle"
    if os.path.exists(stamp):
        lines = open(stamp, "rb").read().split(b"\n", 2)
        if len(lines) == 3 and lines[0].decode() == key:
            status = lines[1].decode()
            if status in ("compile", "oracle"):
                return status, None, None
            return "ok", (int(status), lines[2]), exe
    cmd = cc + flags + ["-o", exe, path, "-lm"]
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       stdin=subprocess.DEVNULL, cwd=os.path.dirname(path))
    if r.returncode != 0:
        status, out = "compile", b""
    else:
        st, out, _ = run(oracle_cmd + [exe], timeout, cwd=d)
        status = str(st) if st == 0 else "oracle"
    with open(stamp, "wb") as f:
        f.write(key.encode() + b"\n" + status.encode() + b"\n" + out)
    if status != "0":
        return status, None, None
    return "ok", (0, out), exe


def load_known(path):
    known = []
    if path and os.path.exists(path):
        for line in open(path):
            line = line.split("#", 1)[0].split()
            if len(line) == 4:
                known.append(tuple(line))
    return known


def is_known(known, target, level, config, name):
    return any(fnmatch.fnmatch(target, k[0]) and fnmatch.fnmatch(level, k[1])
               and fnmatch.fnmatch(config, k[2]) and fnmatch.fnmatch(name, k[3])
               for k in known)


def run_suite(a, suite, need_run, tests, target, levels, oracle, known, work,
              mimic_dir, rows, failures, unexpected):
    """Build, oracle-check and run TESTS for one target at every level and
    configuration; appends to rows, failures and unexpected."""
    mimic = os.path.join(mimic_dir, f"mimic-{target}")
    for level in levels:
        configs = a.configs.split()
        if a.interp_level == level and "interp" not in configs:
            configs.append("interp")
        jobs = [(n, p, ie, need_run, target, level, work, oracle, a.timeout)
                for n, p, ie in tests]
        with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
            prepared = list(ex.map(prepare, jobs))
        counts = {"compile": 0, "oracle": 0, "skip": 0}
        runnable = []
        for (n, _, _), (st, res, exe) in zip(tests, prepared):
            if st == "ok":
                runnable.append((n, res, exe))
            else:
                counts[st] += 1
        for config in configs:
            def one(item, config=config):
                n, (ost, oout), exe = item
                cmd = [mimic] + CONFIG_FLAGS[config] + [exe]
                st, out, err = run(cmd, a.timeout, cwd=os.path.dirname(exe))
                if st == "timeout":
                    # the machine may just be loaded: once more, longer
                    st, out, err = run(cmd, 4 * a.timeout,
                                       cwd=os.path.dirname(exe))
                ok = st == ost
                return n, ok, st, err
            with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
                results = list(ex.map(one, runnable))
            npass = sum(1 for r in results if r[1])
            nfail = 0
            nknown = 0
            for n, ok, st, err in results:
                if ok:
                    continue
                nfail += 1
                k = is_known(known, target, level, config, n)
                nknown += k
                failures.append((target, level, config, n, st, k))
                if not k:
                    unexpected.append((target, level, config, n))
                if a.verbose:
                    log(f"  FAIL {target} {level} {config} {n}: status {st} "
                        f"{err.decode(errors='replace')[-300:]}")
            rows.append((suite, target, level, config, npass, nfail, nknown,
                         counts["compile"], counts["oracle"], counts["skip"]))
            log(f"torture: {suite} {target} {level} {config}: {npass} pass, "
                f"{nfail} fail ({nknown} known)")



def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mimic-dir", required=True,
                    help="dir holding mimic-ppc, mimic-i386, mimic-x86_64")
    ap.add_argument("--work-dir", required=True, help="binaries and caches")
    ap.add_argument("--cache", default=os.path.expanduser(
        os.environ.get("MIMIC_TORTURE_CACHE", "~/.cache/mimic/torture")))
    ap.add_argument("--targets", default="ppc i386 x86_64")
    ap.add_argument("--suites", default="execute",
                    help="of: " + " ".join(SUITES) + " (default execute)")
    ap.add_argument("--levels", default="-O0 -O2",
                    help="for the torture suites (execute, dg-torture)")
    ap.add_argument("--configs", default="jit",
                    help="mimic configurations: jit interp jit-1 interp-1")
    ap.add_argument("--interp-level", default="-O2",
                    help="also run -accel interp at this level ('' = never)")
    ap.add_argument("--subset", type=int, default=0,
                    help="only every Nth test by sorted name (deterministic)")
    ap.add_argument("--filter", default="", help="regex on test names")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--known", default=os.path.join(HERE, "known-failures.txt"))
    ap.add_argument("--skip-missing", action="store_true",
                    help="exit 77 (meson's skip) when the sources can't be had")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()

    known = load_known(a.known)
    work = os.path.abspath(a.work_dir)
    mimic_dir = os.path.abspath(a.mimic_dir)
    rows = []
    failures = []
    unexpected = []
    for suite in a.suites.split():
        subdir, need_run, suite_targets, torture = SUITES[suite]
        levels = a.levels.split() if torture else ["-O2"]
        d = fetch_sources(a.cache, subdir)
        if not d:
            log(f"torture: cannot get gcc/testsuite/{subdir} (gcc-12-source)")
            return 77 if a.skip_missing else 2
        tests = list_tests(suite, d)
        if a.subset > 1:
            tests = tests[::a.subset]
        prefix = "" if suite == "execute" else suite + "/"
        tests = [(prefix + n, p, ie) for n, p, ie in tests]
        if suite == "i386":
            tests = [t for t in tests if not I386_UNOFFERED.match(t[0])]
        if a.filter:
            tests = [t for t in tests if re.search(a.filter, t[0])]
        for target in a.targets.split():
            if target not in suite_targets:
                continue
            if not shutil.which(CC[target][0]):
                log(f"torture: no {CC[target][0]}, skipping {target}")
                continue
            oracle = []
            if target == "ppc":
                if not shutil.which("qemu-ppc"):
                    log("torture: no qemu-ppc (the ppc oracle), skipping ppc")
                    continue
                oracle = ["qemu-ppc"]
            run_suite(a, suite, need_run, tests, target, levels, oracle, known,
                      os.path.join(work, suite), mimic_dir, rows, failures,
                      unexpected)

    log("")
    log(f"{'suite':10} {'target':7} {'level':5} {'config':8} {'pass':>5} "
        f"{'fail':>5} {'known':>5} {'no-cc':>6} {'oracle':>6} {'skip':>5}")
    for r in rows:
        log(f"{r[0]:10} {r[1]:7} {r[2]:5} {r[3]:8} {r[4]:5} {r[5]:5} {r[6]:5} "
            f"{r[7]:6} {r[8]:6} {r[9]:5}")
    log("excluded: no-cc = does not compile, oracle = fails natively/under "
        "qemu-ppc, skip = not for this target (dg-skip-if, "
        "dg-require-effective-target) or not a run test")
    if failures:
        log("failures:")
        for t, l, c, n, st, k in failures:
            log(f"  {t} {l} {c} {n} (status {st}){' [known]' if k else ''}")
    total_pass = sum(r[4] for r in rows)
    log(f"torture: {total_pass} passed, {len(unexpected)} failed, "
        f"{sum(r[6] for r in rows)} skipped")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())

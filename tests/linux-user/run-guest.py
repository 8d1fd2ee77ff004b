#!/usr/bin/env python3
"""Run a guest program under mimic and check how it ends.

usage: run-guest.py [--stdout FILE] [--status N] [--stderr-prefix TEXT]
                    -- mimic [mimic options] program [args]

--status is the exit status, or minus the signal that killed it.  stdout
must equal FILE exactly; stderr must start with TEXT (default: be empty).
"""
import argparse
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stdout")
    ap.add_argument("--status", type=int, default=0)
    ap.add_argument("--stderr-prefix")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=120)
    out = p.stdout.decode(errors="replace")
    err = p.stderr.decode(errors="replace")
    ok = True
    if p.returncode != a.status:
        print("exit status %d, expected %d" % (p.returncode, a.status))
        ok = False
    if a.stdout is not None:
        with open(a.stdout) as f:
            want = f.read()
        if out != want:
            print("stdout differs:\n--- got\n%s--- expected\n%s" % (out, want))
            ok = False
    if a.stderr_prefix is None:
        if err:
            print("unexpected stderr: %r" % err)
            ok = False
    elif not err.startswith(a.stderr_prefix) or err.count("\n") != 1:
        print("stderr %r does not start with %r (one line)"
              % (err, a.stderr_prefix))
        ok = False
    print("ok" if ok else "FAILED: %s" % " ".join(cmd))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

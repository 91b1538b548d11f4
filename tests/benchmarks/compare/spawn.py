"""Tiny launcher: python -I -S spawn.py RESULT_FILE CMD...

Runs CMD as its own child and writes {"wall", "cpu", "maxrss_kb", "code"} to RESULT_FILE.

Why not take wait4() in run.py directly: on Linux a child's ru_maxrss starts at the high-water RSS of
the process it was forked from (exec keeps the larger of the two), so every child of run.py would
report at least run.py's own peak. This launcher stays a few MiB, which is the floor it passes on.
"""

import json
import os
import sys
import time

result_file, cmd = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.posix_spawnp(cmd[0], cmd, os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
with open(result_file, "w") as out:
    json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss,
               "code": os.waitstatus_to_exitcode(status)}, out)

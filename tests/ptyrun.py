#!/usr/bin/env python3
"""Runs a command with its standard streams on a pseudo-terminal, as a user
at a terminal would, and prints everything it wrote there; exits with the
command's status (128 + N when killed by signal N).

    python3 tests/ptyrun.py [--signal NAME] COMMAND ARG...

With --signal (INT, TERM, ...), the command is sent that signal once it has
drawn something ending in a carriage return (a progress line), so a test
sees the line and its clearing whatever the speed of the machine. Gives up
after 120 seconds. Standard library only.
"""
import os
import pty
import select
import signal
import sys
import time


def main(argv):
    args = argv[1:]
    sig = None
    if len(args) >= 2 and args[0] == "--signal":
        sig = getattr(signal, "SIG" + args[1])
        args = args[2:]
    if not args:
        sys.stderr.write(__doc__)
        return 2
    pid, fd = pty.fork()
    if pid == 0:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:
            os.execvp(args[0], args)
        finally:
            os._exit(127)
    out = bytearray()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1.0)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the other side has closed
            break
        if not chunk:
            break
        out += chunk
        if sig and b"\r" in out.replace(b"\r\n", b""):
            os.kill(pid, sig)
            sig = None
    else:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(bytes(out))
    sys.stdout.flush()
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv))

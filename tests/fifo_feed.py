#!/usr/bin/env python3
"""Feeds FILE to whoever opens the named pipe FIFO for reading, once per
reader, until killed. Never blocks, so a reader that opens the pipe a
second time gets nothing (end of file) rather than hanging the test.

    python3 tests/fifo_feed.py FIFO FILE &

Standard library only.
"""
import errno
import os
import sys
import time


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    fifo = argv[1]
    with open(argv[2], "rb") as f:
        data = f.read()
    fed = False  # the reader there now has had the data
    while True:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as e:
            if e.errno != errno.ENXIO:  # ENXIO: no reader
                raise
            fed = False
            time.sleep(0.02)
            continue
        if not fed:
            os.set_blocking(fd, True)
            try:
                os.write(fd, data)
            except OSError:
                pass
            fed = True
        os.close(fd)
        time.sleep(0.02)


if __name__ == "__main__":
    sys.exit(main(sys.argv))

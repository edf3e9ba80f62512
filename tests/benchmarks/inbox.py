"""The SMTP server of the fault benchmark: aiosmtpd in a process of its own, as a mail server is. It spends a
few milliseconds on each message, then writes the message's Message-ID to a file (one per line) and answers
250, as a mail server stores a message before it says so. A process of its own, so that nothing it does
shares an interpreter (or its lock) with the benchmark that kills the mail worker.

Run: python -m tests.benchmarks.inbox PORT FILE DELAY_SECONDS. It prints "ready" once it listens and stops on
SIGTERM.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import threading
from email import message_from_bytes

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self, path: str, delay: float):
        self.delay = delay
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        os.write(self.fd, f"{message_from_bytes(envelope.content)['Message-ID']}\n".encode())
        return "250 Message accepted for delivery"


def main() -> None:
    port, path, delay = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    controller = Controller(Inbox(path, delay), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    stopped.wait()
    controller.stop()


if __name__ == "__main__":
    main()

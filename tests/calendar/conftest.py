import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parent / "parse_ics.cjs"


@pytest.fixture
def thunderbird():
    """Parse iCalendar bytes with ical.js (Thunderbird's parser) under node."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is missing; CI must run the iCalendar client test (see .ci/run)")
        pytest.skip("node is not installed: the ical.js client check needs it")

    def parse(body: bytes) -> dict:
        result = subprocess.run([node, str(SCRIPT)], input=body, capture_output=True, check=True, timeout=30)
        return json.loads(result.stdout)

    return parse

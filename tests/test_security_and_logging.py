import json
import os
import subprocess
import sys
from pathlib import Path


def test_security_headers(client):
    response = client.get("/")
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_load_nothing_from_other_hosts(client):
    html = client.get("/").get_data(as_text=True)
    assert "https://" not in html.split("<main")[0]
    assert "/static/vendor/kern-ux/kern.min.css" in html


def test_access_log_has_route_patterns_not_paths(client, capsys):
    client.get("/password/reset/secret-token-123")
    err = capsys.readouterr().err
    assert "secret-token-123" not in err


def test_cli_output_is_clean_json_logs_go_to_stderr(tmp_path):
    """`flask seed-demo` prints its summary on stdout; every log line on stderr is JSON."""
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "CONFERENCE_ENV": "development",
           "CONFERENCE_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "CONFERENCE_LOG_LEVEL": "INFO"}
    env.pop("DATABASE_URL", None)
    flask = [sys.executable, "-m", "flask", "--app", "conference"]
    upgrade = subprocess.run([*flask, "db", "upgrade"], cwd=root, env=env, capture_output=True, text=True,
                             check=True)
    assert upgrade.stdout.strip() == ""
    assert all(json.loads(line)["level"] for line in upgrade.stderr.splitlines() if line.strip())
    seeded = subprocess.run([*flask, "seed-demo"], cwd=root, env=env, capture_output=True, text=True, check=True)
    assert seeded.stdout.startswith("editions=17 ")
    assert len(seeded.stdout.splitlines()) == 1

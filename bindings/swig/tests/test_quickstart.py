"""examples/quickstart_client.py against the loopback server: it must work
on libh11 and print what the same program prints on h11 once its import line
is switched back."""

import os
import subprocess
import sys
from pathlib import Path

import libh11

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
sys.path.insert(0, str(EXAMPLES))
import loopback_server  # noqa: E402

LIBH11_IMPORT = "import libh11 as h11\n"


def run_client(path, port):
    env = dict(os.environ, PYTHONPATH=str(Path(libh11.__file__).resolve().parent.parent))
    out = subprocess.run([sys.executable, str(path), "127.0.0.1", str(port)], env=env,
                         check=True, capture_output=True, text=True, timeout=60).stdout
    # How many Data events the body arrives in depends on the TCP stack.
    return [line for line in out.splitlines() if not line.startswith("Data: ")]


def test_quickstart_same_on_libh11_and_h11(tmp_path):
    source = (EXAMPLES / "quickstart_client.py").read_text()
    assert source.count(LIBH11_IMPORT) == 1
    on_h11 = tmp_path / "quickstart_h11.py"
    on_h11.write_text(source.replace(LIBH11_IMPORT, "import h11\n"))
    with loopback_server.serving() as (_, port):
        got = run_client(EXAMPLES / "quickstart_client.py", port)
        want = run_client(on_h11, port)
    assert got == want
    assert got[0].startswith("Response(") and "status_code=200" in got[0]
    assert got[1] == "EndOfMessage(headers=<Headers([])>)"
    assert got[2].startswith(f"body: {len(loopback_server.BODY)} bytes")

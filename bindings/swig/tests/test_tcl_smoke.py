"""libh11.i is language-neutral: build it for Tcl (SWIG's second target in
CI) and check one parsed request and one serialised response against what
h11 0.16.0 does with the same input."""

import shutil
import subprocess
from pathlib import Path

import h11
import pytest

HERE = Path(__file__).resolve().parent.parent
ROOT = HERE.parent.parent
TCL_INCLUDE = Path("/usr/include/tcl8.6")

REQUEST = b"GET /hello HTTP/1.1\r\nHost: example.com\r\nX-Demo: 1\r\n\r\n"


def h11_expectation():
    """The smoke script's output, as h11 itself produces it."""
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(REQUEST)
    req = conn.next_event()
    lines = [
        "event Request",
        f"method {req.method.decode()}",
        f"target {req.target.decode()}",
        f"http_version {req.http_version.decode()}",
    ]
    lines += [f"header {n.decode()}: {v.decode()}" for n, v in req.headers.raw_items()]
    lines.append(f"event {type(conn.next_event()).__name__}")
    lines.append(f"states {conn.states[h11.CLIENT]!r} {conn.states[h11.SERVER]!r}")
    out = conn.send(h11.Response(status_code=200, reason=b"OK", headers=[("Content-Length", "5")]))
    out += conn.send(h11.Data(data=b"hello"))
    out += conn.send(h11.EndOfMessage())
    lines.append(f"states {conn.our_state!r} {conn.their_state!r}")
    lines.append(f"output {len(out)}")
    text = out.decode() + "\n"
    bad = h11.Connection(h11.SERVER)
    bad.receive_data(b"gibberish\r\n\r\n")
    with pytest.raises(h11.RemoteProtocolError) as exc:
        bad.next_event()
    # SWIG's generic exception mapping prefixes the Tcl error with its kind
    return "\n".join(lines) + "\n" + text + f"error RuntimeError {exc.value}\n"


def test_tcl_request_and_response(tmp_path):
    for tool in ("swig", "tclsh", "cc"):
        assert shutil.which(tool), f"{tool} is needed for the Tcl smoke test"
    assert (TCL_INCLUDE / "tcl.h").exists(), "tcl-dev is needed for the Tcl smoke test"
    wrapper = tmp_path / "h11_wrap.c"
    module = tmp_path / "h11.so"
    subprocess.run(["swig", "-tcl", "-module", "h11", f"-I{ROOT / 'libh11/include'}",
                    "-o", str(wrapper), str(HERE / "libh11.i")], check=True)
    subprocess.run(["cc", "-shared", "-fPIC", "-O1", "-DH11_STATIC", f"-I{TCL_INCLUDE}",
                    f"-I{ROOT / 'libh11/include'}", f"-I{ROOT / 'libh11/src'}", str(wrapper),
                    *map(str, sorted((ROOT / "libh11/src").glob("*.c"))), "-o", str(module)],
                   check=True)
    got = subprocess.run(["tclsh", str(HERE / "tcl/smoke.tcl"), str(module)], check=True,
                         capture_output=True).stdout.decode()
    assert got == h11_expectation()

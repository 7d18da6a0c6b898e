"""Runs h11 0.16.0's own test suite against libh11.

The suite comes from h11's sdist, fetched with pip into a temporary
directory (or taken from $H11_SDIST, a path to h11-0.16.0.tar.gz). Only the
imports are rewritten; the test code runs unchanged.

Which tests: those that use only h11's public API. A test is selected unless
it uses, at run time, a name that h11 does not export (h11._connection's
_keep_alive and _body_framing, h11._util's validate/bytesify, the private
classes of _headers/_readers/_writers/_state/_receivebuffer) or a private
attribute (`conn._cstate`, `exc._reraise_as_remote_protocol_error`). Names
used only in type annotations (h11._util.Sentinel) do not count. That
selects 36 of the 78 tests, from test_connection, test_events,
test_helpers, test_against_stdlib_http and test_util (test_ProtocolError);
the selection is computed from the source, not listed by hand.

Rewriting: `import h11` becomes `import libh11 as h11`; every
`from .._module import a, b` imports the public names from libh11 and binds
each private name to a placeholder class that raises when used, so a
selected test can never silently touch h11 itself. The real h11 is made
unimportable while the suite runs.

Usage: python upstream.py [pytest args...]  (prints the pass count)
"""

import ast
import os
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

H11_VERSION = "0.16.0"
EXPECTED_SELECTED = 36
RESULT = []  # (passed, total) of runs in this process, for the pytest summary
PACKAGE = "upstream_h11"  # not "h11", so the real package cannot be picked up

PLACEHOLDER = '''
class _NotInLibh11:
    """Stands for a private h11 name: fine in annotations, fatal if used."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError("private h11 name used by a selected upstream test")
'''


def fetch_sdist(dest):
    given = os.environ.get("H11_SDIST")
    if given:
        return Path(given)
    subprocess.check_call(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         "--no-binary", ":all:", f"h11=={H11_VERSION}", "-d", str(dest)]
    )
    return next(Path(dest).glob(f"h11-{H11_VERSION}.tar.gz"))


def _public_names():
    import libh11

    return set(libh11.__all__) | {"MIGHT_SWITCH_PROTOCOL", "PRODUCT_ID", "__version__"}


def rewrite(source, public):
    """Source with h11 imports pointed at libh11; also returns the private
    names it had to stub."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    private = set()
    edits = []
    for node in tree.body:
        if isinstance(node, ast.Import) and [a.name for a in node.names] == ["h11"]:
            edits.append((node, "import libh11 as h11\n"))
        elif isinstance(node, ast.ImportFrom) and node.level == 2:
            names = [a.name for a in node.names]
            pub = [n for n in names if n in public]
            priv = [n for n in names if n not in public]
            private.update(priv)
            text = f"from libh11 import {', '.join(pub)}\n" if pub else ""
            text += "".join(f"{n} = _NotInLibh11\n" for n in priv)
            edits.append((node, text))
    for node, text in sorted(edits, key=lambda e: e[0].lineno, reverse=True):
        lines[node.lineno - 1:node.end_lineno] = [text]
    out = "".join(lines)
    if private:
        out = PLACEHOLDER + out
    return out, private


def _runtime_names(func):
    """Names a test function uses when it runs (annotations excluded), and
    the private attributes it touches, as "._name"."""
    names = set()

    def visit(node):
        if isinstance(node, ast.arg):
            return  # only an annotation hangs off an argument
        if isinstance(node, ast.AnnAssign):
            if node.value is not None:
                visit(node.value)
            visit(node.target)
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for child in node.body + node.decorator_list:
                visit(child)
            for default in node.args.defaults + node.args.kw_defaults:
                if default is not None:
                    visit(default)
            return
        if isinstance(node, ast.Name):
            names.add(node.id)
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                and not node.attr.endswith("__"):
            names.add("." + node.attr)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(func)
    return names


def prepare(workdir):
    """Unpacks and rewrites the suite under workdir; returns (test dir,
    selected node ids, deselected node ids)."""
    workdir = Path(workdir)
    sdist = fetch_sdist(workdir)
    with tarfile.open(sdist) as tar:
        members = [m for m in tar.getmembers() if "/h11/tests/" in m.name]
        tar.extractall(workdir / "sdist", members=members)
    src = next((workdir / "sdist").glob("h11-*/h11/tests"))
    pkg = workdir / PACKAGE
    tests = pkg / "tests"
    tests.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    public = _public_names()
    selected, deselected = [], []
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        target = tests / rel
        if path.is_dir():
            target.mkdir(exist_ok=True)
            continue
        if path.suffix != ".py":
            target.write_bytes(path.read_bytes())
            continue
        code, private = rewrite(path.read_text(), public)
        target.write_text(code)
        if not path.name.startswith("test_"):
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                nodeid = f"{PACKAGE}/tests/{rel}::{node.name}"
                used = _runtime_names(node)
                uses_private = used & private or any(n.startswith(".") for n in used)
                (deselected if uses_private else selected).append(nodeid)
    # The real h11 must not be importable by anything the suite runs.
    (workdir / "conftest.py").write_text(
        "import sys\nsys.modules['h11'] = None\n"
    )
    return workdir, selected, deselected


def run(pytest_args=()):
    """Runs the selected upstream tests; returns (passed, collected, failed
    node ids, output)."""
    with tempfile.TemporaryDirectory(prefix="h11-upstream-") as tmp:
        root, selected, _ = prepare(tmp)
        report = Path(tmp) / "report.xml"
        # the libh11 this process imports is the one the suite must test
        import libh11

        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            [str(Path(libh11.__file__).resolve().parent.parent),
             os.environ.get("PYTHONPATH", "")]))
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
             f"--junitxml={report}", *pytest_args, *selected],
            cwd=root, capture_output=True, text=True, env=env,
        )
        cases = ET.parse(report).getroot().iter("testcase")
        passed, failed, total = 0, [], 0
        for case in cases:
            total += 1
            if any(child.tag in ("failure", "error", "skipped") for child in case):
                failed.append(f"{case.get('classname')}::{case.get('name')}")
            else:
                passed += 1
        return passed, total, failed, proc.stdout + proc.stderr


def main(argv):
    passed, total, failed, output = run(argv)
    print(output)
    print(f"upstream h11 {H11_VERSION} test suite against libh11: "
          f"{passed}/{total} passed (expected {EXPECTED_SELECTED} selected)")
    for name in failed:
        print("  FAILED", name)
    return 0 if passed == total == EXPECTED_SELECTED else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

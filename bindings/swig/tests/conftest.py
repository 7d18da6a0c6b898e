import sys
from pathlib import Path

# upstream.py is a helper module beside the tests, not an installed one.
sys.path.insert(0, str(Path(__file__).resolve().parent))


def pytest_terminal_summary(terminalreporter):
    import upstream

    for passed, total in upstream.RESULT:
        terminalreporter.write_line(
            f"upstream h11 {upstream.H11_VERSION} test suite against libh11: "
            f"{passed}/{total} passed"
        )

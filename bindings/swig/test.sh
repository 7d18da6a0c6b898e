#!/usr/bin/env bash
# The SWIG binding's stage of tools/test.sh (run from the repository root,
# with PYTHON set): pip-installs ./bindings/swig the way a user would (SWIG
# runs, the core is compiled in), then runs its pytest suite against that
# installation: the shared vectors, h11 0.16.0's own public-API tests (the
# pass count is printed at the end), API parity with h11, the quickstart
# example, and the Tcl build of the same interface file.
set -euo pipefail
PYTHON=${PYTHON:-python3}
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT

"$PYTHON" -m pip install --quiet --no-deps --target "$site" ./bindings/swig
PYTHONPATH=$site "$PYTHON" -m pytest -q -p no:cacheprovider bindings/swig/tests

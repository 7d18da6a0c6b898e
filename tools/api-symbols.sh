#!/usr/bin/env bash
# Prints the public API, one function name per line, sorted: every
# prototype in h11.h starts a line with H11_API and names its function
# before the first parenthesis.
set -euo pipefail
cd "$(dirname "$0")/.."
grep -E '^H11_API ' libh11/include/h11/h11.h |
    sed -E 's/^[^(]*[ *](h11_[a-z0-9_]+)\(.*/\1/' | sort

#!/usr/bin/env python3
"""Shows that the shared vectors have teeth: breaks one h11 rule at a time in
a copy of the C core, runs the C vector runner, and prints how many vectors
each mutation fails. Every mutation must fail at least one vector.

    python3 tools/mutation_check.py          # needs cmake, a C compiler, jansson, check

It works on `git archive HEAD` in a temporary directory, so the checkout is
never touched. A mutation whose text no longer matches the source is an error:
update the table when the code it mutates changes.
"""
import os
import subprocess
import sys
import tempfile

MUTATIONS = [
    ("chunk footer not checked (a chunk without its CRLF is accepted)", "libh11/src/h11_readers.c",
     "        r->footer_left = 2;\n", "        r->footer_left = 0;\n"),
    ("Host check dropped on received requests", "libh11/src/h11_readers.c",
     '        if (hosts == 0 && h11__bytes_eq(ev->http_version, "1.1"))\n'
     '            return h11__err_start(ctx->err, H11_HINT_DEFAULT, "Missing mandatory Host: header");',
     "        (void)0;"),
    ("no Connection: close for an HTTP/1.0 peer", "libh11/src/h11_connection.c",
     '            need_close = !(method && h11__bytes_eq(*method, "HEAD"));',
     "            need_close = false;"),
    ("Content-Length wins over Transfer-Encoding", "libh11/src/h11_connection.c",
     "    if ((present & H11_HDR_TRANSFER_ENCODING) &&",
     "    if (!(present & H11_HDR_CONTENT_LENGTH) && (present & H11_HDR_TRANSFER_ENCODING) &&"),
    ("bare LF LF no longer ends a head", "libh11/src/h11_receivebuffer.c",
     "            if (i + 1 < len && base[i + 1] == '\\n') {",
     "        if (0) {"),
    ("keep-alive ignores Connection: close", "libh11/src/h11_int.h",
     "    if ((present & H11_HDR_CONNECTION) &&", "    if (0 && (present & H11_HDR_CONNECTION) &&"),
    ("20-digit Content-Length refused (19 digits max)", "libh11/src/h11_headers.c",
     "#define H11_CONTENT_LENGTH_MAX_DIGITS 20", "#define H11_CONTENT_LENGTH_MAX_DIGITS 19"),
    ("no PAUSED for pipelined bytes after DONE", "libh11/src/h11_connection.c",
     "    if (state == H11_DONE && h11__rbuf_len(&c->rb))\n        return H11_PAUSED;", "    (void)0;"),
]


def run(cmd, cwd, **kw):
    return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True, **kw)


def vector_summary(tree):
    run(["cmake", "--build", "build", "-j2", "--target", "vector_runner"], tree)
    out = subprocess.run(["./build/tests/vector_runner", "tests/vectors"], cwd=tree,
                         capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1]


def main():
    root = run(["git", "rev-parse", "--show-toplevel"], os.getcwd()).stdout.strip()
    with tempfile.TemporaryDirectory() as tree:
        archive = subprocess.run(["git", "archive", "HEAD"], cwd=root, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tree], input=archive, check=True)
        run(["cmake", "-S", ".", "-B", "build", "-DH11_BUILD_TESTS=ON", "-DH11_WERROR=OFF",
             "-DCMAKE_BUILD_TYPE=Release"], tree)
        baseline = vector_summary(tree)
        print("%-66s %s" % ("unmutated", baseline))
        if not baseline.endswith(" 0 failed"):
            sys.exit("the unmutated tree already fails vectors: nothing to compare with")
        toothless = 0
        for name, path, old, new in MUTATIONS:
            full = os.path.join(tree, path)
            src = open(full).read()
            if src.count(old) != 1:
                sys.exit("mutation %r no longer matches %s" % (name, path))
            with open(full, "w") as f:
                f.write(src.replace(old, new))
            summary = vector_summary(tree)
            with open(full, "w") as f:
                f.write(src)
            print("%-66s %s" % (name, summary))
            toothless += summary.endswith(" 0 failed")
        sys.exit(1 if toothless else 0)


if __name__ == "__main__":
    main()

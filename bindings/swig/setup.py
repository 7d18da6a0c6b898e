"""Builds libh11._core: SWIG's Python wrapper of libh11.i compiled together
with the libh11 C sources, so the extension needs no installed libh11.

The C core is taken from the repository this directory lives in (or from
LIBH11_ROOT): libh11/src/*.c, the source of truth, or the two-file
amalgamation dist/libh11.c when only that is present.
"""

import os
import shutil
import subprocess
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("LIBH11_ROOT", HERE.parent.parent))


def core_sources():
    """(C sources, include dirs) of the core to compile in."""
    src = sorted((ROOT / "libh11" / "src").glob("*.c"))
    if src:
        return src, [ROOT / "libh11" / "include", ROOT / "libh11" / "src"]
    amalgamation = ROOT / "dist" / "libh11.c"
    if amalgamation.exists():
        return [amalgamation], [ROOT / "dist"]
    raise SystemExit(
        f"libh11 C sources not found under {ROOT} (libh11/src/*.c or dist/libh11.c); "
        "set LIBH11_ROOT to a libh11 checkout"
    )


class BuildWithSwig(build_ext):
    """Runs SWIG at build time; the generated wrapper is not kept in git."""

    def build_extension(self, ext):
        swig = shutil.which(os.environ.get("SWIG", "swig")) or shutil.which("swig4.0")
        if not swig:
            raise SystemExit("swig (4.x) is needed to build libh11._core")
        sources, includes = core_sources()
        out = Path(self.build_temp)
        out.mkdir(parents=True, exist_ok=True)
        wrapper = out / "core_wrap.c"
        subprocess.check_call(
            [swig, "-python", "-builtin", "-O", "-outdir", str(out), "-o", str(wrapper)]
            + [f"-I{d}" for d in includes]
            + [str(HERE / "libh11.i")]
        )
        ext.sources = [str(wrapper)] + [str(s) for s in sources]
        ext.include_dirs = [str(d) for d in includes]
        super().build_extension(ext)


setup(
    ext_modules=[
        Extension(
            "libh11._core",
            sources=[],  # filled in by BuildWithSwig
            define_macros=[("H11_STATIC", None)],
            extra_compile_args=["-O2", "-fvisibility=hidden", "-std=c99"],
        )
    ],
    cmdclass={"build_ext": BuildWithSwig},
)

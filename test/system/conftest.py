"""Shared fixtures for the system tests.

Our binaries are found through BINDERY_BUILDDIR (the top build directory;
test/system/run-pytest.sh sets it).  Debian's BIND tools are the oracle.
A missing binary is an error, never a skip.
"""
import os
import shutil

import pytest

SRCDIR = os.environ.get(
    "BINDERY_SRCDIR",
    os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
BUILDDIR = os.environ.get("BINDERY_BUILDDIR", os.path.join(SRCDIR, "build"))
CORPUS = os.path.abspath(os.path.join(SRCDIR, "..", "shared", "corpus"))


def ours(tool):
    """Path of one of our tools in the build tree; fails if absent."""
    for sub in ("tools", "named", "."):
        path = os.path.join(BUILDDIR, sub, tool)
        if os.access(path, os.X_OK):
            return path
    pytest.fail(f"our {tool} is not built under {BUILDDIR}")


def bind(tool):
    """Path of Debian's BIND tool; fails if absent."""
    for d in ("/usr/bin", "/usr/sbin"):
        path = os.path.join(d, tool)
        if os.access(path, os.X_OK):
            return path
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"BIND's {tool} is not installed")
    return path


@pytest.fixture
def corpus_dir():
    if not os.path.isdir(CORPUS):
        pytest.fail(f"corpus not found at {CORPUS}")
    return CORPUS

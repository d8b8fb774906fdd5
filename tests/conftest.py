"""Shared fixtures: an isolated home for argos, and the synthetic zh→en package.

argostranslate creates folders under ``~/.local/share`` etc. when imported, so HOME and
the XDG variables point into a temporary folder before anything imports it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_HOME = Path(tempfile.mkdtemp(prefix="bilingual-test-home-"))
os.environ["HOME"] = str(_HOME)
for var, sub in (("XDG_DATA_HOME", ".local/share"), ("XDG_CONFIG_HOME", ".config"), ("XDG_CACHE_HOME", ".cache")):
    os.environ[var] = str(_HOME / sub)
os.environ["ARGOS_PACKAGES_DIR"] = str(_HOME / "no-packages-here")
os.environ["BILINGUAL_MODELS_DIR"] = str(_HOME / "no-models-here")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "wang-jian-sora.txt"
SYNTHETIC_OUTPUT_TOKENS = 6


@pytest.fixture(scope="session")
def synthetic_argosmodel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real CTranslate2 + SentencePiece package with random weights, built once."""
    from tests.synthetic_package import build_package

    corpus = EXAMPLE.read_text(encoding="utf-8").splitlines()
    return build_package(
        tmp_path_factory.mktemp("synthetic") / "translate-zh_en-synthetic.argosmodel",
        corpus,
        output_tokens=SYNTHETIC_OUTPUT_TOKENS,
    )


@pytest.fixture(scope="session")
def installed_packages_dir(synthetic_argosmodel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A packages folder where `bilingual models install FILE` installed the synthetic package."""
    directory = tmp_path_factory.mktemp("argos-packages")
    previous = os.environ["ARGOS_PACKAGES_DIR"]
    os.environ["ARGOS_PACKAGES_DIR"] = str(directory)
    try:
        result = invoke("models", "install", synthetic_argosmodel)
    finally:
        os.environ["ARGOS_PACKAGES_DIR"] = previous
    assert result.exit_code == 0, result.output
    return directory


@pytest.fixture
def with_model(installed_packages_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(installed_packages_dir))
    return installed_packages_dir


@pytest.fixture
def without_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    empty = tmp_path / "empty-packages"
    empty.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(empty))
    return empty


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty working folder (so output/ and glossary/ defaults start empty)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str):
    """Run ``bilingual ARGS…`` in this process, as a user would type it; the result has the
    exit code and everything printed (stdout and stderr together)."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    return CliRunner().invoke(app, [str(a) for a in args])

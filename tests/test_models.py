"""Installing and finding argos packages, including the broken ones users meet."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from pipeline.errors import ModelError, ModelNotInstalled
from pipeline.models import find_package, install_from_file, scan_packages


def make_zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def metadata(from_code: str = "zh", to_code: str = "en") -> str:
    return json.dumps({"from_code": from_code, "to_code": to_code, "package_version": "1.0", "type": "translate"})


def valid_members(top: str = "pkg", **meta) -> dict[str, bytes | str]:
    return {f"{top}/metadata.json": metadata(**meta), f"{top}/model/model.bin": b"x", f"{top}/sentencepiece.model": b"x"}


def test_installed_synthetic_package_is_found(with_model):
    package = find_package()
    assert (package.from_code, package.to_code, package.version) == ("zh", "en", "0.0.1-synthetic")


def test_no_package_raises_model_not_installed_with_the_hint(without_model):
    with pytest.raises(ModelNotInstalled, match="bilingual models install FILE.argosmodel"):
        find_package()


def test_a_corrupt_zip_is_refused(without_model, tmp_path):
    bad = tmp_path / "bad.argosmodel"
    bad.write_bytes(b"PK\x03\x04 definitely not a zip")
    with pytest.raises(ModelError, match="not a valid .argosmodel"):
        install_from_file(bad)
    assert list(without_model.iterdir()) == []


@pytest.mark.parametrize(
    "members, message",
    [
        ({**valid_members(), "../evil.txt": b"x"}, "outside the package folder"),
        ({**valid_members(), "/etc/evil": b"x"}, "outside the package folder"),
        ({**valid_members("a"), **valid_members("b")}, "exactly one top folder"),
        (valid_members(to_code="de"), "zh→de, not zh→en"),
        ({"pkg/model/model.bin": b"x", "pkg/sentencepiece.model": b"x"}, "no metadata.json"),
        ({"pkg/metadata.json": metadata(), "pkg/sentencepiece.model": b"x"}, "no model/model.bin"),
    ],
    ids=["dotdot", "absolute", "two-tops", "wrong-pair", "no-metadata", "no-model"],
)
def test_unsafe_or_wrong_packages_are_refused_and_nothing_is_written(without_model, tmp_path, members, message):
    archive = make_zip(tmp_path / "p.argosmodel", members)
    with pytest.raises(ModelError, match=message):
        install_from_file(archive)
    assert list(without_model.iterdir()) == []
    assert not (tmp_path / "evil.txt").exists()


def test_a_folder_without_metadata_does_not_hide_the_good_package(with_model, tmp_path, monkeypatch):
    packages = tmp_path / "packages"
    packages.mkdir()
    for item in with_model.iterdir():
        (packages / item.name).symlink_to(item)
    (packages / "leftover").mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    good, broken = scan_packages()
    assert [b.reason for b in broken] == ["no metadata.json"]
    assert find_package().name == "translate-zh_en-synthetic"


def test_a_package_with_deleted_model_files_is_reported_as_broken(without_model, tmp_path):
    install_from_file(make_zip(tmp_path / "p.argosmodel", valid_members()))
    (without_model / "pkg" / "model" / "model.bin").unlink()
    with pytest.raises(ModelError, match="broken: no model/model.bin"):
        find_package()

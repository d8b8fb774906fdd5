"""Installing and finding argos packages, including the broken ones users meet."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from pipeline.errors import InstallError, ModelError, ModelNotInstalled
from pipeline.translate.models import find_model, install_from_file, scan_packages


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
    package = find_model()
    assert (package.from_code, package.to_code, package.version) == ("zh", "en", "0.0.1-synthetic")


def test_no_package_raises_model_not_installed_with_the_hint(without_model):
    with pytest.raises(ModelNotInstalled, match="bilingual models install FILE.argosmodel"):
        find_model()


def test_a_corrupt_zip_is_refused(without_model, tmp_path):
    bad = tmp_path / "bad.argosmodel"
    bad.write_bytes(b"PK\x03\x04 definitely not a zip")
    with pytest.raises(InstallError, match="not a valid .argosmodel"):
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
    with pytest.raises(InstallError, match=message):
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
    assert find_model().name == "translate-zh_en-synthetic"


def test_a_package_with_deleted_model_files_is_reported_as_broken(without_model, tmp_path):
    install_from_file(make_zip(tmp_path / "p.argosmodel", valid_members()))
    (without_model / "pkg" / "model" / "model.bin").unlink()
    with pytest.raises(ModelError, match="broken: no model/model.bin"):
        find_model()


class _Server:
    """A package index on loopback: serves index.json and the package, or never answers."""

    def __init__(self, files: dict[str, bytes], hang: bool = False):
        import http.server
        import socket
        import threading

        if hang:
            self.sock = socket.socket()
            self.sock.bind(("127.0.0.1", 0))
            self.sock.listen(1)  # accepts connections, never answers
            self.port = self.sock.getsockname()[1]
            self.httpd = None
            return

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = files.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()
        else:
            self.sock.close()


def test_install_downloads_from_the_index_with_a_size_check(without_model, synthetic_argosmodel, monkeypatch):
    import pipeline.translate.models as models
    from typer.testing import CliRunner

    from pipeline.cli import app

    files: dict[str, bytes] = {}  # the handler reads this dict: fill it once the port is known
    server = _Server(files)
    base = f"http://127.0.0.1:{server.port}"
    index = [{"from_code": "zh", "to_code": "en", "package_version": "1.9", "links": [f"{base}/zh_en.argosmodel"]},
             {"from_code": "en", "to_code": "zh", "package_version": "1.9", "links": [f"{base}/en_zh.argosmodel"]}]
    files.update({"/index.json": json.dumps(index).encode(), "/zh_en.argosmodel": synthetic_argosmodel.read_bytes()})
    monkeypatch.setattr(models, "index_url", lambda: f"{base}/index.json")
    try:
        result = CliRunner().invoke(app, ["models", "install"])
    finally:
        server.close()
    assert result.exit_code == 0, result.output
    assert find_model().version == "0.0.1-synthetic"


@pytest.mark.slow
def test_an_index_that_never_answers_times_out_with_the_hint(without_model, monkeypatch):
    import pipeline.translate.models as models

    server = _Server({}, hang=True)
    monkeypatch.setattr(models, "index_url", lambda: f"http://127.0.0.1:{server.port}/index.json")
    monkeypatch.setattr(models, "NETWORK_TIMEOUT", 1.0)
    try:
        with pytest.raises(InstallError, match="cannot reach the argos package index.*timed out"):
            models.download_package(without_model, timeout=models.NETWORK_TIMEOUT)
    finally:
        server.close()


def test_with_two_models_the_list_marks_the_one_used_and_run_can_choose(with_model: Path, tmp_path: Path, monkeypatch):
    import shutil

    from tests.conftest import EXAMPLE, invoke

    packages = tmp_path / "packages"
    shutil.copytree(with_model, packages)
    shutil.copytree(packages / "translate-zh_en-synthetic", packages / "translate-zh_en-another")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    listed = invoke("models", "list")
    assert "translate-zh_en-another\targos\tzh→en\t0.0.1-synthetic\tok (used)" in listed.output
    assert "translate-zh_en-synthetic\targos\tzh→en\t0.0.1-synthetic\tok\n" in listed.output
    monkeypatch.chdir(tmp_path)
    chosen = invoke("run", EXAMPLE, "--model", "translate-zh_en-synthetic", "--no-cache", "-o", "a.docx")
    assert chosen.exit_code == 0 and "by translate-zh_en-synthetic 0.0.1-synthetic" in chosen.output
    default = invoke("run", EXAMPLE, "--no-cache", "-o", "b.docx")
    assert "by translate-zh_en-another 0.0.1-synthetic" in default.output
    unknown = invoke("run", EXAMPLE, "--model", "nope", "--no-cache", "-o", "c.docx")
    assert unknown.exit_code == 2 and "no zh→en model named 'nope'" in unknown.output
    assert "installed: translate-zh_en-another, translate-zh_en-synthetic" in unknown.output

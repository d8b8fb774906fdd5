"""Find, install and remove argos translation packages.

We use argostranslate's package format and folder (``argostranslate.settings``), so
packages installed by other argos tools are found and ours are usable by them. We read the
metadata and install ourselves rather than through ``argostranslate.package``: its
installer accepts any zip (paths escaping the folder included), one broken folder makes
``get_installed_packages`` fail for every package, and its network calls have no timeout.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.errors import InstallError, ModelError, ModelNotInstalled, command
from pipeline.translate.folders import NETWORK_TIMEOUT

FROM_CODE, TO_CODE = "zh", "en"
def install_hint() -> str:
    return (f"install it with {command('models install')} (downloads it from the argos package index; "
            f"needs internet) or {command('models install FILE.argosmodel')} (from a file you downloaded)")


@dataclass(frozen=True)
class InstalledModel:
    """An installed zh→en model of any kind: an argos package (``argos``), a CTranslate2
    sequence-to-sequence folder (``ctranslate2``) or a CTranslate2 decoder-only LLM (``llm``).
    What the engines need to know of its files comes from here, whatever the layout."""

    path: Path
    from_code: str
    to_code: str
    version: str
    name: str
    kind: str = "argos"

    @property
    def card(self) -> dict:
        """argos' ``metadata.json``, or what ``models install`` learnt of a folder."""
        if self.kind == "argos":
            return _metadata(self.path)
        from pipeline.translate.folders import read_card

        return read_card(self.path)

    @property
    def model_dir(self) -> Path:
        return self.path / "model" if self.kind == "argos" else self.path

    @property
    def source_tokenizer(self) -> Path:
        return self.path / ("sentencepiece.model" if self.kind == "argos" else self.card.get("source_tokenizer", ""))

    @property
    def target_tokenizer(self) -> Path:
        return self.path / ("sentencepiece.model" if self.kind == "argos" else self.card.get("target_tokenizer", ""))

    @property
    def source_prefix(self) -> list[str]:
        return list(self.card.get("source_prefix", []))

    @property
    def source_suffix(self) -> list[str]:
        return list(self.card.get("source_suffix", []))

    @property
    def target_prefix(self) -> str:
        return self.card.get("target_prefix", "")


@dataclass(frozen=True)
class BrokenPackage:
    path: Path
    reason: str


def packages_dir() -> Path:
    """The argos packages folder, as argos' own settings give it (``ARGOS_PACKAGES_DIR`` or
    argos' ``settings.json``, else its data folder). Asked through ``get_setting`` on every
    call: the module-level ``settings.package_data_dir`` is fixed when argos is imported."""
    settings = argos_settings()  # light: no sentence splitter, no model
    return Path(settings.get_setting("ARGOS_PACKAGES_DIR", default=settings.data_dir / "packages"))


def argos_settings():
    """argos' settings module. Importing it makes its packages folder; an ``ARGOS_PACKAGES_DIR``
    naming a file made that import raise (a traceback): said in one line instead."""
    import os

    named = os.environ.get("ARGOS_PACKAGES_DIR")
    if named and os.path.exists(named) and not os.path.isdir(named):
        raise InstallError("the packages folder is a file: ARGOS_PACKAGES_DIR must name the packages folder", path=Path(named),
                           hint="set ARGOS_PACKAGES_DIR to a folder (or unset it for argos' default)")
    from argostranslate import settings

    return settings


def _metadata(path: Path) -> dict:
    with open(path / "metadata.json", encoding="utf-8") as f:
        return json.load(f)


def _visible_folders(directory: Path) -> list[Path]:
    """The folders a models folder holds, by name; hidden ones (an install in progress) left out."""
    if not directory.is_dir():
        return []
    return [p for p in sorted(directory.iterdir()) if p.is_dir() and not p.name.startswith(".")]


def scan_packages(directory: Path | None = None) -> tuple[list[InstalledModel], list[BrokenPackage]]:
    """Installed packages and the folders that are not usable packages, with the reason."""
    good: list[InstalledModel] = []
    broken: list[BrokenPackage] = []
    for path in _visible_folders(directory or packages_dir()):
        try:
            meta = _metadata(path)
        except FileNotFoundError:
            broken.append(BrokenPackage(path, "no metadata.json"))
            continue
        except (OSError, ValueError) as err:
            broken.append(BrokenPackage(path, f"unreadable metadata.json ({err})"))
            continue
        if not isinstance(meta, dict):
            broken.append(BrokenPackage(path, "metadata.json is not an object"))
            continue
        good.append(
            InstalledModel(
                path=path,
                from_code=str(meta.get("from_code", "")),
                to_code=str(meta.get("to_code", "")),
                version=str(meta.get("package_version", "")),
                name=path.name,
            )
        )
    return good, broken


def scan_folders(directory: Path | None = None) -> tuple[list[InstalledModel], list[BrokenPackage]]:
    """The CTranslate2 model folders ``models install FOLDER`` installed, and the broken ones."""
    from pipeline.translate.folders import models_dir, read_card

    good: list[InstalledModel] = []
    broken: list[BrokenPackage] = []
    for path in _visible_folders(directory or models_dir()):
        try:
            card = read_card(path)
            good.append(InstalledModel(path, str(card.get("from_code", "zh")), str(card.get("to_code", "en")),
                                       str(card.get("version", "")), path.name, str(card.get("kind", "ctranslate2"))))
        except (OSError, ValueError) as err:
            broken.append(BrokenPackage(path, f"not installed by `bilingual models install` ({err.__class__.__name__})"))
    return good, broken


def installed_models() -> tuple[list[InstalledModel], list[BrokenPackage]]:
    """Every installed model: argos packages first (the default stays what it was), then
    the model folders."""
    packages, broken = scan_packages()
    folders, broken_folders = scan_folders()
    return packages + folders, broken + broken_folders


def find_model(name: str | None = None, from_code: str = FROM_CODE, to_code: str = TO_CODE) -> InstalledModel:
    """The installed model for the pair — the one named ``name`` (``--model``), else the
    first (argos packages by folder name, then model folders) — checked enough that
    loading it will work."""
    from pipeline.translate.folders import models_dir

    models, _ = installed_models()
    pair = [m for m in models if m.from_code == from_code and m.to_code == to_code]
    places = f"{packages_dir()} or {models_dir()}"
    if name is not None and not any(m.name == name for m in pair):
        known = ", ".join(m.name for m in pair) or "none"
        raise ModelNotInstalled(f"no {from_code}→{to_code} model named {name!r} is installed in {places}",
                                hint=f"installed: {known} (see {command('models list')})")
    for model in pair:
        if name is None or model.name == name:
            problem = model_problem(model)
            if problem:
                raise ModelError(
                    f"the {from_code}→{to_code} model is broken: {problem}",
                    path=model.path,
                    hint=f"reinstall it: {command(f'models remove {model.name}')}, then {install_hint()}",
                )
            return model
    raise ModelNotInstalled(f"no {from_code}→{to_code} translation model is installed in {places}", hint=install_hint())


def model_problem(model: InstalledModel) -> str | None:
    """What is missing from an installed model, or None if it looks complete."""
    if model.kind == "argos":
        return package_problem(model.path)
    try:
        card = model.card
    except (OSError, ValueError) as err:
        return f"unreadable {err}"
    needed = ["model.bin", "config.json"] + [card[key] for key in ("source_tokenizer", "target_tokenizer", "tokenizer") if key in card]
    missing = [file for file in needed if not (model.path / file).is_file()]
    return f"no {', '.join(missing)}" if missing else None


def package_problem(path: Path) -> str | None:
    """What is missing from an unpacked argos package, or None if it looks complete."""
    if not (path / "metadata.json").is_file():
        return "no metadata.json"
    if not (path / "model" / "model.bin").is_file():
        return "no model/model.bin"
    if not (path / "sentencepiece.model").is_file():
        return "no sentencepiece.model (BPE packages are not supported)"
    return None


def install_from_file(archive: Path, *, from_code: str = FROM_CODE, to_code: str = TO_CODE) -> InstalledModel:
    """Validate an ``.argosmodel`` zip and unpack it into the packages folder.

    It must hold exactly one top folder with ``metadata.json`` for the right language pair,
    a ``model/`` folder and a SentencePiece tokenizer, and no member may point outside that
    folder. Unpacking goes to a temporary folder first, so a failure leaves nothing behind.
    """
    with _open_archive(archive) as zf:
        top, meta = _checked_contents(zf, archive, from_code, to_code)
        target = _unpack(zf, top, archive)
    return InstalledModel(target, from_code, to_code, str(meta.get("package_version", "")), top)


def _open_archive(archive: Path) -> zipfile.ZipFile:
    if not archive.exists():
        raise InstallError("no such file", path=archive)
    if archive.is_dir():
        raise InstallError("is a directory, not an .argosmodel file", path=archive)
    try:
        return zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as err:
        raise InstallError(f"is not a valid .argosmodel (zip) file ({err})", path=archive) from None


def _checked_contents(zf: zipfile.ZipFile, archive: Path, from_code: str, to_code: str) -> tuple[str, dict]:
    """The package's one top folder and its metadata, once every rule above holds."""
    names = [info.filename for info in zf.infolist()]
    tops = set()
    for name in names:
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if not parts or name.startswith("/") or ".." in parts or ":" in parts[0]:
            raise InstallError(f"refusing to install: member {name!r} points outside the package folder", path=archive)
        tops.add(parts[0])
    if len(tops) != 1:
        raise InstallError(f"an .argosmodel must hold exactly one top folder, this one has {len(tops)}", path=archive)
    top = tops.pop()
    if top.startswith("."):
        raise InstallError(f"its top folder {top!r} is hidden: installed, it would be invisible to every argos tool", path=archive,
                           hint="repack it with a visible folder name")
    try:
        meta = json.loads(zf.read(f"{top}/metadata.json"))
    except KeyError:
        raise InstallError("no metadata.json in the package", path=archive) from None
    except (ValueError, zipfile.BadZipFile) as err:
        raise InstallError(f"unreadable metadata.json ({err})", path=archive) from None
    if not isinstance(meta, dict):
        raise InstallError("metadata.json is not an object", path=archive)
    wrong = [key for key in ("from_code", "to_code", "package_version", "target_prefix")
             if key in meta and not isinstance(meta[key], str)]
    if wrong:
        raise InstallError(f"metadata.json has values of the wrong type ({', '.join(f'{k}: {meta[k]!r}' for k in wrong)}; text expected)",
                           path=archive)
    pair = (meta.get("from_code"), meta.get("to_code"))
    if pair != (from_code, to_code):
        raise InstallError(f"this package translates {pair[0]}→{pair[1]}, not {from_code}→{to_code}", path=archive)
    for required in ("model/model.bin", "sentencepiece.model"):
        if f"{top}/{required}" not in names:
            raise InstallError(f"no {required} in the package", path=archive)
    return top, meta


def _unpack(zf: zipfile.ZipFile, top: str, archive: Path) -> Path:
    """Unpack into a staging folder beside the target, then rename it into place."""
    directory = packages_dir()
    if directory.exists() and not directory.is_dir():
        raise InstallError("the packages folder is a file", path=directory, hint="move it away, or set ARGOS_PACKAGES_DIR to a folder")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=directory))
    except OSError as err:
        raise InstallError(f"the packages folder cannot be written ({err.strerror or err})", path=directory,
                           hint="set ARGOS_PACKAGES_DIR to a folder you may write") from None
    target = directory / top
    try:
        try:
            zf.extractall(staging)
        except (zipfile.BadZipFile, OSError, EOFError) as err:
            raise InstallError(f"the zip is damaged ({err})", path=archive) from None
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging / top, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def package_rows() -> list[tuple[str, ...]]:
    """``models list``: name, kind, pair, version and state of every installed model; the
    zh→en model a run uses without ``--model`` is marked ``ok (used)``."""
    models, broken = installed_models()
    used = next((m.name for m in models if (m.from_code, m.to_code) == (FROM_CODE, TO_CODE)), None)
    rows = []
    for m in models:
        problem = model_problem(m)
        state = f"BROKEN: {problem}" if problem else ("ok (used)" if m.name == used else "ok")
        rows.append((m.name, m.kind, f"{m.from_code}→{m.to_code}", m.version, state))
    return rows + [(b.path.name, "?", "?", "?", f"BROKEN: {b.reason}") for b in broken]


def ensure_model(given: str | None, *, if_missing: bool, say: Callable[[str], None], progress) -> tuple[InstalledModel, bool]:
    """``models install``: from an ``.argosmodel``, a CTranslate2 model folder (or a
    ``.tar.gz``/``.zip`` of one), a published model's name (``quickmt-zh-en``, fetched from
    its hub page), or without an argument the argos index's zh→en package (``progress()``
    gives the callback for bytes received); with ``if_missing``, an installed model is kept.
    Returns the model and whether it was installed now."""
    from pipeline.translate.folders import HUB_MODELS, download_hub_model, install_folder

    if if_missing:
        try:
            return find_model(), False
        except ModelNotInstalled:
            pass
    with tempfile.TemporaryDirectory() as tmp:
        if given is None:
            say("downloading the zh→en model from the argos package index…")
            with progress() as update:
                downloaded = download_package(Path(tmp), progress=update)
            return install_from_file(downloaded), True
        path = Path(given)
        if given in HUB_MODELS and not path.exists():
            say(f"downloading {given} from its hub page…")
            with progress() as update:
                path = download_hub_model(given, Path(tmp), progress=update)
        if path.suffix == ".argosmodel" or _is_argos_zip(path):
            return install_from_file(path), True
        installed = install_folder(path, given if given in HUB_MODELS else None)
    folders, _ = scan_folders(installed.parent)
    return next(m for m in folders if m.path == installed), True


def _is_argos_zip(path: Path) -> bool:
    """A zip whose one top folder holds ``metadata.json`` (an argos package named otherwise)."""
    if not path.is_file() or not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as zf:
        return any(PurePosixPath(n).parts[1:] == ("metadata.json",) for n in zf.namelist())


def remove_model(name: str) -> Path:
    """Remove an installed argos package or model folder by its name."""
    from pipeline.translate.folders import models_dir

    for directory in (packages_dir(), models_dir()):
        target = directory / name
        if name and "/" not in name and name not in (".", "..") and target.is_dir():
            shutil.rmtree(target)
            return target
    raise ModelError(f"no installed model named {name!r}", path=packages_dir(), hint=f"see {command('models list')}")


def index_url() -> str:
    return argos_settings().remote_package_index


def fetch_index(timeout: float = NETWORK_TIMEOUT) -> list[dict]:
    url = index_url()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return json.loads(response.read())
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        raise InstallError(
            f"cannot reach the argos package index at {url} ({reason})",
            hint="without internet, download translate-zh_en-*.argosmodel elsewhere and run "
            f"{command('models install FILE.argosmodel')}",
        ) from None


Progress = Callable[[int, int | None], None]


def download_package(
    destination_dir: Path,
    *,
    progress: Progress | None = None,
    timeout: float = NETWORK_TIMEOUT,
    from_code: str = FROM_CODE,
    to_code: str = TO_CODE,
) -> Path:
    """Download the pair's package from the argos index into ``destination_dir``."""
    candidates = [
        p for p in fetch_index(timeout)
        if p.get("from_code") == from_code and p.get("to_code") == to_code and p.get("links")
    ]
    if not candidates:
        raise InstallError(f"the argos package index has no {from_code}→{to_code} package")
    meta = max(candidates, key=lambda p: _version_key(str(p.get("package_version", "0"))))
    errors = []
    for link in meta["links"]:
        target = destination_dir / f"translate-{from_code}_{to_code}-{meta.get('package_version', '')}.argosmodel"
        try:
            _download(link, target, progress, timeout)
            return target
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            errors.append(f"{link}: {getattr(err, 'reason', err)}")
    raise InstallError("download failed: " + "; ".join(errors), hint=install_hint())


def _download(url: str, target: Path, progress: Progress | None, timeout: float) -> None:
    request = urllib.request.Request(url, headers={"User-Agent": "bilingual-edition"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        total = response.headers.get("Content-Length")
        expected = int(total) if total and total.isdigit() else None
        if expected is not None:
            # the zip, then its unpacked copy in the packages folder
            free = shutil.disk_usage(target.parent).free
            if free < 3 * expected:
                raise InstallError(
                    f"not enough disk space for the model: {expected / 1e6:.0f} MB to download, "
                    f"{free / 1e6:.0f} MB free in {target.parent}"
                )
        done = 0
        with open(target, "wb") as out:
            while chunk := response.read(1 << 16):
                out.write(chunk)
                done += len(chunk)
                if progress:
                    progress(done, expected)
    if expected is not None and done != expected:
        raise OSError(f"incomplete download: {done} of {expected} bytes")


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.replace("-", ".").split(".") if p.isdigit())

"""CTranslate2 model folders: the better models published outside argos' index.

A folder holds ``model.bin`` and ``config.json`` (CTranslate2's format) and its tokenizer;
the tokenizer files tell the layout, and the layout tells how sentences are encoded:

==========  ===================================  ==========================================
layout      tokenizer files                       examples
==========  ===================================  ==========================================
quickmt     ``src.spm.model``, ``tgt.spm.model``   quickmt-zh-en (published in this format)
opus-mt     ``source.spm``, ``target.spm``         OPUS-MT/Marian via ``ct2-opus-mt-converter``
m2m100      ``sentencepiece.bpe.model`` + ``__zh__``  M2M-100 (language tokens ``__zh__``/``__en__``)
nllb        ``sentencepiece.bpe.model`` + ``zho_Hans``  NLLB-200 (``zho_Hans``/``eng_Latn``)
llm         ``tokenizer.json`` + a chat template     Qwen, Llama, Mistral, Gemma (decoder-only)
==========  ===================================  ==========================================

Installed folders live in their own models folder, not argos' packages folder: argos' tools
fail on every package when one folder there is not an argos package.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path, PurePosixPath

from pipeline.errors import InstallError

CARD = "bilingual-model.json"  # what we learnt of a folder when installing it
SEQ2SEQ_LAYOUTS = {  # layout: (source tokenizer, target tokenizer)
    "quickmt": ("src.spm.model", "tgt.spm.model"),
    "opus-mt": ("source.spm", "target.spm"),
    "m2m100": ("sentencepiece.bpe.model", "sentencepiece.bpe.model"),
    "nllb": ("sentencepiece.bpe.model", "sentencepiece.bpe.model"),
}
LANGUAGE_TOKENS = {"m2m100": ("__zh__", "__en__"), "nllb": ("zho_Hans", "eng_Latn")}
# Published models `models install NAME` fetches from their hub page (files of the folder).
HUB_MODELS = {
    "quickmt-zh-en": ("quickmt/quickmt-zh-en", ("config.json", "model.bin", "source_vocabulary.json",
                                                "target_vocabulary.json", "src.spm.model", "tgt.spm.model")),
}
HUB_URL = "https://huggingface.co"
NETWORK_TIMEOUT = 30.0  # seconds a download (a model, the index) waits for the server


def models_dir() -> Path:
    """``BILINGUAL_MODELS_DIR``, else ``$XDG_DATA_HOME/bilingual-edition/models``."""
    named = os.environ.get("BILINGUAL_MODELS_DIR")
    if named:
        return Path(named)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "bilingual-edition" / "models"


def read_card(folder: Path) -> dict:
    with open(folder / CARD, encoding="utf-8") as f:
        card = json.load(f)
    if not isinstance(card, dict):
        raise ValueError(f"{CARD} is not an object")
    return card


def layout_of(folder: Path) -> dict:
    """What the folder is: its kind and layout, tokenizer files and language tokens; an
    ``InstallError`` naming what is missing when it is not a model folder we can run."""
    if not (folder / "model.bin").is_file():
        raise InstallError("is not a CTranslate2 model folder: no model.bin", path=folder,
                           hint="convert the model with CTranslate2's converter (ct2-transformers-converter, ct2-opus-mt-converter)")
    if not (folder / "config.json").is_file():
        raise InstallError("is not a CTranslate2 model folder: no config.json", path=folder)
    for layout in ("quickmt", "opus-mt"):
        source, target = SEQ2SEQ_LAYOUTS[layout]
        if (folder / source).is_file() and (folder / target).is_file():
            return {"kind": "ctranslate2", "layout": layout, "source_tokenizer": source, "target_tokenizer": target}
    if (folder / "sentencepiece.bpe.model").is_file():
        vocabulary = _vocabulary(folder)
        for layout, (source_token, target_token) in LANGUAGE_TOKENS.items():
            if source_token in vocabulary and target_token in vocabulary:
                return {"kind": "ctranslate2", "layout": layout, "source_tokenizer": "sentencepiece.bpe.model",
                        "target_tokenizer": "sentencepiece.bpe.model", "source_prefix": [source_token],
                        "source_suffix": ["</s>"], "target_prefix": target_token}
        raise InstallError("has a shared SentencePiece model but neither M2M-100's nor NLLB's Chinese and English tokens",
                           path=folder)
    if (folder / "tokenizer.json").is_file():
        from pipeline.translate.prompt import chat_template

        chat_template(folder)  # raises when there is none
        return {"kind": "llm", "layout": "llm", "tokenizer": "tokenizer.json", "stop_tokens": _stop_tokens(folder),
                "context": _context(folder)}
    raise InstallError("has no tokenizer we know (src.spm.model + tgt.spm.model, source.spm + target.spm, "
                       "sentencepiece.bpe.model, or tokenizer.json with a chat template)", path=folder)


CHAT_ENDS = ("<|im_end|>", "<|eot_id|>", "<end_of_turn>", "<|end|>", "</s>", "<|endoftext|>")  # ChatML, Llama 3, Gemma, Phi, Mistral


def _stop_tokens(folder: Path) -> list[str]:
    """The tokens that end the assistant's turn: the tokenizer's EOS and the chat formats'
    end-of-turn tokens it has."""
    try:
        config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
        eos = config.get("eos_token") if isinstance(config, dict) else None
        eos = eos.get("content") if isinstance(eos, dict) else eos
        added = {t.get("content") for t in json.loads((folder / "tokenizer.json").read_text(encoding="utf-8")).get("added_tokens", [])}
    except (OSError, ValueError, AttributeError):
        return []
    return list(dict.fromkeys([t for t in [eos, *CHAT_ENDS] if isinstance(t, str) and t and (t == eos or t in added)]))


def _context(folder: Path) -> int:
    """The model's context in tokens: ``max_position_embeddings`` of the original config
    when copied, else the tokenizer's ``model_max_length`` when sane, else 4096."""
    for name, key in (("config.json", "max_position_embeddings"), ("tokenizer_config.json", "model_max_length")):
        try:
            value = json.loads((folder / name).read_text(encoding="utf-8")).get(key)
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(value, int) and 256 <= value <= 1 << 21:
            return value
    return 4096


def _vocabulary(folder: Path) -> set[str]:
    for name in ("shared_vocabulary.json", "source_vocabulary.json"):
        if (folder / name).is_file():
            return set(json.loads((folder / name).read_text(encoding="utf-8")))
    for name in ("shared_vocabulary.txt", "source_vocabulary.txt"):
        if (folder / name).is_file():
            return set((folder / name).read_text(encoding="utf-8").splitlines())
    return set()


def version_of(folder: Path) -> str:
    """A short fingerprint of the model: its config and the weights' size (hashing a 1 GB
    ``model.bin`` would take seconds at every install; a changed model changes its size or
    config in practice)."""
    digest = hashlib.sha256((folder / "config.json").read_bytes())
    digest.update(str((folder / "model.bin").stat().st_size).encode())
    return digest.hexdigest()[:12]


def install_folder(source: Path, name: str | None = None) -> Path:
    """Copy a model folder (or unpack a ``.tar.gz``/``.zip`` of one) into the models folder,
    checked first; a failure leaves nothing behind. Returns the installed folder."""
    if not source.exists():
        raise InstallError("no such file or folder", path=source)
    directory = _writable_models_dir()
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=directory))
    try:
        if source.is_dir():
            root = source
        else:
            _unpack(source, staging / "unpacked")
            root = _model_root(staging / "unpacked", source)
        card = layout_of(root)
        name = name or (source.name if source.is_dir() else _archive_stem(source))
        if not name or name.startswith(".") or "/" in name:
            raise InstallError(f"cannot install a model named {name!r}", path=source)
        built = staging / "model"
        if source.is_dir():
            shutil.copytree(root, built)
        else:
            os.replace(root, built)
        card.update(name=name, version=version_of(built), from_code="zh", to_code="en")
        (built / CARD).write_text(json.dumps(card, indent=2, ensure_ascii=False), encoding="utf-8")
        target = directory / name
        if target.exists():
            shutil.rmtree(target)
        os.replace(built, target)
        return target
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _writable_models_dir() -> Path:
    directory = models_dir()
    if directory.exists() and not directory.is_dir():
        raise InstallError("the models folder is a file", path=directory, hint="move it away, or set BILINGUAL_MODELS_DIR to a folder")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = tempfile.mkdtemp(prefix=".probe-", dir=directory)
        os.rmdir(probe)
    except OSError as err:
        raise InstallError(f"the models folder cannot be written ({err.strerror or err})", path=directory,
                           hint="set BILINGUAL_MODELS_DIR to a folder you may write") from None
    return directory


def _archive_stem(path: Path) -> str:
    name = path.name
    for suffix in (".tar.gz", ".tgz", ".tar", ".zip"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def _unpack(archive: Path, into: Path) -> None:
    """Unpack a zip or tar whose members all stay inside ``into`` (no absolute paths, no
    ``..``, no links out)."""
    into.mkdir(parents=True)
    try:
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as zf:
                for member in zf.namelist():
                    _inside(member, archive)
                zf.extractall(into)
            return
        with tarfile.open(archive) as tf:
            for member in tf.getmembers():
                _inside(member.name, archive)
                if member.issym() or member.islnk() or member.isdev():
                    raise InstallError(f"refusing to install: member {member.name!r} is a link or a device", path=archive)
            tf.extractall(into, filter="data")
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError) as err:
        raise InstallError(f"is not a model folder archive we can unpack ({err})", path=archive,
                           hint="give the model's folder, or a .tar.gz or .zip of it") from None


def _inside(member: str, archive: Path) -> None:
    parts = PurePosixPath(member.replace("\\", "/")).parts
    if member.startswith("/") or ".." in parts:
        raise InstallError(f"refusing to install: member {member!r} points outside the folder", path=archive)


def _model_root(unpacked: Path, archive: Path) -> Path:
    """The folder holding ``model.bin``: the archive's top, or its one top folder."""
    if (unpacked / "model.bin").is_file():
        return unpacked
    tops = [p for p in unpacked.iterdir() if not p.name.startswith(".")]
    if len(tops) == 1 and tops[0].is_dir():
        return tops[0]
    raise InstallError("holds no model folder (no model.bin at its top or in its one top folder)", path=archive)


def download_hub_model(name: str, into: Path, *, progress=None, timeout: float = NETWORK_TIMEOUT) -> Path:
    """Fetch a published model's files from its hub page into ``into/name`` (the hub is
    ``BILINGUAL_HUB_URL``, default Hugging Face)."""
    repo, files = HUB_MODELS[name]
    hub = os.environ.get("BILINGUAL_HUB_URL", HUB_URL).rstrip("/")
    folder = into / name
    folder.mkdir(parents=True)
    for file in files:
        url = f"{hub}/{repo}/resolve/main/{file}"
        try:
            request = urllib.request.Request(url, headers={"User-Agent": "bilingual-edition"})
            with urllib.request.urlopen(request, timeout=timeout) as response, open(folder / file, "wb") as out:
                total = response.headers.get("Content-Length")
                done = 0
                while chunk := response.read(1 << 20):
                    out.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, int(total) if total and total.isdigit() else None)
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            raise InstallError(f"cannot download {name} from {url} ({getattr(err, 'reason', err)})",
                               hint=f"without internet, download the folder elsewhere (git clone {HUB_URL}/{repo}) "
                                    "and run `bilingual models install FOLDER`") from None
    return folder

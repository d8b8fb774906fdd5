"""The ``bilingual`` command: a thin layer over the library.

It parses options, calls library functions, and turns ``BilingualError`` into one line on
stderr and a non-zero exit code. Data goes to stdout, messages to stderr. Heavy modules
(ctranslate2, sentencepiece, python-docx) are imported only by the commands that use them.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Optional, TypeVar

import typer

from pipeline.errors import BilingualError

app = typer.Typer(
    help="Turn a scraped Chinese article into a side-by-side Chinese/English DOCX, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
models_app = typer.Typer(help="List, install and remove translation models (argos packages).", no_args_is_help=True)
app.add_typer(models_app, name="models")

DEFAULT_GLOSSARY = Path("glossary/glossary.csv")
DEFAULT_OUTPUT_DIR = Path("output")

F = TypeVar("F", bound=Callable[..., object])


def say(message: str) -> None:
    typer.echo(message, err=True)


def reports_errors(command: F) -> F:
    """Expected failures become ``error: <message>`` and their exit code; no traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except BilingualError as err:
            say(f"error: {err}")
            raise typer.Exit(err.exit_code) from None
        except KeyboardInterrupt:
            say("error: interrupted")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def _open_memory(path: Optional[Path]):
    from pipeline.memory import TranslationMemory, default_cache_path

    return TranslationMemory(path or default_cache_path())


def _load_glossary(path: Optional[Path]):
    from pipeline.glossary import EMPTY_GLOSSARY, load_glossary

    if path is not None:
        return load_glossary(path)
    if DEFAULT_GLOSSARY.is_file():
        return load_glossary(DEFAULT_GLOSSARY)
    return EMPTY_GLOSSARY


InputArg = Annotated[Path, typer.Argument(help="The article: a text file, one paragraph per line, title first.")]
EncodingOpt = Annotated[
    Optional[str], typer.Option("--encoding", help="Force the input encoding (default: detect UTF-8/UTF-16/GB18030/Big5).")
]
ScriptOpt = Annotated[
    str, typer.Option("--script", help="'simplified' converts to mainland simplified; 'keep' leaves the script alone.")
]


def _check_script(script: str) -> None:
    if script not in ("simplified", "keep"):
        raise typer.BadParameter("use 'simplified' or 'keep'", param_hint="--script")


@app.command()
@reports_errors
def run(
    input: InputArg,
    output: Annotated[
        Optional[Path], typer.Option("-o", "--output", help="Where to write the DOCX (default: output/<input name>.docx).")
    ] = None,
    glossary: Annotated[
        Optional[Path], typer.Option("--glossary", help="Glossary CSV (default: glossary/glossary.csv when present).")
    ] = None,
    json_path: Annotated[Optional[Path], typer.Option("--json", help="Also write the machine-readable JSON here.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing output files.")] = False,
    device: Annotated[str, typer.Option("--device", help="cpu, cuda or auto.")] = "cpu",
    cache: Annotated[
        Optional[Path], typer.Option("--cache", help="Translation memory file (default ~/.cache/bilingual-edition/tm.sqlite).")
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the translation memory.")] = False,
    script: ScriptOpt = "simplified",
    encoding: EncodingOpt = None,
) -> None:
    """Translate an article into a side-by-side Chinese/English DOCX."""
    from pipeline.edition import build_edition, prepare, read_document
    from pipeline.engine import load_engine
    from pipeline.files import check_output

    _check_script(script)
    default_output = output is None
    if default_output:
        DEFAULT_OUTPUT_DIR.mkdir(exist_ok=True)
        output = DEFAULT_OUTPUT_DIR / f"{input.stem}.docx"
    document = read_document(input, encoding=encoding)
    check_output(output, force=force, inputs=(input,), replaceable=default_output)
    if json_path is not None:
        check_output(json_path, force=force, inputs=(input, output))
    prepared = prepare(document, _load_glossary(glossary), script=script)
    memory = None if no_cache else _open_memory(cache)

    started = time.perf_counter()
    engine = load_engine(device)
    edition = build_edition(prepared, engine, memory)
    elapsed = time.perf_counter() - started

    from pipeline.assemble import write_docx
    from pipeline.glossary import term_counts

    write_docx(edition, output)
    if json_path is not None:
        from pipeline.export import write_json

        write_json(edition, json_path)
    stats = edition.translation
    n = stats.sentences if stats else len(edition.sentences)
    cached = f" ({stats.cached} cached)" if stats and stats.cached else ""
    say(f"translated {n} sentences{cached} in {elapsed:.1f} s, {n / max(elapsed, 1e-9):.1f} sent/s")
    counts = term_counts(edition)
    say(
        f"glossary: {counts['occurrences']} occurrences, {counts['kept']} kept, "
        f"{counts['repaired']} repaired, {counts['missing']} missing"
    )
    if edition.dropped:
        say(f"dropped {len(edition.dropped)} source lines: " + ", ".join(f"{d.line} ({d.kind})" for d in edition.dropped))
    say(f"wrote {output}" + (f" and {json_path}" if json_path else ""))


@app.command()
@reports_errors
def normalize(
    input: InputArg,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    report: Annotated[bool, typer.Option("--report", help="Print what changed (counts per kind, dropped lines) to stderr.")] = False,
    glossary: Annotated[
        Optional[Path], typer.Option("--glossary", help="Glossary whose terms script conversion must not touch (default glossary/glossary.csv when present).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
    script: ScriptOpt = "simplified",
    encoding: EncodingOpt = None,
) -> None:
    """Repair a scraped article and print it: one paragraph per line, title first."""
    from pipeline.edition import read_document
    from pipeline.files import check_output, write_text_atomically
    from pipeline.normalize import change_counts, normalize as normalize_document, normalized_text

    _check_script(script)
    document = read_document(input, encoding=encoding)
    if output is not None:
        check_output(output, force=force, inputs=(input,))
    result = normalize_document(document, script=script, glossary=_load_glossary(glossary))
    text = normalized_text(result)
    if output is None:
        sys.stdout.write(text)
    else:
        write_text_atomically(output, text)
    if report:
        counts = change_counts(result.changes)
        say("changes: " + (", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())) or "none"))
        say(f"paragraphs: {len(result.paragraphs)}; dropped lines: {len(result.dropped)}")
        for item in result.dropped:
            say(f"  dropped line {item.line} ({item.kind}): {item.text}")


@models_app.command("list")
@reports_errors
def models_list() -> None:
    """Show installed translation packages (and folders that are not usable packages)."""
    from pipeline.models import package_problem, packages_dir, scan_packages

    directory = packages_dir()
    packages, broken = scan_packages(directory)
    say(f"packages folder: {directory}")
    if not packages and not broken:
        say("no packages installed")
    for p in packages:
        problem = package_problem(p.path)
        state = f"BROKEN: {problem}" if problem else "ok"
        typer.echo(f"{p.name}\t{p.from_code}→{p.to_code}\t{p.version}\t{state}")
    for b in broken:
        typer.echo(f"{b.path.name}\t?\t?\tBROKEN: {b.reason}")


@models_app.command("install")
@reports_errors
def models_install(
    file: Annotated[
        Optional[Path], typer.Argument(help="A local .argosmodel file. Without it: download zh→en from the argos index.")
    ] = None,
    if_missing: Annotated[bool, typer.Option("--if-missing", help="Do nothing when a zh→en package is installed.")] = False,
) -> None:
    """Install the zh→en model from a file or from the argos package index."""
    import tempfile

    from pipeline.errors import ModelNotInstalled
    from pipeline.models import download_package, find_package, install_from_file

    if if_missing:
        try:
            package = find_package()
            say(f"zh→en model already installed: {package.name} {package.version}")
            return
        except ModelNotInstalled:
            pass
    if file is not None:
        package = install_from_file(file)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            say("downloading the zh→en model from the argos package index…")
            archive = _download_with_progress(Path(tmp))
            package = install_from_file(archive)
    say(f"installed {package.name} {package.version} in {package.path}")


def _download_with_progress(directory: Path) -> Path:
    from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

    from pipeline.models import download_package

    with Progress(
        "[progress.description]{task.description}", BarColumn(), DownloadColumn(), TransferSpeedColumn(),
        transient=True, disable=not sys.stderr.isatty(),
    ) as bar:
        task = bar.add_task("zh→en model", total=None)

        def update(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        return download_package(directory, progress=update)


@models_app.command("remove")
@reports_errors
def models_remove(name: Annotated[str, typer.Argument(help="Package folder name, as `bilingual models list` shows it.")]) -> None:
    """Remove an installed package."""
    from pipeline.models import remove_package

    say(f"removed {remove_package(name)}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()

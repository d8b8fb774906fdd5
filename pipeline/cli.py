"""The ``bilingual`` command: a thin layer over the library.

It parses options, calls library functions, and turns ``BilingualError`` into one line on
stderr and a non-zero exit code. Data goes to stdout, messages to stderr. Heavy modules
(ctranslate2, sentencepiece, python-docx) are imported only by the commands that use them.
"""

from __future__ import annotations

import functools
import re
from contextlib import contextmanager
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Optional, TypeVar

import typer

from pipeline.errors import BilingualError

# Plain help (rich_markup_mode=None): rendering help with rich imports ~0.1 s of modules,
# doubling start-up for a command people run to be reminded of an option.
PLAIN = {"no_args_is_help": True, "rich_markup_mode": None}
app = typer.Typer(
    help="Turn a scraped Chinese article into a side-by-side Chinese/English DOCX, offline.",
    add_completion=False,
    pretty_exceptions_enable=False,
    **PLAIN,
)
models_app = typer.Typer(help="List, install and remove translation models (argos packages).", **PLAIN)
app.add_typer(models_app, name="models")
glossary_app = typer.Typer(help="Check, search, extend, import and export the glossary.", **PLAIN)
app.add_typer(glossary_app, name="glossary")
review_app = typer.Typer(help="Bring a reviewer's corrections back from an edited DOCX.", **PLAIN)
app.add_typer(review_app, name="review")
cache_app = typer.Typer(help="The translation memory (SQLite cache of translations).", **PLAIN)
app.add_typer(cache_app, name="cache")

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


def _dropped_summary(dropped) -> str:
    """Every dropped line when there are few; counts by kind when there are many."""
    if len(dropped) <= 10:
        return f"dropped {len(dropped)} source lines: " + ", ".join(f"{d.line} ({d.kind})" for d in dropped)
    kinds: dict[str, int] = {}
    for d in dropped:
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    detail = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
    return f"dropped {len(dropped)} source lines ({detail}); each is listed in the DOCX appendix and the JSON"


@contextmanager
def _progress_bar(enabled: bool):
    """A rich progress bar over sentences on a terminal; nothing otherwise."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress("translating", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True) as bar:
        task = bar.add_task("translate", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _open_memory(path: Optional[Path]):
    from pipeline.translate.memory import TranslationMemory, default_cache_path

    return TranslationMemory(path or default_cache_path())


def _load_glossary(path: Optional[Path]):
    from pipeline.glossary.entries import EMPTY_GLOSSARY, load_glossary

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


DeviceOpt = Annotated[str, typer.Option("--device", help="cpu, cuda or auto.")]
CacheOpt = Annotated[
    Optional[Path], typer.Option("--cache", help="Translation memory file (default ~/.cache/bilingual-edition/tm.sqlite).")
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the translation memory.")]
LayoutOpt = Annotated[
    str, typer.Option("--layout", help="reader (portrait, 中文 | English) or review (landscape, ID | Status | 中文 | English | Comment).")
]
AlignOpt = Annotated[str, typer.Option("--align", help="One row per paragraph or per sentence (reader layout).")]
LandscapeOpt = Annotated[bool, typer.Option("--landscape", help="Landscape pages (the review layout always is).")]


def _check_layout(layout: str, align: str) -> None:
    from pipeline.write.docx.build import ALIGNS, LAYOUTS

    if layout not in LAYOUTS:
        raise typer.BadParameter(f"use one of {', '.join(LAYOUTS)}", param_hint="--layout")
    if align not in ALIGNS:
        raise typer.BadParameter(f"use one of {', '.join(ALIGNS)}", param_hint="--align")


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
    device: DeviceOpt = "cpu",
    cache: CacheOpt = None,
    no_cache: NoCacheOpt = False,
    tmx: Annotated[Optional[Path], typer.Option("--tmx", help="Also write a TMX 1.4 translation memory (one tu per sentence).")] = None,
    layout: LayoutOpt = "reader",
    align: AlignOpt = "paragraph",
    landscape: LandscapeOpt = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary; errors only.")] = False,
    script: ScriptOpt = "simplified",
    encoding: EncodingOpt = None,
) -> None:
    """Translate an article into a side-by-side Chinese/English DOCX."""
    from pipeline.edition import build_edition, prepare, read_document
    from pipeline.translate.engine import load_engine
    from pipeline.write.atomic import check_output

    _check_script(script)
    _check_layout(layout, align)
    default_output = output is None
    if default_output:
        DEFAULT_OUTPUT_DIR.mkdir(exist_ok=True)
        output = DEFAULT_OUTPUT_DIR / f"{input.stem}.docx"
    document = read_document(input, encoding=encoding)
    if "replaced" in document.encoding:
        say(f"warning: {input}: read as {document.encoding}")
    check_output(output, force=force, inputs=(input,), replaceable=default_output)
    for extra in (json_path, tmx):
        if extra is not None:
            check_output(extra, force=force, inputs=(input, output))
    prepared = prepare(document, _load_glossary(glossary), script=script)
    if not any(re.search(r"[\u3400-\u9fff]", p.zh) for p in prepared.paragraphs):
        say(f"warning: {input}: no Chinese text found; the English column repeats the source")
    memory = None if no_cache else _open_memory(cache)

    started = time.perf_counter()
    engine = load_engine(device)
    with _progress_bar(enabled=not quiet) as progress:
        edition = build_edition(prepared, engine, memory, progress)
    elapsed = time.perf_counter() - started
    for warning in engine.warnings:
        say(f"warning: {warning}")

    from pipeline.write.docx.build import write_docx
    from pipeline.glossary.entries import term_counts

    write_docx(edition, output, layout=layout, align=align, landscape=landscape)
    if json_path is not None:
        from pipeline.write.json import write_json

        write_json(edition, json_path)
    if tmx is not None:
        from pipeline.write.json import write_tmx

        write_tmx(edition, tmx)
    if quiet:
        return
    stats = edition.translation
    n = stats.sentences if stats else len(edition.sentences)
    cached = f" ({stats.cached} cached)" if stats and stats.cached else ""
    say(f"translated {n} sentences{cached} in {elapsed:.1f} s, {n / max(elapsed, 1e-9):.1f} sent/s")
    counts = term_counts(edition)
    say(
        f"glossary: {counts['occurrences']} occurrences, {counts['kept']} kept, "
        f"{counts['repaired']} repaired, {counts['missing']} missing"
    )
    from pipeline.qa import qa_summary

    say(qa_summary(edition))
    if edition.dropped:
        say(_dropped_summary(edition.dropped))
    say("wrote " + ", ".join(str(p) for p in (output, json_path, tmx) if p is not None))


@app.command()
@reports_errors
def batch(
    input_dir: Annotated[Path, typer.Argument(help="Folder of articles; sub-folders are searched and mirrored.")],
    output_dir: Annotated[
        Optional[Path], typer.Option("-o", "--output-dir", help="Where the editions go (default: output/).")
    ] = None,
    glossary: Annotated[
        Optional[Path], typer.Option("--glossary", help="Glossary CSV (default: glossary/glossary.csv when present).")
    ] = None,
    pattern: Annotated[str, typer.Option("--pattern", help="Which files are articles (a glob).")] = "*.txt",
    executor: Annotated[str, typer.Option("--executor", help="local (one machine) or ray (a Ray cluster; needs the [ray] extra).")] = "local",
    workers: Annotated[
        Optional[int], typer.Option("--workers", help="Processes preparing and rendering (local), or CPUs for a local Ray.")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Also write <name>.json beside each DOCX.")] = False,
    tmx_out: Annotated[bool, typer.Option("--tmx", help="Also write <name>.tmx beside each DOCX.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Rebuild every article and overwrite existing files.")] = False,
    device: DeviceOpt = "cpu",
    cache: CacheOpt = None,
    no_cache: NoCacheOpt = False,
    layout: LayoutOpt = "reader",
    align: AlignOpt = "paragraph",
    landscape: LandscapeOpt = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress; the summary and errors only.")] = False,
    script: ScriptOpt = "simplified",
    encoding: EncodingOpt = None,
) -> None:
    """Translate every article of a folder; a failed article never stops the others."""
    from pipeline.batch.driver import BatchOptions, find_articles, run_batch, summary

    _check_script(script)
    _check_layout(layout, align)
    if executor not in ("local", "ray"):
        raise typer.BadParameter("use local or ray", param_hint="--executor")
    out_dir = output_dir or DEFAULT_OUTPUT_DIR
    loaded = _load_glossary(glossary)  # a broken glossary stops the batch before any work
    options = BatchOptions(
        glossary=loaded.path or None, layout=layout, align=align, landscape=landscape,
        script=script, encoding=encoding, json=json_out, tmx=tmx_out,
    )
    articles = find_articles(input_dir, out_dir, pattern, options)
    if not articles:
        raise BilingualError(f"no file matches {pattern!r}", hint="check the folder or pass --pattern")
    out_dir.mkdir(parents=True, exist_ok=True)
    memory = None if no_cache else _open_memory(cache)

    started = time.perf_counter()  # executor start-up (a local Ray: seconds) counts too
    if executor == "ray":
        from pipeline.translate.engine import check_device
        from pipeline.translate.models import find_package
        from pipeline.batch.ray_executor import RayExecutor

        check_device(device)  # the same error as the local executor's
        pool = RayExecutor(find_package(), options, device=device, workers=workers)
    else:
        from pipeline.batch.driver import LocalExecutor
        from pipeline.translate.engine import load_engine

        pool = LocalExecutor(load_engine(device), options, workers)
    try:
        with _batch_listener(len(articles), enabled=not quiet) as listener:
            reports = run_batch(
                articles, options, pool, out_dir=out_dir,
                memory=memory, force=force, listener=listener,
            )
    finally:
        pool.close()
    elapsed = time.perf_counter() - started
    for warning in getattr(pool.engine, "warnings", ()):
        say(f"warning: {warning}")
    say(summary(reports))
    sentences = sum(r.sentences for r in reports if r.status == "written")
    if not quiet:
        say(f"batch: {sentences} sentences written in {elapsed:.1f} s, {sentences / max(elapsed, 1e-9):.1f} sent/s")
    if any(r.status == "failed" for r in reports):
        raise typer.Exit(1)


@contextmanager
def _batch_listener(total: int, *, enabled: bool):
    from pipeline.batch.driver import BatchListener
    from pipeline.batch.progress import BarListener, LineListener

    if not enabled:
        yield BatchListener()
        return
    if not sys.stderr.isatty():
        yield LineListener(say, total)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True) as bar:
        yield BarListener(bar, total)


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
    from pipeline.write.atomic import check_output, write_text_atomically
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
    from pipeline.translate.models import package_problem, packages_dir, scan_packages

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
    from pipeline.translate.models import find_package, install_from_file

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

    from pipeline.translate.models import download_package

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
    from pipeline.translate.models import remove_package

    say(f"removed {remove_package(name)}")


def _glossary_path(path: Optional[Path]) -> Path:
    return path if path is not None else DEFAULT_GLOSSARY


@glossary_app.command("check")
@reports_errors
def glossary_check(
    file: Annotated[Optional[Path], typer.Argument(help="Glossary CSV (default glossary/glossary.csv).")] = None,
) -> None:
    """Validate the glossary: every problem with its line. Exit 1 on errors; warnings pass."""
    from pipeline.glossary.entries import check_glossary, decode_glossary
    from pipeline.errors import GlossaryError

    path = _glossary_path(file)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise GlossaryError(f"cannot be read ({err.strerror or 'no such file'})", path=path) from None
    glossary, problems = check_glossary(decode_glossary(data, path), path)
    for problem in problems:
        typer.echo(f"{path}:{problem.line}: {problem.level}: {problem.message}")
    errors = sum(p.level == "error" for p in problems)
    say(f"{path}: {len(glossary.entries)} entries, {errors} errors, {len(problems) - errors} warnings")
    if errors:
        raise typer.Exit(1)


@glossary_app.command("hits")
@reports_errors
def glossary_hits(
    input: InputArg,
    glossary: Annotated[Optional[Path], typer.Option("--glossary", help="Glossary CSV (default glossary/glossary.csv).")] = None,
    encoding: EncodingOpt = None,
) -> None:
    """Which glossary entries occur in the (normalized) article, how often, and where."""
    from pipeline.edition import prepare, read_document

    terms = _load_glossary(glossary)
    document = prepare(read_document(input, encoding=encoding), terms)
    found: dict[str, list[str]] = {}
    for p in document.paragraphs:
        label = terms.lookup(p.speaker.zh) if p.speaker else None
        if label is not None:  # a speaker label is an occurrence too
            found.setdefault(label.source, []).append(p.id)
        for hit in p.terms:
            found.setdefault(hit.source, []).append(p.id)
    typer.echo("source\ttarget\tcount\tparagraphs")
    for entry in terms.entries:
        where = found.get(entry.source, [])
        if where:
            typer.echo(f"{entry.source}\t{entry.rendering}\t{len(where)}\t{' '.join(dict.fromkeys(where))}")
    say(f"{len(found)} of {len(terms.entries)} entries occur, {sum(map(len, found.values()))} occurrences")


@glossary_app.command("add")
@reports_errors
def glossary_add(
    source: Annotated[str, typer.Argument(help="The Chinese (or Latin) term as it appears in articles.")],
    target: Annotated[str, typer.Argument(help="Its English rendering.")],
    kind: Annotated[str, typer.Option("--kind", help="name, org, product, term or keep.")] = "term",
    aliases: Annotated[str, typer.Option("--aliases", help="Other spellings, separated by |.")] = "",
    note: Annotated[str, typer.Option("--note", help="A note for translators.")] = "",
    glossary: Annotated[Optional[Path], typer.Option("--glossary", help="Glossary CSV (default glossary/glossary.csv).")] = None,
) -> None:
    """Append one entry without disturbing the rest of the file."""
    from pipeline.glossary.entries import Entry, KINDS
    from pipeline.glossary.edit import add_entries

    if kind not in KINDS:
        raise typer.BadParameter(f"use one of {', '.join(KINDS)}", param_hint="--kind")
    entry = Entry(source.strip(), target.strip(), tuple(a.strip() for a in aliases.split("|") if a.strip()), kind, True, note)
    path = _glossary_path(glossary)
    added, skipped = add_entries(path, [entry], create=True)
    for reason in skipped:
        say(f"error: {path}: {reason}")
    if not added:
        raise typer.Exit(1)
    say(f"added {source} → {entry.rendering} to {path}")


@glossary_app.command("import")
@reports_errors
def glossary_import(
    file: Annotated[Path, typer.Argument(help="The glossary to import.")],
    fmt: Annotated[str, typer.Option("--from", help="omegat (TAB-separated), deepl (CSV/TSV) or tbx.")],
    glossary: Annotated[Optional[Path], typer.Option("--glossary", help="Glossary CSV to extend (default glossary/glossary.csv).")] = None,
) -> None:
    """Append the entries of an OmegaT, DeepL or TBX glossary to ours (existing sources are kept)."""
    from pipeline.glossary.edit import add_entries
    from pipeline.glossary.formats import FORMATS_IN, import_entries

    if fmt not in FORMATS_IN:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS_IN)}", param_hint="--from")
    path = _glossary_path(glossary)
    added, skipped = add_entries(path, import_entries(file, fmt), create=True)
    for reason in skipped:
        say(f"skipped: {reason}")
    say(f"imported {len(added)} entries into {path} ({len(skipped)} skipped)")


@glossary_app.command("export")
@reports_errors
def glossary_export(
    fmt: Annotated[str, typer.Option("--to", help="omegat (TAB-separated) or tbx.")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
    glossary: Annotated[Optional[Path], typer.Option("--glossary", help="Glossary CSV (default glossary/glossary.csv).")] = None,
) -> None:
    """Write our glossary for a CAT tool."""
    from pipeline.write.atomic import check_output, write_text_atomically
    from pipeline.glossary.entries import load_glossary
    from pipeline.glossary.formats import FORMATS_OUT, export_entries

    if fmt not in FORMATS_OUT:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS_OUT)}", param_hint="--to")
    text = export_entries(load_glossary(_glossary_path(glossary)).entries, fmt)
    if output is None:
        sys.stdout.write(text)
        return
    check_output(output, force=force)
    write_text_atomically(output, text)
    say(f"wrote {output}")


@app.command("render")
@reports_errors
def render_command(
    docx_file: Annotated[Path, typer.Argument(metavar="OUT.docx", help="The edition to preview.")],
    out_dir: Annotated[Optional[Path], typer.Option("-o", "--output", help="Folder for the PDF and PNG pages (default: <name>-preview/ beside it).")] = None,
    dpi: Annotated[int, typer.Option("--dpi", help="Resolution of the PNG pages.")] = 100,
) -> None:
    """Render an edition to PDF and PNG pages (needs LibreOffice and pdftoppm)."""
    from pipeline.write.render import render

    target = out_dir or docx_file.with_name(f"{docx_file.stem}-preview")
    files = render(docx_file, target, dpi)
    for file in files:
        typer.echo(str(file))
    say(f"rendered {len(files) - 1} page(s) into {target}")


@review_app.command("import")
@reports_errors
def review_import(
    edited: Annotated[Path, typer.Argument(help="The edition DOCX as the reviewer returned it.")],
    cache: Annotated[Optional[Path], typer.Option("--cache", help="Translation memory file.")] = None,
) -> None:
    """Store the reviewer's English as human translations that later runs keep."""
    from pipeline.write.docx.review import read_review

    report = read_review(edited)
    if not report.rows:
        raise BilingualError("no row of the edition could be read", path=edited, hint="; ".join(report.broken[:3]) or None)
    memory = _open_memory(cache)
    for row in report.changed:
        memory.put_human(row.zh, row.en, "; ".join(row.notes))
        typer.echo(f"{row.id}\tchanged\t{row.en}")
    for row in report.rows:
        for note in row.notes:
            typer.echo(f"{row.id}\tnote\t{note}")
    for problem in report.broken:
        say(f"warning: {edited}: {problem}")
    say(f"review: {len(report.changed)} of {len(report.rows)} rows changed, stored in {memory.path}; "
        f"{len(report.broken)} problem(s)")


@cache_app.command("stats")
@reports_errors
def cache_stats(cache: Annotated[Optional[Path], typer.Option("--cache", help="Translation memory file.")] = None) -> None:
    """How many translations the memory holds."""
    memory = _open_memory(cache)
    stats = memory.stats()
    typer.echo(
        f"{memory.path}\t{stats['entries']} entries\t{stats['engines']} engine settings\t"
        f"{stats['human']} reviewed\t{stats['bytes']} bytes"
    )


@cache_app.command("clear")
@reports_errors
def cache_clear(cache: Annotated[Optional[Path], typer.Option("--cache", help="Translation memory file.")] = None) -> None:
    """Forget every stored translation."""
    memory = _open_memory(cache)
    say(f"removed {memory.clear()} entries from {memory.path}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()

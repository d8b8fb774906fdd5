"""The ``bilingual`` command: a thin layer over the library.

Each command parses its options, calls one library function, prints its report, and lets
``reports_errors`` turn a ``BilingualError`` into one line on stderr and its exit code.
Data goes to stdout, messages to stderr. Heavy modules (ctranslate2, sentencepiece,
python-docx) are imported only by the commands that use them.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Optional, TypeVar

import typer
from typer.core import TyperGroup

from pipeline.errors import BilingualError
from pipeline.options import Align, Device, Executor, ExportFormat, ImportFormat, Layout, Script, TermKind

USAGE_EXIT = 64  # a command line that cannot work (sysexits' EX_USAGE); 2 means "no model"

# Plain help (rich_markup_mode=None): rendering help with rich imports ~0.1 s of modules,
# doubling start-up for a command people run to be reminded of an option.
PLAIN = {"no_args_is_help": True, "rich_markup_mode": None}


def _click_errors():
    try:
        from typer._click.exceptions import ClickException, NoArgsIsHelpError
    except ImportError:  # a typer that still used the click package
        from click.exceptions import ClickException, NoArgsIsHelpError
    return typer.Abort, ClickException, NoArgsIsHelpError


class OneLineErrors(TyperGroup):
    """Click's own usage errors (an unknown option, a bad choice) in our one-line style,
    with their own exit code instead of Click's 2, which means "no model" here."""

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        abort, click_error, no_args = _click_errors()
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except no_args as shown:  # `bilingual` or `bilingual glossary` alone: the help
            shown.show()
            code = 0
        except click_error as err:
            where = f" — see `{err.ctx.command_path} --help`" if getattr(err, "ctx", None) else ""
            say(f"error: {err.format_message().replace('Value error, ', '')}{where}")
            code = USAGE_EXIT
        except abort:
            say("error: interrupted")
            code = 130
        if standalone_mode:
            sys.exit(code or 0)
        return code


app = typer.Typer(
    help="Turn a scraped Chinese article into a side-by-side Chinese/English DOCX, offline.",
    add_completion=False, pretty_exceptions_enable=False, cls=OneLineErrors, **PLAIN,
)
models_app = typer.Typer(help="List, install and remove translation models (argos packages).", **PLAIN)
glossary_app = typer.Typer(help="Check, search, extend, import and export the glossary.", **PLAIN)
review_app = typer.Typer(help="Bring a reviewer's corrections back from an edited DOCX.", **PLAIN)
cache_app = typer.Typer(help="The translation memory (SQLite cache of translations).", **PLAIN)
for sub, name in ((models_app, "models"), (glossary_app, "glossary"), (review_app, "review"), (cache_app, "cache")):
    app.add_typer(sub, name=name)

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


def _opt(*names: str, help: str, **kwargs):
    return typer.Option(*names, help=help, **kwargs)


InputArg = Annotated[Path, typer.Argument(metavar="ARTICLE", help="The article: a text file, one paragraph per line, title first.")]
EncodingOpt = Annotated[Optional[str], _opt("--encoding", help="Force the input encoding (default: detect UTF-8/UTF-16/GB18030/Big5).")]
ScriptOpt = Annotated[Script, _opt("--script", help="simplified converts to mainland simplified; keep leaves the script alone.")]
GlossaryOpt = Annotated[Optional[Path], _opt("--glossary", help="Glossary CSV (default: glossary/glossary.csv when present).")]
DeviceOpt = Annotated[Device, _opt("--device", help="Where the model runs.")]
CacheOpt = Annotated[Optional[Path], _opt("--cache", help="Translation memory file (default ~/.cache/bilingual-edition/tm.sqlite).")]
NoCacheOpt = Annotated[bool, _opt("--no-cache", help="Neither read nor write the translation memory.")]
LayoutOpt = Annotated[Layout, _opt("--layout", help="reader (portrait, 中文 | English) or review (landscape, ID | Status | 中文 | English | Comment).")]
AlignOpt = Annotated[Align, _opt("--align", help="One row per paragraph or per sentence (reader layout).")]
LandscapeOpt = Annotated[bool, _opt("--landscape", help="Landscape pages (the review layout always is).")]
ForceOpt = Annotated[bool, _opt("--force", help="Overwrite existing output files.")]
QuietOpt = Annotated[bool, _opt("--quiet", "-q", help="No progress bar and no summary; errors only.")]
OutputOpt = Annotated[Optional[Path], _opt("-o", "--output", help="Write here instead of stdout.")]


@app.command()
@reports_errors
def run(
    input: InputArg,
    output: Annotated[Optional[Path], _opt("-o", "--output", help="Where to write the DOCX (default: output/<input name>.docx).")] = None,
    glossary: GlossaryOpt = None,
    json_path: Annotated[Optional[Path], _opt("--json", help="Also write the machine-readable JSON here.")] = None,
    force: ForceOpt = False, device: DeviceOpt = Device.cpu, cache: CacheOpt = None, no_cache: NoCacheOpt = False,
    tmx: Annotated[Optional[Path], _opt("--tmx", help="Also write a TMX 1.4 translation memory (one tu per sentence).")] = None,
    layout: LayoutOpt = Layout.reader, align: AlignOpt = Align.paragraph, landscape: LandscapeOpt = False,
    quiet: QuietOpt = False, script: ScriptOpt = Script.simplified, encoding: EncodingOpt = None,
) -> None:
    """Translate an article into a side-by-side Chinese/English DOCX."""
    from pipeline.edition import EditionOptions, run_article, run_summary
    from pipeline.glossary.entries import load_glossary_or_default
    from pipeline.progress import sentence_bar
    from pipeline.translate.engine import load_engine
    from pipeline.translate.memory import open_memory

    options = EditionOptions(None, layout, align, landscape, script, encoding)
    terms, memory = load_glossary_or_default(glossary), open_memory(cache, enabled=not no_cache)
    with sentence_bar(enabled=not quiet) as progress:
        report = run_article(input, {".docx": output, ".json": json_path, ".tmx": tmx}, options, glossary=terms,
                             engine_loader=lambda: load_engine(device), memory=memory, force=force, progress=progress)
    for line in [f"warning: {w}" for w in report.warnings] + ([] if quiet else run_summary(report)):
        say(line)


@app.command()
@reports_errors
def batch(
    input_dir: Annotated[Path, typer.Argument(metavar="FOLDER", help="Folder of articles; sub-folders are searched and mirrored.")],
    output_dir: Annotated[Optional[Path], _opt("-o", "--output-dir", help="Where the editions go (default: output/).")] = None,
    glossary: GlossaryOpt = None,
    pattern: Annotated[str, _opt("--pattern", help="Which files are articles (a glob).")] = "*.txt",
    executor: Annotated[Executor, _opt("--executor", help="local (one machine) or ray (a Ray cluster; needs the [ray] extra).")] = Executor.local,
    workers: Annotated[Optional[int], _opt("--workers", help="Processes preparing and rendering (local), or CPUs for a local Ray.")] = None,
    json_out: Annotated[bool, _opt("--json", help="Also write <name>.json beside each DOCX.")] = False,
    tmx_out: Annotated[bool, _opt("--tmx", help="Also write <name>.tmx beside each DOCX.")] = False,
    force: Annotated[bool, _opt("--force", help="Rebuild every article and overwrite existing files.")] = False,
    device: DeviceOpt = Device.cpu, cache: CacheOpt = None, no_cache: NoCacheOpt = False,
    layout: LayoutOpt = Layout.reader, align: AlignOpt = Align.paragraph, landscape: LandscapeOpt = False,
    quiet: Annotated[bool, _opt("--quiet", "-q", help="No progress; the summary and errors only.")] = False,
    script: ScriptOpt = Script.simplified, encoding: EncodingOpt = None,
) -> None:
    """Translate every article of a folder; a failed article never stops the others."""
    from pipeline.batch.driver import run_folder
    from pipeline.edition import EditionOptions
    from pipeline.progress import batch_listener
    from pipeline.translate.memory import open_memory

    options = EditionOptions(None, layout, align, landscape, script, encoding, json_out, tmx_out)
    report = run_folder(input_dir, output_dir, pattern, options, glossary=glossary, executor=executor, device=device,
                        workers=workers, memory=open_memory(cache, enabled=not no_cache), force=force,
                        listener=lambda total: batch_listener(total, enabled=not quiet, say=say))
    for line in [f"warning: {w}" for w in report.warnings] + report.summary_lines(quiet=quiet):
        say(line)
    if report.failed:
        raise typer.Exit(1)


@app.command()
@reports_errors
def normalize(
    input: InputArg, output: OutputOpt = None,
    report: Annotated[bool, _opt("--report", help="Print what changed (counts per kind, dropped lines) to stderr.")] = False,
    glossary: Annotated[Optional[Path], _opt("--glossary", help="Glossary whose terms script conversion must not touch (default glossary/glossary.csv when present).")] = None,
    force: Annotated[bool, _opt("--force", help="Overwrite an existing output file.")] = False,
    script: ScriptOpt = Script.simplified, encoding: EncodingOpt = None,
) -> None:
    """Repair a scraped article and print it: one paragraph per line, title first."""
    from pipeline.edition import normalize_file

    text, result = normalize_file(input, output, script=script, glossary=glossary, encoding=encoding, force=force)
    if output is None:
        sys.stdout.write(text)
    if report:
        from pipeline.normalize import change_report

        for line in change_report(result):
            say(line)


@models_app.command("list")
@reports_errors
def models_list() -> None:
    """Show installed translation packages (and folders that are not usable packages)."""
    from pipeline.translate.models import package_rows, packages_dir

    say(f"packages folder: {packages_dir()}")
    rows = package_rows()
    for row in rows:
        typer.echo("\t".join(row))
    if not rows:
        say("no packages installed")


@models_app.command("install")
@reports_errors
def models_install(
    file: Annotated[Optional[Path], typer.Argument(metavar="[FILE.argosmodel]", help="A local .argosmodel file. Without it: download zh→en from the argos index.")] = None,
    if_missing: Annotated[bool, _opt("--if-missing", help="Do nothing when a zh→en package is installed.")] = False,
) -> None:
    """Install the zh→en model from a file or from the argos package index."""
    from pipeline.progress import download_bar
    from pipeline.translate.models import ensure_package

    package, installed = ensure_package(file, if_missing=if_missing, say=say, progress=download_bar)
    say(f"installed {package.name} {package.version} in {package.path}" if installed
        else f"zh→en model already installed: {package.name} {package.version}")


@models_app.command("remove")
@reports_errors
def models_remove(name: Annotated[str, typer.Argument(help="Package folder name, as `bilingual models list` shows it.")]) -> None:
    """Remove an installed package."""
    from pipeline.translate.models import remove_package

    say(f"removed {remove_package(name)}")


GlossaryFileOpt = Annotated[Optional[Path], _opt("--glossary", help="Glossary CSV (default glossary/glossary.csv).")]


@glossary_app.command("check")
@reports_errors
def glossary_check(file: Annotated[Optional[Path], typer.Argument(metavar="[GLOSSARY.csv]", help="Glossary CSV (default glossary/glossary.csv).")] = None) -> None:
    """Validate the glossary: every problem with its line. Exit 1 on errors; warnings pass."""
    from pipeline.glossary.entries import check_glossary_file, glossary_path

    path = glossary_path(file)
    glossary, problems = check_glossary_file(path)
    for problem in problems:
        typer.echo(f"{path}:{problem.line}: {problem.level}: {problem.message}")
    errors = sum(p.level == "error" for p in problems)
    say(f"{path}: {len(glossary.entries)} entries, {errors} errors, {len(problems) - errors} warnings")
    if errors:
        raise typer.Exit(1)


@glossary_app.command("hits")
@reports_errors
def glossary_hits(input: InputArg, glossary: GlossaryFileOpt = None, encoding: EncodingOpt = None) -> None:
    """Which glossary entries occur in the (normalized) article, how often, and where."""
    from pipeline.edition import glossary_hits as hits

    rows, summary = hits(input, glossary, encoding=encoding)
    typer.echo("source\ttarget\tcount\tparagraphs")
    for row in rows:
        typer.echo("\t".join(row))
    say(summary)


@glossary_app.command("add")
@reports_errors
def glossary_add(
    source: Annotated[str, typer.Argument(help="The Chinese (or Latin) term as it appears in articles.")],
    target: Annotated[str, typer.Argument(help="Its English rendering.")],
    kind: Annotated[TermKind, _opt("--kind", help="What the term is; keep leaves it untranslated.")] = TermKind.term,
    aliases: Annotated[str, _opt("--aliases", help="Other spellings, separated by |.")] = "",
    note: Annotated[str, _opt("--note", help="A note for translators.")] = "",
    glossary: GlossaryFileOpt = None,
) -> None:
    """Append one entry without disturbing the rest of the file."""
    from pipeline.glossary.edit import add_entry
    from pipeline.glossary.entries import glossary_path

    path = glossary_path(glossary)
    entry, skipped = add_entry(path, source, target, kind=kind, aliases=aliases, note=note)
    for reason in skipped:
        say(f"error: {path}: {reason}")
    if entry is None:
        raise typer.Exit(1)
    say(f"added {entry.source} → {entry.rendering} to {path}")


@glossary_app.command("import")
@reports_errors
def glossary_import(
    file: Annotated[Path, typer.Argument(help="The glossary to import.")],
    fmt: Annotated[ImportFormat, _opt("--from", help="omegat (TAB-separated), deepl (CSV/TSV) or tbx.")],
    glossary: Annotated[Optional[Path], _opt("--glossary", help="Glossary CSV to extend (default glossary/glossary.csv).")] = None,
) -> None:
    """Append the entries of an OmegaT, DeepL or TBX glossary to ours (existing sources are kept)."""
    from pipeline.glossary.edit import add_entries
    from pipeline.glossary.entries import glossary_path
    from pipeline.glossary.formats import import_entries

    path = glossary_path(glossary)
    added, skipped = add_entries(path, import_entries(file, fmt), create=True)
    for reason in skipped:
        say(f"skipped: {reason}")
    say(f"imported {len(added)} entries into {path} ({len(skipped)} skipped)")


@glossary_app.command("export")
@reports_errors
def glossary_export(
    fmt: Annotated[ExportFormat, _opt("--to", help="omegat (TAB-separated) or tbx.")],
    output: OutputOpt = None, force: Annotated[bool, _opt("--force", help="Overwrite an existing output file.")] = False,
    glossary: GlossaryFileOpt = None,
) -> None:
    """Write our glossary for a CAT tool."""
    from pipeline.glossary.entries import glossary_path
    from pipeline.glossary.formats import export_glossary

    text = export_glossary(glossary_path(glossary), fmt, output, force=force)
    if output is None:
        sys.stdout.write(text)
    else:
        say(f"wrote {output}")


@app.command("render")
@reports_errors
def render_command(
    docx_file: Annotated[Path, typer.Argument(metavar="OUT.docx", help="The edition to preview.")],
    out_dir: Annotated[Optional[Path], _opt("-o", "--output", help="Folder for the PDF and PNG pages (default: <name>-preview/ beside it).")] = None,
    dpi: Annotated[int, _opt("--dpi", help="Resolution of the PNG pages.")] = 100,
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
    cache: Annotated[Optional[Path], _opt("--cache", help="Translation memory file.")] = None,
) -> None:
    """Store the reviewer's English as human translations that later runs keep."""
    from pipeline.translate.memory import open_memory
    from pipeline.write.docx.review import import_review

    memory = open_memory(cache)
    report = import_review(edited, memory)
    for row in report.changed:
        typer.echo(f"{row.id}\tchanged\t{row.en}")
    for row in report.rows:
        for note in row.notes:
            typer.echo(f"{row.id}\tnote\t{note}")
    for problem in report.broken:
        say(f"warning: {edited}: {problem}")
    say(f"review: {len(report.changed)} of {len(report.rows)} rows changed, stored in {memory.path}; {len(report.broken)} problem(s)")


@cache_app.command("stats")
@reports_errors
def cache_stats(cache: Annotated[Optional[Path], _opt("--cache", help="Translation memory file.")] = None) -> None:
    """How many translations the memory holds."""
    from pipeline.translate.memory import open_memory

    memory = open_memory(cache)
    stats = memory.stats()
    typer.echo(f"{memory.path}\t{stats['entries']} entries\t{stats['engines']} engine settings\t"
               f"{stats['human']} reviewed\t{stats['bytes']} bytes")


@cache_app.command("clear")
@reports_errors
def cache_clear(cache: Annotated[Optional[Path], _opt("--cache", help="Translation memory file.")] = None) -> None:
    """Forget every stored translation."""
    from pipeline.translate.memory import open_memory

    memory = open_memory(cache)
    say(f"removed {memory.clear()} entries from {memory.path}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()

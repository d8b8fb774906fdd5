"""The ``bilingual`` command: a thin layer over the library.

Each command parses its options, calls one library function, prints its report, and lets
``reports_errors`` (``pipeline.cli_base``) turn a ``BilingualError`` into one line on stderr
and its exit code. Data goes to stdout, messages to stderr. Heavy modules (ctranslate2,
sentencepiece, python-docx) are imported only by the commands that use them. No
``from __future__ import annotations`` here or in ``cli_models``: typer would then compile and
evaluate every annotation string of every command for ``--help`` (a fifth of its time).
"""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from pipeline.cli_base import (
    PLAIN, AlignOpt, CacheOpt, DeviceOpt, EncodingOpt, ForceOpt, GlossaryOpt, InputArg, LandscapeOpt, LayoutOpt,
    EngineOpt, FormatOpt, ModelOpt, NoCacheOpt, OneLineErrors, PinyinOpt, SidesOpt, VocabOpt, check_sides, formats, OutputOpt, QuietOpt, ScriptOpt, CacheFileOpt, GlossaryFileOpt, echo_all, opt, out,
    DropOpt, KeepOpt, KnownOpt, RubyOpt, ToneOpt, confirm, learning, reports_errors, rulings, say, say_all, stop_on_sigterm,
)
from pipeline.cli_models import models_app
from pipeline.options import Align, Device, ExecutorKind, ExportFormat, ImportFormat, Layout, Script, TermKind, parse_level

app = typer.Typer(
    help="Turn a scraped Chinese article into a side-by-side Chinese/English DOCX, offline.",
    add_completion=False, pretty_exceptions_enable=False, cls=OneLineErrors, **PLAIN,
)
glossary_app = typer.Typer(help="Check, search, extend, import and export the glossary.", **PLAIN)
review_app = typer.Typer(help="Bring a reviewer's corrections back from an edited DOCX.", **PLAIN)
cache_app = typer.Typer(help="The translation memory (SQLite cache of translations).", **PLAIN)
for sub, name in ((models_app, "models"), (glossary_app, "glossary"), (review_app, "review"), (cache_app, "cache")):
    app.add_typer(sub, name=name)


@app.command()
@reports_errors
def run(
    input: InputArg,
    output: Annotated[Optional[Path], out("-o", "--output", help="The edition; its suffix chooses: .docx, .html, .epub (default: output/<input name>.<format>).")] = None,
    glossary: GlossaryOpt = None,
    json_path: Annotated[Optional[Path], out("--json", help="Also write the machine-readable JSON here.")] = None,
    force: ForceOpt = False, device: DeviceOpt = Device.cpu, cache: CacheOpt = None, no_cache: NoCacheOpt = False,
    tmx: Annotated[Optional[Path], out("--tmx", help="Also write a TMX 1.4 translation memory (one tu per sentence).")] = None, model: ModelOpt = None, engine: EngineOpt = None,
    layout: LayoutOpt = Layout.reader, align: AlignOpt = Align.paragraph, landscape: LandscapeOpt = False,
    quiet: QuietOpt = False, script: ScriptOpt = Script.simplified, encoding: EncodingOpt = None, fmt: FormatOpt = "docx", sides: SidesOpt = "zh,en", pinyin: PinyinOpt = "marks", vocab_level: VocabOpt = "HSK3",
    drop: DropOpt = "", keep: KeepOpt = "", tone_colors: ToneOpt = "none", ruby: RubyOpt = "ruby", known: KnownOpt = None,
) -> None:
    """Translate an article into a side-by-side Chinese/English edition (DOCX, web page or EPUB)."""
    from pipeline.edition import EditionOptions, run_article, run_summary
    from pipeline.glossary.loading import load_glossary_or_default
    from pipeline.progress import chapter_lines, sentence_bar
    from pipeline.translate.engine import load_engine
    from pipeline.translate.memory import open_memory

    options = EditionOptions(None, layout, align, landscape, script, encoding, False, False, formats(fmt), check_sides(sides), pinyin, parse_level(vocab_level), rulings(drop, keep), **learning(tone_colors, ruby, known))
    terms, memory = load_glossary_or_default(glossary), open_memory(cache, enabled=not no_cache)
    with sentence_bar(enabled=not quiet) as progress:
        report = run_article(input, {"edition": output, ".json": json_path, ".tmx": tmx}, options, glossary=terms, memory=memory, force=force,
                             engine_loader=lambda: load_engine(device, model, engine), progress=progress, on_chapter=chapter_lines(not quiet, progress, say))
    say_all([f"warning: {w}" for w in report.warnings] + ([] if quiet else run_summary(report)))


@app.command()
@reports_errors
def batch(
    input_dir: Annotated[Path, typer.Argument(metavar="FOLDER", help="Folder of articles; sub-folders are searched and mirrored.")],
    output_dir: Annotated[Optional[Path], out("-o", "--output-dir", help="Where the editions go (default: output/).")] = None,
    glossary: GlossaryOpt = None,
    pattern: Annotated[Optional[str], opt("--pattern", metavar="GLOB", help="Which files are articles (a glob; default: every kind the readers take).")] = None,
    executor: Annotated[ExecutorKind, opt("--executor", help="local (one machine) or ray (a Ray cluster; needs the [ray] extra).")] = ExecutorKind.local,
    workers: Annotated[Optional[int], opt("--workers", help="Processes preparing and rendering (local), or CPUs for a local Ray.")] = None,
    json_out: Annotated[bool, opt("--json", help="Also write <name>.json beside each DOCX.")] = False,
    tmx_out: Annotated[bool, opt("--tmx", help="Also write <name>.tmx beside each DOCX.")] = False,
    force: Annotated[bool, opt("--force", help="Rebuild every article and overwrite existing files.")] = False,
    device: DeviceOpt = Device.cpu, model: ModelOpt = None, engine: EngineOpt = None, cache: CacheOpt = None, no_cache: NoCacheOpt = False,
    layout: LayoutOpt = Layout.reader, align: AlignOpt = Align.paragraph, landscape: LandscapeOpt = False,
    quiet: Annotated[bool, opt("--quiet", "-q", help="No progress; the summary and errors only.")] = False,
    script: ScriptOpt = Script.simplified, encoding: EncodingOpt = None, fmt: FormatOpt = "docx", sides: SidesOpt = "zh,en",
    book: Annotated[Optional[Path], opt("--book", metavar="BOOK.epub", help="Also make one EPUB of every article, in order.")] = None, pinyin: PinyinOpt = "marks", vocab_level: VocabOpt = "HSK3",
    tone_colors: ToneOpt = "none", ruby: RubyOpt = "ruby", known: KnownOpt = None,
) -> None:
    """Translate every article of a folder; a failed article never stops the others."""
    from pipeline.batch.driver import run_folder
    from pipeline.edition import EditionOptions
    from pipeline.batch.progress import batch_listener
    from pipeline.translate.memory import open_memory

    options = EditionOptions(None, layout, align, landscape, script, encoding, json_out, tmx_out, formats(fmt), check_sides(sides), pinyin, parse_level(vocab_level), **learning(tone_colors, ruby, known))
    report = run_folder(input_dir, output_dir, pattern, options, glossary=glossary, executor=executor, device=device, model=model, endpoint=engine,
                        workers=workers, memory=open_memory(cache, enabled=not no_cache), force=force, book=book,
                        listener=lambda total: batch_listener(total, enabled=not quiet, say=say))
    say_all([f"warning: {w}" for w in report.warnings] + report.summary_lines(quiet=quiet))
    if report.failed:
        raise typer.Exit(1)


@app.command()
@reports_errors
def normalize(
    input: InputArg, output: OutputOpt = None,
    report: Annotated[bool, opt("--report", help="Print what changed (counts per kind, dropped lines) to stderr.")] = False,
    glossary: Annotated[Optional[Path], opt("--glossary", help="Glossary whose terms script conversion must not touch (default glossary/glossary.csv when present).")] = None,
    force: Annotated[bool, opt("--force", help="Overwrite an existing output file.")] = False,
    script: ScriptOpt = Script.simplified, encoding: EncodingOpt = None, drop: DropOpt = "", keep: KeepOpt = "",
) -> None:
    """Repair a scraped article and print it: one paragraph per line, title first."""
    from pipeline.examine import normalize_file
    from pipeline.normalize import change_report

    text, result = normalize_file(input, output, script=script, glossary=glossary, encoding=encoding, force=force, decisions=rulings(drop, keep))
    sys.stdout.write(text if output is None else "")
    say_all(change_report(result) if report else [])


@glossary_app.command("check")
@reports_errors
def glossary_check(file: Annotated[Optional[Path], typer.Argument(metavar="[GLOSSARY.csv]", help="Glossary CSV (default glossary/glossary.csv).")] = None) -> None:
    """Validate the glossary: every problem with its line. Exit 1 on errors; warnings pass."""
    from pipeline.glossary.loading import check_report, glossary_path

    problems, summary, errors = check_report(glossary_path(file))
    echo_all(problems)
    say(summary)
    if errors:
        raise typer.Exit(1)


@glossary_app.command("hits")
@reports_errors
def glossary_hits(input: InputArg, glossary: GlossaryFileOpt = None, encoding: EncodingOpt = None) -> None:
    """Which glossary entries occur in the (normalized) article, how often, and where."""
    from pipeline.examine import glossary_hits as hits

    rows, summary = hits(input, glossary, encoding=encoding)
    typer.echo("source\ttarget\tcount\tparagraphs")
    echo_all("\t".join(row) for row in rows)
    say(summary)


@glossary_app.command("add")
@reports_errors
def glossary_add(
    source: Annotated[str, typer.Argument(metavar="SOURCE", help="The Chinese (or Latin) term as it appears in articles.")],
    target: Annotated[str, typer.Argument(metavar="TARGET", help="Its English rendering.")],
    kind: Annotated[TermKind, opt("--kind", help="What the term is; keep leaves it untranslated.")] = TermKind.term,
    aliases: Annotated[str, opt("--aliases", metavar="A|B", help="Other spellings, separated by |.")] = "",
    note: Annotated[str, opt("--note", metavar="TEXT", help="A note for translators.")] = "",
    glossary: GlossaryFileOpt = None,
) -> None:
    """Append one entry without disturbing the rest of the file."""
    from pipeline.glossary.edit import add_entry
    from pipeline.glossary.loading import glossary_path

    path = glossary_path(glossary)
    entry, skipped = add_entry(path, source, target, kind=kind, aliases=aliases, note=note)
    say_all(f"skipped: {path}: {reason}; nothing to add" for reason in skipped)
    if entry is not None:
        say(f"added {entry.source} → {entry.rendering} to {path}")


@glossary_app.command("suggest")
@reports_errors
def glossary_suggest(
    articles: Annotated[Optional[list[Path]], typer.Argument(metavar="ARTICLE…", help="Articles, or folders of them (one list for all).")] = None,
    output: Annotated[Optional[Path], out("-o", "--output", help="Append the rows to this glossary (made if missing); without it, print them.")] = None,
    glossary: GlossaryOpt = None, encoding: EncodingOpt = None,
    from_run: Annotated[Optional[Path], opt("--from-run", metavar="OUT.json", help="Instead: the terms a run rendered several ways, the majority's rendering as target.")] = None,
) -> None:
    """Propose glossary rows for the names and terms an article needs that the glossary lacks, surest first."""
    from pipeline.glossary.edit import add_entries
    from pipeline.glossary.loading import load_glossary_or_default
    from pipeline.errors import UsageError
    from pipeline.examine import suggest_for_files
    from pipeline.glossary.suggest import suggestion_csv, suggestions_from_run

    if not articles and from_run is None:
        raise UsageError("give an article (or a folder), or --from-run OUT.json")
    suggestions = suggestions_from_run(from_run) if from_run else suggest_for_files(articles, load_glossary_or_default(glossary), encoding=encoding)
    if output is None:
        sys.stdout.write(suggestion_csv(suggestions))
        return
    added, skipped = add_entries(output, [s.entry for s in suggestions], create=True)
    say(f"added {len(added)} suggested rows to {output} ({sum(not e.target for e in added)} without a target: yours to fill in)"
        + (f"; {len(skipped)} already there" if skipped else ""))


@glossary_app.command("import")
@reports_errors
def glossary_import(
    file: Annotated[Path, typer.Argument(help="The glossary to import.")],
    fmt: Annotated[ImportFormat, opt("--from", help="omegat (TAB-separated), deepl (CSV/TSV) or tbx.")],
    glossary: Annotated[Optional[Path], opt("--glossary", help="Glossary CSV to extend (default glossary/glossary.csv).")] = None,
) -> None:
    """Append the entries of an OmegaT, DeepL or TBX glossary to ours (existing sources are kept)."""
    from pipeline.glossary.edit import add_entries
    from pipeline.glossary.loading import glossary_path
    from pipeline.glossary.formats import import_entries

    added, skipped = add_entries(path := glossary_path(glossary), import_entries(file, fmt), create=True)
    say_all([f"skipped: {reason}" for reason in skipped] + [f"imported {len(added)} entries into {path} ({len(skipped)} skipped)"])


@glossary_app.command("export")
@reports_errors
def glossary_export(
    fmt: Annotated[ExportFormat, opt("--to", help="omegat (TAB-separated) or tbx.")],
    output: OutputOpt = None, force: Annotated[bool, opt("--force", help="Overwrite an existing output file.")] = False,
    glossary: GlossaryFileOpt = None,
) -> None:
    """Write our glossary for a CAT tool."""
    from pipeline.glossary.loading import glossary_path
    from pipeline.glossary.formats import export_glossary

    text = export_glossary(glossary_path(glossary), fmt, output, force=force)
    if output is None:
        sys.stdout.write(text)
    else:
        say(f"wrote {output}")


@app.command()
@reports_errors
def extract(input: InputArg, encoding: EncodingOpt = None) -> None:
    """Show what is taken from an input (a saved page above all), line by line with where
    each came from, and what was left out."""
    from pipeline.examine import extract_report

    taken, facts = extract_report(input, encoding=encoding)
    echo_all(taken)
    say_all(facts)


@app.command("render")
@reports_errors
def render_command(
    docx_file: Annotated[Path, typer.Argument(metavar="OUT.docx", help="The edition to preview.")],
    out_dir: Annotated[Optional[Path], out("-o", "--output", help="Folder for the PDF and PNG pages (default: <name>-preview/ beside it).")] = None,
    dpi: Annotated[int, opt("--dpi", help="Resolution of the PNG pages.")] = 100,
) -> None:
    """Render an edition to PDF and PNG pages (needs LibreOffice and pdftoppm)."""
    from pipeline.write.render import render

    files = render(docx_file, out_dir, dpi)
    echo_all(map(str, files))
    say(f"rendered {len(files) - 1} page(s) into {files[0].parent}")


@review_app.command("import")
@reports_errors
def review_import(
    edited: Annotated[Path, typer.Argument(help="The edition DOCX as the reviewer returned it.")],
    cache: CacheFileOpt = None,
) -> None:
    """Store the reviewer's English as human translations that later runs keep."""
    from pipeline.translate.memory import open_memory
    from pipeline.write.docx.review import check_review_file, import_review

    check_review_file(edited)  # before the memory is opened: a wrong file leaves nothing behind
    report = import_review(edited, memory := open_memory(cache))
    echo_all(report.table())
    say_all(report.messages(edited, memory.path))


@cache_app.command("stats")
@reports_errors
def cache_stats(cache: CacheFileOpt = None) -> None:
    """What the memory holds: machine translations, alignments, reviewed translations."""
    from pipeline.translate.memory import open_memory

    typer.echo(open_memory(cache, existing=True).stats_line())


@cache_app.command("clear")
@reports_errors
def cache_clear(
    cache: CacheFileOpt = None,
    all_: Annotated[bool, opt("--all", help="Also forget the reviewers' translations (human work, kept by default).")] = False,
    yes: Annotated[bool, opt("--yes", "-y", help="Do not ask (needed when not on a terminal).")] = False,
) -> None:
    """Forget the machine translations (and, with --all, the reviewed ones)."""
    from pipeline.translate.memory import clear_memory

    say(clear_memory(cache, reviewed=all_, confirm=None if yes else confirm))


def main() -> None:
    stop_on_sigterm()
    app()


if __name__ == "__main__":
    main()

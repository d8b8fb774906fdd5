"""What every ``bilingual`` command shares: the option types, saying things on stderr, and
one-line errors (ours and Click's) with their exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Optional, TypeVar

import typer
from typer.core import TyperGroup

from pipeline.errors import BilingualError, Terminated, UsageError
from pipeline.options import Align, Device, Layout, Script

USAGE_EXIT = UsageError.exit_code  # Click's usage errors too: its own 2 means "no model" here

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


F = TypeVar("F", bound=Callable[..., object])


def stop_on_sigterm() -> None:
    """SIGTERM is handled as Ctrl-C is: the work in progress stops cleanly (``Terminated``)."""
    import signal

    def terminate(signum, frame):
        raise Terminated()

    signal.signal(signal.SIGTERM, terminate)


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
        except KeyboardInterrupt as stop:
            terminated = isinstance(stop, Terminated)
            say("error: terminated (SIGTERM); finished work is kept" if terminated else "error: interrupted")
            raise typer.Exit(143 if terminated else 130) from None

    return wrapper  # type: ignore[return-value]


def confirm(question: str) -> bool:
    """Ask on a terminal; elsewhere there is nobody to answer, so the caller needs --yes."""
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise UsageError(f"{question} — not on a terminal, so nobody can answer: pass --yes")
    return typer.confirm(question, err=True)


def say_all(lines) -> None:
    for line in lines:
        say(line)


def echo_all(lines) -> None:
    """Data lines, on stdout."""
    for line in lines:
        typer.echo(line)


def opt(*names: str, help: str, **kwargs):
    return typer.Option(*names, help=help, **kwargs)


def _not_an_option(value):
    """``--json -q`` would write a file named ``-q``: a path that looks like an option is refused."""
    if value is not None and str(value).startswith("-") and str(value) != "-":
        raise typer.BadParameter(f"{str(value)!r} looks like an option, not a file name (for a file so named, give its full path: {Path.cwd() / str(value)})")
    return value


def out(*names: str, help: str, **kwargs):
    """An option naming a file or folder to write."""
    return typer.Option(*names, help=help, callback=_not_an_option, **kwargs)


InputArg = Annotated[Path, typer.Argument(metavar="ARTICLE", help="The article: a text file (one paragraph per line, title first), a saved web page (.html, .mhtml), Markdown, DOCX, an EPUB book, a PDF (its text layer), or - for standard input.")]
EncodingOpt = Annotated[Optional[str], opt("--encoding", metavar="NAME", help="Force the input encoding (default: detect UTF-8/UTF-16/GB18030/Big5).")]
ScriptOpt = Annotated[Script, opt("--script", help="simplified converts to mainland simplified; keep leaves the script alone.")]
GlossaryOpt = Annotated[Optional[Path], opt("--glossary", help="Glossary CSV (default: glossary/glossary.csv when present).")]
DeviceOpt = Annotated[Device, opt("--device", help="Where the model runs.")]
CacheOpt = Annotated[Optional[Path], opt("--cache", help="Translation memory file (default ~/.cache/bilingual-edition/tm.sqlite).")]
NoCacheOpt = Annotated[bool, opt("--no-cache", help="Neither read nor write the translation memory.")]
LayoutOpt = Annotated[Layout, opt("--layout", help="reader (portrait, 中文 | English) or review (landscape, ID | Status | 中文 | English | Comment).")]
AlignOpt = Annotated[Align, opt("--align", help="One row per paragraph or per sentence (reader layout).")]
LandscapeOpt = Annotated[bool, opt("--landscape", help="Landscape pages (the review layout always is).")]
ForceOpt = Annotated[bool, opt("--force", help="Overwrite existing output files.")]
QuietOpt = Annotated[bool, opt("--quiet", "-q", help="No progress bar and no summary; errors only.")]
OutputOpt = Annotated[Optional[Path], out("-o", "--output", help="Write here instead of stdout.")]
CacheFileOpt = Annotated[Optional[Path], opt("--cache", help="Translation memory file.")]
GlossaryFileOpt = Annotated[Optional[Path], opt("--glossary", help="Glossary CSV (default glossary/glossary.csv).")]
ModelOpt = Annotated[Optional[str], opt("--model", metavar="NAME", help="Which installed zh→en model to use (see `models list`); with --engine, the served model's name.")]
EngineOpt = Annotated[Optional[str], opt("--engine", metavar="openai:URL", help="Translate with an OpenAI-compatible chat endpoint (llama.cpp's server, Ollama, vLLM), e.g. openai:http://127.0.0.1:8080/v1.")]
FormatOpt = Annotated[str, opt("--format", metavar="docx,html,epub,epub-en", help="Which editions to write when -o does not say (a comma list); epub-en: the translation alone as a book (NAME.en.epub).")]
SidesOpt = Annotated[str, opt("--sides", metavar="zh,en|zh|en", help="Both languages side by side, or one only (a translation-only copy).")]


def formats(text: str) -> tuple[str, ...]:
    """``--format``: editions by name, in the order given.

    >>> formats("html,docx")
    ('html', 'docx')
    """
    chosen = tuple(dict.fromkeys(part.strip().lower().lstrip(".") for part in text.split(",") if part.strip()))
    unknown = [f for f in chosen if f not in ("docx", "html", "epub", "epub-en")]
    if unknown or not chosen:
        raise UsageError(f"--format {text!r}: use docx, html, epub or epub-en (the translation alone; a comma list)")
    return chosen


def check_sides(text: str) -> str:
    sides = ",".join(part.strip() for part in text.split(",") if part.strip())
    if sides not in ("zh,en", "en,zh", "zh", "en"):
        raise UsageError(f"--sides {text!r}: use zh,en (both), zh or en")
    return "zh,en" if sides == "en,zh" else sides
DropOpt = Annotated[str, opt("--drop", metavar="LINES", help="Source lines to leave out (e.g. 3,41: the line numbers `normalize --report` shows).")]
KeepOpt = Annotated[str, opt("--keep", metavar="LINES", help="Source lines to keep even if they look like residue (e.g. 7).")]


def rulings(drop: str, keep: str) -> tuple:
    """``--drop 3,41 --keep 7`` as the normalizer's decisions.

    >>> [(d.line, d.action) for d in rulings("3, 41", "7")]
    [(3, 'drop'), (41, 'drop'), (7, 'keep')]
    """
    from pipeline.document import Decision

    def numbers(option: str, text: str) -> list[int]:
        parts = [part.strip() for part in text.split(",") if part.strip()]
        if not all(part.isdigit() and int(part) > 0 for part in parts):
            raise UsageError(f"{option} {text!r}: give source line numbers, comma-separated (e.g. 3,41)")
        return [int(part) for part in parts]

    dropped, kept = numbers("--drop", drop), numbers("--keep", keep)
    if set(dropped) & set(kept):
        raise UsageError(f"line {min(set(dropped) & set(kept))} is given to both --drop and --keep")
    return tuple(Decision(n, "drop") for n in dropped) + tuple(Decision(n, "keep") for n in kept)


PinyinOpt = Annotated[str, opt("--pinyin", metavar="marks|numbers|zhuyin", help="The learner layout's readings: tone marks, tone numbers or zhuyin.")]
VocabOpt = Annotated[str, opt("--vocab-level", metavar="HSK1..HSK9", help="The learner layout's vocabulary: words at this HSK 3.0 level and above.")]


ToneOpt = Annotated[str, opt("--tone-colors", metavar="none|pleco|hanping", help="The learner layout's tone colours (HTML, EPUB, DOCX): Pleco's or Hanping's scheme.")]
RubyOpt = Annotated[str, opt("--ruby", metavar="ruby|line", help="The learner EPUB's readings: ruby over each word, or a pinyin line above each sentence (for e-readers without ruby).")]
KnownOpt = Annotated[Optional[Path], opt("--known", metavar="FILE", help="Words you know, one a line: left out of the learner layout's vocabulary.")]


def learning(tone_colors: str, ruby: str, known: Path | None) -> dict:
    """The learner options as EditionOptions fields, checked (a bad value: one line, exit 64)."""
    from pipeline.learn.tones import check_scheme
    from pipeline.learn.vocabulary import read_known

    if ruby not in ("ruby", "line"):
        raise UsageError(f"--ruby {ruby!r}: use ruby or line")
    return {"tone_colors": check_scheme(tone_colors), "ruby": ruby, "known": read_known(known)}

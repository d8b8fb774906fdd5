"""``bilingual models``: list, install and remove translation models of every kind."""

from typing import Annotated, Optional

import typer

from pipeline.cli_base import PLAIN, echo_all, opt, reports_errors, say

models_app = typer.Typer(help="List, install and remove translation models (argos packages, CTranslate2 model folders, LLMs).", **PLAIN)


@models_app.command("list")
@reports_errors
def models_list() -> None:
    """Show installed models with their kind (and folders that are not usable models)."""
    from pipeline.translate.folders import models_dir
    from pipeline.translate.models import package_rows, packages_dir

    rows = package_rows()
    say(f"packages folder: {packages_dir()}; models folder: {models_dir()}" + ("" if rows else "; no models installed"))
    echo_all("\t".join(row) for row in rows)


@models_app.command("install")
@reports_errors
def models_install(
    given: Annotated[Optional[str], typer.Argument(metavar="[FILE|FOLDER|NAME]", help=(
        "An .argosmodel file; a CTranslate2 model folder or a .tar.gz/.zip of one; or quickmt-zh-en (downloaded from its hub page). "
        "Without it: download zh→en from the argos index."))] = None,
    if_missing: Annotated[bool, opt("--if-missing", help="Do nothing when a zh→en model is installed.")] = False,
) -> None:
    """Install a zh→en model from a file, a folder, a published model's name or the argos index."""
    from pipeline.progress import download_bar
    from pipeline.translate.models import ensure_model

    model, new = ensure_model(given, if_missing=if_missing, say=say, progress=download_bar)
    say(f"installed {model.name} ({model.kind}) {model.version} in {model.path}" if new
        else f"zh→en model already installed: {model.name} {model.version}")


@models_app.command("remove")
@reports_errors
def models_remove(name: Annotated[str, typer.Argument(metavar="NAME", help="The model's name, as `bilingual models list` shows it.")]) -> None:
    """Remove an installed model."""
    from pipeline.translate.models import remove_model

    say(f"removed {remove_model(name)}")

"""bilingual-edition: scraped Chinese article → side-by-side Chinese/English edition."""

from functools import lru_cache


@lru_cache(maxsize=1)
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bilingual-edition")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    """``pipeline.__version__`` from the package metadata, read when first asked for:
    importlib.metadata costs ~50 ms, which ``bilingual --help`` should not pay."""
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")

"""bilingual-edition: scraped Chinese article → side-by-side Chinese/English edition."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bilingual-edition")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

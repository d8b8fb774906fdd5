"""bilingual-edition: scraped Chinese article → side-by-side Chinese/English edition."""

__version__ = "0.1.0"

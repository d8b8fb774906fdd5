"""The user's glossary: the CSV (``entries``), edits to the file (``edit``), CAT formats (``formats``)."""

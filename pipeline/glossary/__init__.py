"""The user's glossary: its data model (``model``), the automaton that finds its spellings
(``automaton``), the CSV read and checked (``loading``), terms found in a document
(``matcher``), edits to the file (``edit``), CAT formats (``formats``), suggestions from the
articles themselves (``suggest``) and a run's likely names outside it (``unlisted``)."""

"""The learner edition's knowledge: each word's reading (``reading``: the word cutter and the
reading chosen for it; ``heteronyms``: the rules for characters read by their context;
``polyphones``: the trained reader for what dictionaries leave undecided; ``dictionary``:
CC-CEDICT indexed by every form), the tone colours (``tones``) and the article's vocabulary
with its Anki deck (``vocabulary``). The writers import it; it imports no writer.
"""

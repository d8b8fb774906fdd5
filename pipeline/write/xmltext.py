"""Text that XML can hold, for every writer that makes XML (DOCX, TMX): XML 1.0 forbids most
control characters, lone surrogates and the non-characters U+FFFE/U+FFFF, which reach us in
file names, glossary cells pasted from a spreadsheet and dropped lines kept as they were."""

from __future__ import annotations

import re

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CORE_PROPERTY_LIMIT = 255  # python-docx refuses longer core properties (and Word truncates them)


def xml_safe(text: str) -> str:
    """Characters XML cannot hold become U+FFFD (the text stays as long as it was).

    >>> xml_safe("Wang\\x0bJian\\ufffe") == "Wang\\ufffdJian\\ufffd"
    True
    """
    return NOT_XML.sub("\ufffd", text)


def core_property(text: str, limit: int = CORE_PROPERTY_LIMIT) -> str:
    """A value the DOCX core properties accept: XML-safe, at most ``limit`` characters
    (cut with an ellipsis, never inside the limit's last character).

    >>> len(core_property("长" * 300)), core_property("长" * 300)[-1]
    (255, '…')
    """
    text = xml_safe(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"

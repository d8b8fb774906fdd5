"""Translation: model packages, the CTranslate2 engine, the translation memory, glossary
enforcement, and the stage that ties them together (``stage``)."""

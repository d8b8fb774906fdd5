"""The DOCX edition: its builder, the raw-OXML helpers, and the review reader beside them."""

"""Writers: an edition ``Document`` → DOCX, JSON, TMX; atomic, no-clobber file writes."""

"""Batch editions: the driver, the local and Ray executors, progress."""

"""Pure-Python domain layer: no Qt, no I/O beyond what a caller hands in."""

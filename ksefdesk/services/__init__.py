"""I/O services: KSeF client, local store, secret store, sync. QtCore at most, never widgets."""

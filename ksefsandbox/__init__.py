"""A local KSeF API v2 server: same paths, bodies and codes as the real one, on 127.0.0.1."""

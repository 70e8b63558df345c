"""The KSeF API v2 client: HTTP plumbing (http.py) and typed calls (api.py)."""

"""KSeF Desk: a desktop client for Poland's KSeF e-invoicing system (API v2)."""

__version__ = "0.1.0"
APP_NAME = "KSeF Desk"
APP_ID = "ksefdesk"

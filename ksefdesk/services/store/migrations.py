"""Schema migrations, applied in order; ``PRAGMA user_version`` records the last one applied.

Never edit a released migration: append a new one, and add a test that opens a database made by
the previous version (tests/services/test_store_migrations.py).
"""

from __future__ import annotations

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: companies and the metadata of their credentials
    (
        """
        CREATE TABLE companies (
            id INTEGER PRIMARY KEY,
            nip TEXT NOT NULL UNIQUE CHECK (length(nip) = 10),
            name TEXT NOT NULL DEFAULT '',
            environment TEXT NOT NULL,
            base_url TEXT NOT NULL,
            auth_method TEXT,
            status TEXT NOT NULL DEFAULT 'not_authorized',
            status_reason TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE authorizations (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            secret_ref TEXT NOT NULL,
            expires_at TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (company_id, kind)
        )
        """,
    ),
    # 2: user settings, and when each company last synchronized
    (
        "ALTER TABLE companies ADD COLUMN last_sync_at TEXT",
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """,
    ),
    # 3: a downloaded file to sign waiting for its signed copy; reference numbers of credentials
    (
        """
        CREATE TABLE pending_authorizations (
            company_id INTEGER PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
            challenge TEXT NOT NULL,
            challenge_time TEXT NOT NULL,
            document BLOB NOT NULL,
            created_at TEXT NOT NULL
        )
        """,
        "ALTER TABLE authorizations ADD COLUMN reference TEXT",
    ),
)

LATEST_VERSION = len(MIGRATIONS)

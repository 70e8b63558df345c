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
    # 4: invoices received from (and later sent to) KSeF, and where each sync stopped
    (
        """
        CREATE TABLE invoices (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            ksef_number TEXT NOT NULL,
            direction TEXT NOT NULL,
            invoice_number TEXT NOT NULL DEFAULT '',
            invoice_type TEXT NOT NULL DEFAULT '',
            issue_date TEXT,
            acquisition_date TEXT,
            permanent_storage_date TEXT,
            seller_nip TEXT NOT NULL DEFAULT '',
            seller_name TEXT NOT NULL DEFAULT '',
            buyer_id TEXT NOT NULL DEFAULT '',
            buyer_name TEXT NOT NULL DEFAULT '',
            net REAL NOT NULL DEFAULT 0,
            vat REAL NOT NULL DEFAULT 0,
            gross REAL NOT NULL DEFAULT 0,
            currency TEXT NOT NULL DEFAULT 'PLN',
            status TEXT NOT NULL DEFAULT 'received',
            sha256 TEXT NOT NULL,
            xml BLOB NOT NULL,
            metadata TEXT NOT NULL DEFAULT '{}',
            is_new INTEGER NOT NULL DEFAULT 1,
            received_at TEXT NOT NULL,
            UNIQUE (company_id, ksef_number)
        )
        """,
        "CREATE INDEX invoices_by_date ON invoices (company_id, issue_date)",
        "CREATE INDEX invoices_by_seller ON invoices (seller_nip)",
        "CREATE INDEX invoices_by_received ON invoices (company_id, received_at)",
        """
        CREATE TABLE sync_cursors (
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            subject_type TEXT NOT NULL,
            cursor TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (company_id, subject_type)
        )
        """,
    ),
    # 5: the outbox of sales invoices: every state change recorded before and after each network step
    (
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            file_name TEXT NOT NULL,
            invoice_number TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            xml BLOB NOT NULL,
            state TEXT NOT NULL,
            session_ref TEXT,
            invoice_ref TEXT,
            ksef_number TEXT,
            upo BLOB,
            error_code INTEGER,
            error_text TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (company_id, sha256)
        )
        """,
        "CREATE INDEX outbox_by_state ON outbox (company_id, state)",
    ),
    # 6: the documents (XML, KSeF metadata) move out of the list table, so that listing 100,000
    #    invoices reads a few megabytes instead of every XML. (The old table is dropped only after its
    #    documents are copied to a table without a foreign key: with foreign keys on, dropping it would
    #    cascade.)
    (
        "CREATE TABLE documents_v6 (invoice_id INTEGER PRIMARY KEY, xml BLOB NOT NULL, metadata TEXT NOT NULL)",
        "INSERT INTO documents_v6 SELECT id, xml, metadata FROM invoices",
        """
        CREATE TABLE invoices_v6 (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            ksef_number TEXT NOT NULL,
            direction TEXT NOT NULL,
            invoice_number TEXT NOT NULL DEFAULT '',
            invoice_type TEXT NOT NULL DEFAULT '',
            issue_date TEXT,
            acquisition_date TEXT,
            permanent_storage_date TEXT,
            seller_nip TEXT NOT NULL DEFAULT '',
            seller_name TEXT NOT NULL DEFAULT '',
            buyer_id TEXT NOT NULL DEFAULT '',
            buyer_name TEXT NOT NULL DEFAULT '',
            net REAL NOT NULL DEFAULT 0,
            vat REAL NOT NULL DEFAULT 0,
            gross REAL NOT NULL DEFAULT 0,
            currency TEXT NOT NULL DEFAULT 'PLN',
            status TEXT NOT NULL DEFAULT 'received',
            sha256 TEXT NOT NULL,
            is_new INTEGER NOT NULL DEFAULT 1,
            received_at TEXT NOT NULL,
            UNIQUE (company_id, ksef_number)
        )
        """,
        "INSERT INTO invoices_v6 SELECT id, company_id, ksef_number, direction, invoice_number, invoice_type,"
        " issue_date, acquisition_date, permanent_storage_date, seller_nip, seller_name, buyer_id, buyer_name,"
        " net, vat, gross, currency, status, sha256, is_new, received_at FROM invoices",
        "DROP TABLE invoices",
        "ALTER TABLE invoices_v6 RENAME TO invoices",
        """
        CREATE TABLE invoice_documents (
            invoice_id INTEGER PRIMARY KEY REFERENCES invoices(id) ON DELETE CASCADE,
            xml BLOB NOT NULL,
            metadata TEXT NOT NULL DEFAULT '{}'
        )
        """,
        "INSERT INTO invoice_documents SELECT invoice_id, xml, metadata FROM documents_v6",
        "DROP TABLE documents_v6",
        "CREATE INDEX invoices_by_date ON invoices (company_id, issue_date)",
        "CREATE INDEX invoices_by_seller ON invoices (seller_nip)",
        "CREATE INDEX invoices_by_new ON invoices (is_new) WHERE is_new = 1",
    ),
    # 7: KSeF certificates the app enrolled (the private keys live in the secret store)
    (
        """
        CREATE TABLE ksef_certificates (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            serial TEXT NOT NULL,
            type TEXT NOT NULL CHECK (type IN ('Authentication', 'Offline')),
            name TEXT NOT NULL,
            valid_from TEXT NOT NULL,
            valid_to TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'Active',
            der BLOB NOT NULL,
            key_ref TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (company_id, serial)
        )
        """,
    ),
    # 8: invoices issued offline (offline24, KSeF unavailable, failure) and their legal send-by deadline
    (
        "ALTER TABLE outbox ADD COLUMN offline_mode TEXT",
        "ALTER TABLE outbox ADD COLUMN issue_date TEXT",
        "ALTER TABLE outbox ADD COLUMN deadline TEXT",
        # the signature certificate last used to log in (for expiry warnings; public data only)
        """
        CREATE TABLE signer_certificates (
            company_id INTEGER PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
            subject TEXT NOT NULL,
            issuer TEXT NOT NULL,
            serial TEXT NOT NULL,
            valid_to TEXT NOT NULL,
            used_at TEXT NOT NULL
        )
        """,
    ),
    # 9: a company can keep the archive of an environment it left. The NIP stays unique among the
    #    companies in use only; ``switch_from`` marks a switch of environment still waiting for its
    #    login (the company it replaces is restored when that login is cancelled or never finishes).
    #    Rebuilt with foreign keys off (the migration runner does that), so nothing cascades.
    (
        """
        CREATE TABLE companies_v9 (
            id INTEGER PRIMARY KEY,
            nip TEXT NOT NULL CHECK (length(nip) = 10),
            name TEXT NOT NULL DEFAULT '',
            environment TEXT NOT NULL,
            base_url TEXT NOT NULL,
            auth_method TEXT,
            status TEXT NOT NULL DEFAULT 'not_authorized',
            status_reason TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            last_sync_at TEXT,
            archived_at TEXT,
            switch_from INTEGER REFERENCES companies(id) ON DELETE SET NULL
        )
        """,
        "INSERT INTO companies_v9 (id, nip, name, environment, base_url, auth_method, status, status_reason,"
        " created_at, updated_at, last_sync_at) SELECT id, nip, name, environment, base_url, auth_method, status,"
        " status_reason, created_at, updated_at, last_sync_at FROM companies",
        "DROP TABLE companies",
        "ALTER TABLE companies_v9 RENAME TO companies",
        "CREATE UNIQUE INDEX companies_in_use ON companies (nip) WHERE archived_at IS NULL",
    ),
    # 10: paying purchase invoices: what was paid, when and how (one row per invoice, removed when marked
    #     unpaid), the collective identifiers (IZ) created for several invoices of one seller, and the
    #     White List answers (their request ID is the proof a tax office accepts). Amounts as decimal text.
    (
        """
        CREATE TABLE payments (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            ksef_number TEXT NOT NULL,
            paid_at TEXT NOT NULL,
            amount TEXT NOT NULL,
            currency TEXT NOT NULL DEFAULT 'PLN',
            method TEXT NOT NULL CHECK (method IN ('transfer', 'other')),
            collective_id TEXT,
            note TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL,
            UNIQUE (company_id, ksef_number)
        )
        """,
        """
        CREATE TABLE collective_ids (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            number TEXT NOT NULL,
            seller_nip TEXT NOT NULL,
            ksef_numbers TEXT NOT NULL,
            amount TEXT NOT NULL,
            currency TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (company_id, number)
        )
        """,
        """
        CREATE TABLE whitelist_checks (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            nip TEXT NOT NULL,
            account TEXT NOT NULL,
            day TEXT NOT NULL,
            verdict TEXT NOT NULL,
            request_id TEXT NOT NULL DEFAULT '',
            checked_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX whitelist_checks_by_account ON whitelist_checks (company_id, nip, account, day)",
    ),
    # 11: a company's state and its reason are stored as enum values (core/status.py), no longer as message
    #     keys ("reauth.expired", "status.unreachable", older versions' "ksef.unreachable"), so a message can be
    #     reworded without touching the data. What this version does not know becomes the state's safe default
    #     (an unknown state: not authorized; an unknown reason: "expired" or "unavailable"); credentials stay.
    (
        "UPDATE companies SET status = 'not_authorized'"
        " WHERE status NOT IN ('not_authorized', 'connected', 'reauth_needed', 'unavailable')",
        """
        UPDATE companies SET status_reason = CASE
            WHEN status = 'reauth_needed' THEN CASE
                WHEN status_reason IN ('reauth.expired', 'reauth.session_revoked', 'reauth.token_revoked',
                                       'reauth.token_unusable', 'reauth.no_permissions', 'reauth.refused')
                    THEN substr(status_reason, length('reauth.') + 1)
                WHEN status_reason IN ('expired', 'session_revoked', 'token_revoked', 'token_unusable',
                                       'no_permissions', 'refused')
                    THEN status_reason
                ELSE 'expired'
            END
            WHEN status = 'unavailable' THEN CASE
                WHEN status_reason IN ('status.unreachable', 'ksef.unreachable', 'unreachable') THEN 'unreachable'
                ELSE 'unavailable'
            END
            ELSE ''
        END
        """,
        # KSeF's certificate statuses were stored as KSeF reported them; one not in its contract is never Active
        "UPDATE ksef_certificates SET status = 'Blocked'"
        " WHERE status NOT IN ('Active', 'Blocked', 'Revoked', 'Expired')",
    ),
    # 12: invoice amounts as exact decimal text ("1234567.89", "0.30", at least two places), as the payments
    #     are (10), no longer REAL: a float cannot hold 0.10 and sums drift by a grosz. The REAL values came
    #     from KSeF's two-place amounts, so rounding them to two places gives back exactly what KSeF wrote
    #     (0.30000000000000004 -> "0.30"; -0.0 -> "0.00"). TEXT affinity keeps the text as it is (a REAL
    #     column would turn "0.30" back into a float), hence new columns in place of the old ones.
    (
        "ALTER TABLE invoices ADD COLUMN net_v12 TEXT NOT NULL DEFAULT '0.00'",
        "ALTER TABLE invoices ADD COLUMN vat_v12 TEXT NOT NULL DEFAULT '0.00'",
        "ALTER TABLE invoices ADD COLUMN gross_v12 TEXT NOT NULL DEFAULT '0.00'",
        "UPDATE invoices SET"
        " net_v12 = CASE WHEN net = 0 THEN '0.00' ELSE printf('%.2f', net) END,"
        " vat_v12 = CASE WHEN vat = 0 THEN '0.00' ELSE printf('%.2f', vat) END,"
        " gross_v12 = CASE WHEN gross = 0 THEN '0.00' ELSE printf('%.2f', gross) END",
        "ALTER TABLE invoices DROP COLUMN net",
        "ALTER TABLE invoices DROP COLUMN vat",
        "ALTER TABLE invoices DROP COLUMN gross",
        "ALTER TABLE invoices RENAME COLUMN net_v12 TO net",
        "ALTER TABLE invoices RENAME COLUMN vat_v12 TO vat",
        "ALTER TABLE invoices RENAME COLUMN gross_v12 TO gross",
    ),
    # 13: staying connected through 2027. A client company can log in with the KSeF certificate of another
    #     company in this app (an accounting office's own identity, used in the client's context):
    #     ``login_via`` is that company's id (NULL: its own credentials). ``backed_up_at`` says when the user
    #     saved a KSeF certificate's key as a .p12 backup (NULL: never), which the readiness view asks for.
    (
        "ALTER TABLE companies ADD COLUMN login_via INTEGER",
        "ALTER TABLE ksef_certificates ADD COLUMN backed_up_at TEXT",
    ),
    # 14: issuing invoices in the app. A numbering series per company (``invoice_counters`` holds the last
    #     number of each period; it moves in the same transaction that puts the invoice in the outbox, so a
    #     crash takes a number together with its invoice or not at all), every number issued (never twice),
    #     the seller's defaults, the contractor book, the product list and saved drafts (the form's JSON model).
    (
        """
        CREATE TABLE invoice_series (
            company_id INTEGER PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
            pattern TEXT NOT NULL,
            reset TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE invoice_counters (
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            period TEXT NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (company_id, period)
        )
        """,
        """
        CREATE TABLE issued_numbers (
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            number TEXT NOT NULL,
            outbox_id INTEGER,
            issued_at TEXT NOT NULL,
            PRIMARY KEY (company_id, number)
        )
        """,
        """
        CREATE TABLE seller_defaults (
            company_id INTEGER PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
            value TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE contractors (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            id_type TEXT NOT NULL,
            ident TEXT NOT NULL,
            name TEXT NOT NULL,
            address1 TEXT NOT NULL,
            address2 TEXT NOT NULL,
            country TEXT NOT NULL,
            used_at TEXT NOT NULL,
            UNIQUE (company_id, id_type, ident, name)
        )
        """,
        """
        CREATE TABLE products (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            unit TEXT NOT NULL,
            unit_price TEXT NOT NULL,
            rate TEXT NOT NULL,
            used_at TEXT NOT NULL,
            UNIQUE (company_id, name)
        )
        """,
        """
        CREATE TABLE invoice_drafts (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
    ),
)

LATEST_VERSION = len(MIGRATIONS)

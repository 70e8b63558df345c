"""Local SQLite store: holds references to secrets, never secrets."""

from ksefdesk.services.store.database import Database
from ksefdesk.services.store.repositories import (
    AuthorizationRepository,
    CompanyRepository,
    PendingRequestRepository,
    SettingsRepository,
)

__all__ = ["AuthorizationRepository", "CompanyRepository", "Database", "PendingRequestRepository", "SettingsRepository"]

"""The official XSDs shipped in ``ksefdesk/schemas``, compiled once per process on demand."""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"

AUTH_NS_20 = "http://ksef.mf.gov.pl/auth/token/2.0"
AUTH_NS_21 = "http://ksef.mf.gov.pl/auth/token/2.1"
FA3_NS = "http://crd.gov.pl/wzor/2025/06/25/13775/"
UPO_NS = "http://upo.schematy.mf.gov.pl/KSeF/v4-3"
_CRD_BASE = "http://crd.gov.pl/xml/schematy/dziedzinowe/mf/2022/01/05/eD/DefinicjeTypy/"


class _LocalResolver(etree.Resolver):  # type: ignore[misc]  # lxml has no type stubs
    """Maps the FA(3) schema's remote import to the local copies (never the network)."""

    def resolve(self, system_url: str, public_id: str, context: object) -> object:
        if system_url.startswith(_CRD_BASE):
            local = SCHEMA_DIR / "fa3" / "bazowe" / system_url[len(_CRD_BASE) :]
            return self.resolve_filename(str(local), context)
        return None


def _load(relative: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalResolver())
    document = etree.parse(str(SCHEMA_DIR / relative), parser)
    return etree.XMLSchema(document)


@functools.cache
def auth_request_schema() -> etree.XMLSchema:
    return _load("auth/schemat_auth_v2-1.xsd")


@functools.cache
def fa3_schema() -> etree.XMLSchema:
    return _load("fa3/schemat_FA(3)_v1-0E.xsd")


@functools.cache
def upo_schema() -> etree.XMLSchema:
    return _load("upo/upo-v4-3.xsd")

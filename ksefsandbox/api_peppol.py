"""GET /peppol/query: the Peppol service providers registered in KSeF.

The sandbox keeps a small fixed register (KSeF fills its own from the providers' registrations); the
answer is paged like every KSeF list (pageOffset = page number, pageSize 10..100, ``hasMore``) and
sorted as the contract says: dateCreated descending, then id.
"""

from __future__ import annotations

from werkzeug.wrappers import Response

from ksefsandbox.routing import Call, Router, json_response

# (id, name, dateCreated): ids follow the contract's PeppolId pattern ^P[A-Z]{2}[0-9]{6}$.
PROVIDERS: tuple[tuple[str, str, str], ...] = tuple(
    (
        f"PPL{100000 + n:06d}",
        f"Dostawca usług Peppol {n:02d} (piaskownica)",
        f"2026-{1 + n % 9:02d}-{1 + n:02d}T10:00:00Z",
    )
    for n in range(1, 24)
)


def query(call: Call) -> Response:
    size = call.query_int("pageSize", 10, 10, 100)
    page = call.query_int("pageOffset", 0, 0, 1_000_000)
    ordered = sorted(PROVIDERS, key=lambda p: p[0])
    ordered = sorted(ordered, key=lambda p: p[2], reverse=True)
    start = page * size
    items = [{"id": pid, "name": name, "dateCreated": created} for pid, name, created in ordered[start : start + size]]
    return json_response({"peppolProviders": items, "hasMore": len(ordered) > start + size})


def register(router: Router) -> None:
    router.route("GET", "/peppol/query", group="anonymous", auth="none")(query)

"""The DPO's audit page: who did what to whose data, newest first, with filters."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from kirjaamo.accounts import gates
from kirjaamo.audit.choices import Purpose
from kirjaamo.audit.forms import AuditFilterForm
from kirjaamo.audit.selectors import AuditPage, Cursor, audit_events
from kirjaamo.lib.htmx import render_page


def _detail_text(detail: object) -> list[str]:
    """`key=value` texts of an event's detail (ids, counts and identifiers only)."""
    if not isinstance(detail, dict):
        return []
    out = []
    for key, value in sorted(detail.items()):
        text = ",".join(str(v) for v in value) if isinstance(value, list) else str(value)
        out.append(f"{key}={text}")
    return out


@gates.require(gates.can_view_audit)
@require_http_methods(["GET"])
def log(request: HttpRequest) -> HttpResponse:
    params = request.GET.copy()
    cursor_text = params.pop("after", [""])[-1]
    form = AuditFilterForm(params or None)
    page = AuditPage(events=[])
    filters: dict[str, str] = {}
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        since, until = form.time_range() if form.is_bound else (None, None)
        page = audit_events(
            party_id=data.get("party"),
            actor_id=data.get("actor") or None,
            action=data.get("action", ""),
            kind=data.get("kind", ""),
            channel=data.get("channel", ""),
            since=since,
            until=until,
            after=Cursor.decode(cursor_text) if cursor_text else None,
        )
        filters = {key: str(value) for key, value in params.items() if value}
    next_url = ""
    if page.next_cursor is not None:
        next_url = "?" + urlencode({**filters, "after": page.next_cursor.encode()})
    purposes = dict(Purpose.choices)
    rows = [
        {
            "event": event,
            "subjects": page.subjects.get(event.pk, []),
            "purpose": purposes.get(event.purpose, event.purpose),
            "detail": _detail_text(event.detail),
        }
        for event in page.events
    ]
    context = {
        "form": form,
        "rows": rows,
        "next_url": next_url,
        "is_continuation": bool(cursor_text),
        "first_url": "?" + urlencode(filters) if filters else "?",
        "party_filter": form.cleaned_data.get("party")
        if form.is_bound and form.is_valid()
        else None,
        "active_nav": "audit",
    }
    return render_page(request, "audit/log.html", context, partial="results")

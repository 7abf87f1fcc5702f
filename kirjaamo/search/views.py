"""The search page: one box, results while typing.

The query travels only in POST bodies (htmx posts it with the CSRF token), so it never lands
in a URL, a browser history entry or a server access log. Each search that runs records one
consultation event with the kinds of lookup and the ids of the hits, never the query text.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from kirjaamo.accounts import gates
from kirjaamo.audit.actor import Actor
from kirjaamo.audit.services import consultation_record
from kirjaamo.lib.htmx import render_page
from kirjaamo.search.selectors import MIN_SUBSTRING, Kind, SearchResult, register_search

MAX_QUERY = 200

KIND_LABELS = {
    Kind.HETU: _("identity code"),
    Kind.BUSINESS_ID: _("business ID"),
    Kind.IP: _("IP address"),
    Kind.EMAIL: _("e-mail"),
    Kind.PHONE: _("phone"),
    Kind.NUMBER: _("customer, contract or connection number"),
    Kind.NAME: _("name"),
    Kind.ADDRESS: _("address"),
}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the register"),
        max_length=MAX_QUERY,
        required=False,
        help_text=_(
            "Name, customer number, phone, e-mail, street address, identity code, business ID, "
            "contract or connection number, or IP address."
        ),
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    """GET: the empty search page. POST: run the search (htmx gets only the results)."""
    if not gates.can_search_register(request.user):
        if request.method == "POST":
            raise PermissionDenied
        return redirect("accounts:start")
    form = SearchForm(request.POST if request.method == "POST" else None)
    result: SearchResult | None = None
    query = ""
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        if query:
            result = register_search(query)
            if not result.too_short:
                consultation_record(
                    actor=Actor.from_request(request, purpose=gates.purpose_for(request.user)),
                    action="search.performed",
                    party_ids=result.party_ids,
                    detail={"kinds": result.kinds, "hits": len(result.hits)},
                )
    rows = []
    if result is not None:
        for hit in result.hits:
            rows.append(
                {
                    "hit": hit,
                    "matched": [
                        KIND_LABELS[kind] for kind in sorted(hit.matched_by) if kind in KIND_LABELS
                    ],
                }
            )
    context = {
        "form": form,
        "result": result,
        "rows": rows,
        "min_length": MIN_SUBSTRING,
        "active_nav": "search",
        "language_next": request.path,
    }
    response = render_page(request, "search/search.html", context, partial="results")
    # Hits are personal data: never keep them in a shared or browser cache.
    response["Cache-Control"] = "no-store"
    return response

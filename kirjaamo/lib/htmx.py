"""The one place that decides between a full page and an htmx partial (STYLE.md habit 6).

A page and its htmx fragment come from the same URL and the same template: the fragment is a
named partial of the page (django-template-partials, `page.html#name`). An htmx request that
swaps a fragment gets only that partial; everything else (a normal request, a boosted link, a
history restore after the browser lost its cache) gets the whole page, so every URL still works
without JavaScript and after a reload.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def is_htmx_fragment_request(request: HttpRequest) -> bool:
    """True when the request came from htmx and expects a fragment, not a whole page."""
    details = getattr(request, "htmx", None)
    if not details:
        return False
    return not details.boosted and not details.history_restore_request


def render_page(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render `template`, or only its partial `partial` when htmx asked for a fragment."""
    name = template
    if partial and is_htmx_fragment_request(request):
        name = f"{template}#{partial}"
    response = render(request, name, dict(context or {}), status=status)
    # The same URL answers with two shapes; caches must keep them apart.
    response["Vary"] = "HX-Request"
    return response

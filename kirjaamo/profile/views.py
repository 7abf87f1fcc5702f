"""The public privacy notice and the DPO's pages for the register profile.

Public, without login: /tietosuojaseloste/ (fi), /dataskyddsbeskrivning/ (sv), /privacy-notice/
(en) and their PDFs. They show the newest published profile version in force (the active profile
file until something is published) and hold no customer data, so they record no audit events.

DPO only (`gates.can_manage_profile`): the active profile and its findings, publishing a version,
the version history, a per-section diff and the record of processing activities (ROPA).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kirjaamo.accounts import gates
from kirjaamo.audit.actor import Actor
from kirjaamo.profile.forms import ACTIVE_FILE, DiffForm, PublishForm, RopaForm
from kirjaamo.profile.lint import Finding, lint
from kirjaamo.profile.loader import ProfileError, ProfileIssue
from kirjaamo.profile.models import ProfileVersion
from kirjaamo.profile.notice import build_notice, format_date, render_fragment
from kirjaamo.profile.ropa import CONTENT_TYPES, build_ropa, ropa_render
from kirjaamo.profile.versions import (
    NoticeSource,
    PublishRefused,
    active_profile_path,
    cached_pdf,
    diff_texts,
    latest_version,
    notice_source,
    profile_from_text,
    profile_version_publish,
    read_profile_text,
    text_sha256,
    version_profile,
    versions,
)

# The public page of each language: (URL name, file name stem of the PDF).
PUBLIC_PAGES = {
    "fi": ("profile:notice_fi", "tietosuojaseloste"),
    "sv": ("profile:notice_sv", "dataskyddsbeskrivning"),
    "en": ("profile:notice_en", "privacy-notice"),
}
LANGUAGE_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}


# --- public ---------------------------------------------------------------------------------


def _source_or_404(request: HttpRequest) -> NoticeSource:
    """The notice to show: `?versio=N` for a published version, else the one in force."""
    raw = request.GET.get("versio", "")
    number = None
    if raw:
        if not raw.isdigit():
            raise Http404
        number = int(raw)
    try:
        return notice_source(number=number)
    except ProfileVersion.DoesNotExist:
        raise Http404 from None
    except ProfileError:
        if number is None:
            raise  # the active profile is broken: the system check should have stopped start-up
        raise Http404 from None  # an old version the current profile format no longer reads


@login_not_required
@require_GET
def notice_public(request: HttpRequest, lang: str) -> HttpResponse:
    source = _source_or_404(request)
    query = f"?versio={source.version.number}" if "versio" in request.GET and source.version else ""
    notice = build_notice(source.profile, lang, valid_from=source.valid_from, version=source.number)
    languages = [
        {
            "code": code,
            "name": LANGUAGE_NAMES[code],
            "url": reverse(PUBLIC_PAGES[code][0]) + query,
            "current": code == lang,
        }
        for code in PUBLIC_PAGES
    ]
    upcoming = source.upcoming
    context: dict[str, Any] = {
        "notice": notice,
        "notice_html": mark_safe(render_fragment(notice)),  # noqa: S308 - rendered by a template
        "languages": languages,
        "pdf_url": reverse(f"{PUBLIC_PAGES[lang][0]}_pdf") + query,
        "source": source,
        "upcoming": upcoming,
        "upcoming_date": format_date(upcoming.valid_from, lang) if upcoming else "",
        "upcoming_url": f"?versio={upcoming.number}" if upcoming else "",
        "current_url": reverse(PUBLIC_PAGES[lang][0]),
        "showing_old": bool(query),
    }
    with translation.override(lang):
        response = render(request, "profile/notice/public.html", context)
    response["Content-Language"] = lang
    return response


@login_not_required
@require_GET
def notice_pdf(request: HttpRequest, lang: str) -> HttpResponse:
    source = _source_or_404(request)
    pdf = cached_pdf(source.text, source.file, lang, source.valid_from, source.number)
    stem = PUBLIC_PAGES[lang][1]
    name = f"{stem}-{slugify(source.profile.controller.name) or 'rekisterinpitaja'}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Content-Language"] = lang
    return response


# --- DPO ---------------------------------------------------------------------------------------


def _active_state() -> dict[str, Any]:
    """The active profile file: its text, digest, load errors or findings."""
    path = active_profile_path()
    errors: list[ProfileIssue] = []
    findings: list[Finding] = []
    text = ""
    try:
        text = read_profile_text(path)
        findings = lint(profile_from_text(text, str(path)))
    except ProfileError as exc:
        errors = exc.issues
    latest = latest_version()
    sha = text_sha256(text) if text else ""
    return {
        "path": str(path),
        "text": text,
        "sha256": sha,
        "errors": errors,
        "findings": findings,
        "latest": latest,
        "unpublished_changes": bool(text) and (latest is None or latest.sha256 != sha),
    }


def _version_load_problem(version: ProfileVersion | None) -> str:
    if version is None:
        return ""
    try:
        version_profile(version)
    except ProfileError:
        return _(
            "Version %(number)d no longer loads with this Kirjaamo (the profile format has "
            "changed). The public notice shows the active profile file until a new version is "
            "published."
        ) % {"number": version.number}
    return ""


def _overview_context(form: PublishForm) -> dict[str, Any]:
    today = timezone.localdate()
    history = versions()
    in_force = next((v for v in history if v.valid_from <= today), None)
    return {
        "state": _active_state(),
        "form": form,
        "versions": history,
        "in_force": in_force,
        "in_force_problem": _version_load_problem(in_force),
        "public_pages": [(code, reverse(PUBLIC_PAGES[code][0])) for code in PUBLIC_PAGES],
        "active_nav": "profile",
    }


@gates.require(gates.can_manage_profile)
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    form = PublishForm(initial={"valid_from": timezone.localdate()})
    return render(request, "profile/dpo/overview.html", _overview_context(form))


@gates.require(gates.can_manage_profile)
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    form = PublishForm(request.POST)
    refused = ""
    issues: list[ProfileIssue] = []
    if form.is_valid():
        path = active_profile_path()
        actor = Actor.from_request(request, purpose=gates.purpose_for(request.user))
        try:
            result = profile_version_publish(
                actor=actor,
                yaml_text=read_profile_text(path),
                valid_from=form.cleaned_data["valid_from"],
                source_file=str(path),
            )
        except ProfileError as exc:
            refused, issues = _("The profile file cannot be read."), exc.issues
        except PublishRefused as exc:
            refused, issues = exc.message, exc.issues
        else:
            version = result.version
            messages.success(
                request,
                _("Version %(number)d was published; it is valid from %(date)s.")
                % {
                    "number": version.number,
                    "date": format_date(version.valid_from, translation.get_language() or "fi"),
                },
            )
            if result.findings:
                count = len(result.findings)
                messages.warning(
                    request,
                    ngettext(
                        "The profile was published with %(count)d linter finding; see it below "
                        "and fix it in the next version.",
                        "The profile was published with %(count)d linter findings; see them "
                        "below and fix them in the next version.",
                        count,
                    )
                    % {"count": count},
                )
            for note in result.notes:
                messages.info(request, note)
            return redirect("profile:overview")
    context = _overview_context(form)
    context.update({"refused": refused, "refused_issues": issues})
    return render(request, "profile/dpo/overview.html", context, status=400)


@gates.require(gates.can_manage_profile)
@require_GET
def version_detail(request: HttpRequest, number: int) -> HttpResponse:
    try:
        version = ProfileVersion.objects.select_related("published_by").get(number=number)
    except ProfileVersion.DoesNotExist:
        raise Http404 from None
    previous = ProfileVersion.objects.filter(number__lt=number).order_by("-number").first()
    context = {
        "version": version,
        "previous": previous,
        "problem": _version_load_problem(version),
        "public_pages": [
            (code, reverse(PUBLIC_PAGES[code][0]) + f"?versio={version.number}")
            for code in PUBLIC_PAGES
        ],
        "active_nav": "profile",
    }
    return render(request, "profile/dpo/version.html", context)


@gates.require(gates.can_manage_profile)
@require_GET
def diff(request: HttpRequest) -> HttpResponse:
    numbers = [v.number for v in versions()]
    initial = _default_pair(numbers)
    form = DiffForm(request.GET if "old" in request.GET else None, numbers=numbers, initial=initial)
    sections = []
    old_label = new_label = ""
    if form.is_bound and form.is_valid():
        old_key, new_key = form.cleaned_data["old"], form.cleaned_data["new"]
    elif not form.is_bound and initial:
        old_key, new_key = initial["old"], initial["new"]
    else:
        old_key = new_key = ""
    if old_key and new_key:
        try:
            old_text, old_label = _text_for(old_key)
            new_text, new_label = _text_for(new_key)
        except ProfileError as exc:
            messages.error(request, "; ".join(issue.format() for issue in exc.issues))
        else:
            sections = diff_texts(old_text, new_text)
    context = {
        "form": form,
        "sections": sections,
        "changed": [s for s in sections if s.status != "unchanged"],
        "unchanged": [s for s in sections if s.status == "unchanged"],
        "old_label": old_label,
        "new_label": new_label,
        "active_nav": "profile",
    }
    return render(request, "profile/dpo/diff.html", context)


def _default_pair(numbers: list[int]) -> dict[str, str]:
    """Latest version against the file when there is one version, else the last two."""
    if len(numbers) >= 2:
        return {"old": str(numbers[1]), "new": str(numbers[0])}
    if numbers:
        return {"old": str(numbers[0]), "new": ACTIVE_FILE}
    return {}


def _text_for(key: str) -> tuple[str, str]:
    if key == ACTIVE_FILE:
        path = active_profile_path()
        return read_profile_text(path), _("the active profile file")
    version = ProfileVersion.objects.get(number=int(key))
    return version.yaml_text, _("version %(number)d") % {"number": version.number}


@gates.require(gates.can_manage_profile)
@require_http_methods(["GET"])
def ropa(request: HttpRequest) -> HttpResponse:
    form = RopaForm(request.GET or None)
    lang = translation.get_language() or "fi"
    fmt = ""
    if form.is_bound and form.is_valid():
        lang = form.cleaned_data["lang"] or lang
        fmt = form.cleaned_data["format"]
    path = active_profile_path()
    try:
        profile = profile_from_text(read_profile_text(path), str(path))
    except ProfileError as exc:
        context = {"errors": exc.issues, "form": form, "active_nav": "profile"}
        return render(request, "profile/dpo/ropa.html", context)
    table = build_ropa(profile, lang)
    if fmt:
        body = ropa_render(table, fmt)
        response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
        name = f"ropa-{slugify(profile.controller.name) or 'profile'}-{lang}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    downloads = [
        (code, f, "?" + urlencode({"lang": code, "format": f}))
        for code in PUBLIC_PAGES
        for f in ("csv", "xlsx", "html")
    ]
    context = {
        "form": form,
        "ropa": table,
        "path": str(path),
        "downloads": downloads,
        "lang": lang,
        "active_nav": "profile",
    }
    return render(request, "profile/dpo/ropa.html", context)

"""The privacy notice: every Art 13/14 item (LEGAL.md §1a) in every profile and language, the right
to object apart from the rest, the authority's current details, retention in words, Finnish
fallback, Markdown that profile texts cannot break, the PDF, and the committed example notices."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from kirjaamo.profile.authority import TIETOSUOJAVALTUUTETTU
from kirjaamo.profile.labels import label
from kirjaamo.profile.loader import load_profile
from kirjaamo.profile.notice import (
    EXAMPLE_PROFILES,
    Notice,
    all_text,
    build_notice,
    example_notices,
    example_profile_path,
    notices_dir,
    render_html,
    render_markdown,
    render_pdf,
    retention_sentence,
)
from kirjaamo.profile.rules import NOTICE_ITEMS
from kirjaamo.profile.schema import LANGUAGES, LegalBasis, Profile
from kirjaamo.profile.tests.factories import minimal, parse

Expect = Callable[[Profile, str], list[str]]


@cache
def profile(name: str) -> Profile:
    return load_profile(example_profile_path(name))


def _t(value: object, lang: str) -> str:
    return Profile.text(value, lang)  # type: ignore[arg-type]


# --- what each Art 13/14 item must show: the profile's content or a "does not apply" sentence ---


def controller(p: Profile, lang: str) -> list[str]:
    c = p.controller
    return [c.name, *(v for v in (c.email, c.phone) if v)]


def dpo(p: Profile, lang: str) -> list[str]:
    if p.dpo is None:
        return [
            _(
                "No data protection officer is named. In data protection matters, contact "
                "the controller (section 1)."
            )
        ]
    if p.dpo.none:
        return [
            _(
                "The controller has not designated a data protection officer. In data "
                "protection matters, contact the controller (section 1)."
            )
        ]
    return [v for v in (p.dpo.email, p.dpo.phone) if v]


def purposes(p: Profile, lang: str) -> list[str]:
    return [
        x for purpose in p.purposes for x in (_t(purpose.text, lang), label(purpose.legal_basis))
    ]


def legitimate_interests(p: Profile, lang: str) -> list[str]:
    interests = [_t(x.legitimate_interest, lang) for x in p.purposes if x.legitimate_interest]
    if not any(x.legal_basis == LegalBasis.LEGITIMATE_INTERESTS for x in p.purposes):
        return [_("No processing is based on legitimate interests.")]
    return interests


def categories(p: Profile, lang: str) -> list[str]:
    return [_t(c.text, lang) for c in p.data_categories] + [
        _t(s.text, lang) for s in p.data_subjects
    ]


def recipients(p: Profile, lang: str) -> list[str]:
    if not p.recipients:
        return [_("The data is not disclosed to anyone outside the controller.")]
    return [_t(r.name, lang) for r in p.recipients]


def transfers(p: Profile, lang: str) -> list[str]:
    t = p.transfers
    if t.none:
        return [
            _t(t.statement, lang) or _("The data is not transferred outside the EU or the EEA.")
        ]
    out = []
    for dest in t.destinations:
        out.append(_t(dest.description, lang))
        if dest.safeguard:
            out.append(label(dest.safeguard))
        if dest.copy_request:
            out.append(_t(dest.copy_request, lang))
    return out


def retention(p: Profile, lang: str) -> list[str]:
    return [x for rule in p.retention for x in (retention_sentence(rule), _t(rule.reason, lang))]


def rights(p: Profile, lang: str) -> list[str]:
    wanted = [
        _("Right to object"),
        _("Your other rights"),
        _("How to use your rights"),
        _t(p.rights.identity_check, lang),
    ]
    wanted += [c.address for c in p.rights.channels if c.address]
    return wanted


def consent(p: Profile, lang: str) -> list[str]:
    based = [_t(x.text, lang) for x in p.purposes if x.legal_basis == LegalBasis.CONSENT]
    if not based:
        return [
            _("None of the processing is based on consent, so there is no consent to withdraw.")
        ]
    extra = [_t(p.rights.withdraw_consent, lang)] if p.rights.withdraw_consent else []
    return based + extra


def complaint(p: Profile, lang: str) -> list[str]:
    a = TIETOSUOJAVALTUUTETTU
    return [
        _t(a.name, lang),
        _t(a.postal_address, lang),
        _t(a.visiting_address, lang),
        a.switchboard,
        a.email,
    ]


def provision(p: Profile, lang: str) -> list[str]:
    out = [_t(p.provision, lang)] if p.provision else []
    out += [
        _t(c.provision.consequence, lang)
        for c in p.data_categories
        if c.provision and c.provision.consequence
    ]
    return out or [
        _(
            "The controller has not stated whether providing the data is a statutory or "
            "contractual requirement."
        )
    ]


def sources(p: Profile, lang: str) -> list[str]:
    return [_t(s.text, lang) for s in p.sources] + [_("Publicly available source")]


def automated(p: Profile, lang: str) -> list[str]:
    if p.automated_decisions.none:
        return [
            _(
                "No decisions are made by automated means alone, and your data is not used for "
                "profiling that would produce legal or similarly significant effects for you."
            )
        ]
    return [_t(p.automated_decisions.description, lang)]


# rule ID of LEGAL.md §1a -> (the section of the notice, what it must contain)
ITEMS: dict[str, tuple[str, Expect]] = {
    "GDPR-13-1a": ("controller", controller),
    "GDPR-13-1b": ("dpo", dpo),
    "GDPR-13-1c": ("purposes", purposes),
    "GDPR-14-1d": ("categories", categories),
    "GDPR-13-1d": ("purposes", legitimate_interests),
    "GDPR-13-1e": ("recipients", recipients),
    "GDPR-13-1f": ("transfers", transfers),
    "GDPR-13-2a": ("retention", retention),
    "GDPR-13-2b": ("rights", rights),
    "GDPR-13-2c": ("consent", consent),
    "GDPR-13-2d": ("complaint", complaint),
    "GDPR-13-2e": ("provision", provision),
    "GDPR-14-2f": ("sources", sources),
    "GDPR-13-2f": ("automated", automated),
}


def _squash(text: str) -> str:
    return " ".join(text.split())


def _html_text(document: str) -> str:
    return _squash(html.unescape(re.sub(r"<[^>]+>", " ", document)))


def _md_text(document: str) -> str:
    return _squash(re.sub(r"\\(.)", r"\1", document))


def _section_html(document: str, key: str) -> str:
    match = re.search(
        rf'<section class="privacy-notice__section" id="{key}".*?</section>\n(?=<section|<footer)',
        document,
        re.S,
    )
    assert match, f"no section {key} in the HTML"
    return _html_text(match.group(0))


def _section_md(document: str, key: str) -> str:
    match = re.search(rf'<a id="{key}"></a>(.*?)(?=<a id="|\n---\n)', document, re.S)
    assert match, f"no section {key} in the Markdown"
    return _md_text(match.group(1))


def test_the_table_covers_every_notice_item_of_legal_md():
    assert set(ITEMS) == set(NOTICE_ITEMS)


@pytest.mark.parametrize("name", EXAMPLE_PROFILES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_art_13_14_item_is_in_its_section_or_stated_not_to_apply(name: str, lang: str):
    p = profile(name)
    notice = build_notice(p, lang)
    document_html, document_md = render_html(notice), render_markdown(notice)
    claimed = {rule for s in notice.sections for rule in s.rules}
    assert claimed == set(NOTICE_ITEMS)
    with translation.override(lang):
        for rule, (key, expect) in ITEMS.items():
            assert rule in notice.section(key).rules
            texts = {
                "model": _squash(all_text(notice.section(key))),
                "html": _section_html(document_html, key),
                "md": _section_md(document_md, key),
            }
            for wanted in expect(p, lang):
                assert wanted, f"{rule}: empty expectation"
                for fmt, text in texts.items():
                    assert _squash(wanted) in text, f"{name}/{lang}/{fmt}: {rule} lacks {wanted!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_section_has_a_numbered_heading_in_both_formats(lang: str):
    notice = build_notice(profile("demo"), lang)
    document_html, document_md = render_html(notice), render_markdown(notice)
    assert [s.number for s in notice.sections] == list(range(1, 16))
    for section in notice.sections:
        assert f'<h2 id="{section.key}-heading">{html.escape(section.title)}</h2>' in document_html
        assert f"## {section.number}. " in document_md


def test_the_right_to_object_is_a_call_out_of_its_own_in_both_layers():
    p = profile("solintech")  # has a direct-marketing purpose
    notice = build_notice(p, "fi")
    document = render_html(notice)
    for anchor in ("objection-summary", "objection"):
        block = re.search(
            rf'<section class="notice-callout" id="{anchor}".*?</section>', document, re.S
        )
        assert block, anchor
        text = _html_text(block.group(0))
        with translation.override("fi"):
            assert _("Right to object") in text
            assert (
                _(
                    "You may object at any time to the processing of your data for direct "
                    "marketing, including profiling for it. After that, your data is no "
                    "longer used for direct marketing."
                )
                in text
            )
    # The first layer shows it apart from the other rights, not inside their list.
    summary = notice.summary
    rights_sub = [b for b in summary.blocks if getattr(b, "kind", "") == "sub"]
    assert all("Right to object" not in getattr(b, "heading", "") for b in rights_sub)
    markdown = render_markdown(notice)
    assert "> ### " in markdown and markdown.count("> **") >= 2  # a quoted block with strong text


def test_without_legitimate_interests_or_marketing_it_says_objection_does_not_apply():
    notice = build_notice(parse(minimal()), "en")
    text = all_text(notice.section("rights"))
    assert "the right to object does not apply" in text


def test_the_authority_block_is_current_and_never_the_old_address():
    for lang in LANGUAGES:
        markdown = render_markdown(build_notice(profile("demo"), lang))
        for old in ("Ratapihantie", "00521", "029 566 6735"):
            assert old not in markdown
    en = render_markdown(build_notice(profile("demo"), "en"))
    assert "Lintulahdenkuja 4, 00530 Helsinki" in en
    assert "P.O. Box 800, 00531 Helsinki" in en
    sv = render_markdown(build_notice(profile("demo"), "sv"))
    assert "Fågelviksgränden 4, 00530 Helsingfors" in sv
    assert "tietosuoja@om.fi" in sv


def test_not_applicable_statements_appear_for_what_a_profile_does_not_do():
    notice = build_notice(parse(minimal()), "en")
    assert "The data is not transferred outside the EU or the EEA." in all_text(
        notice.section("transfers")
    )
    assert "None of the processing is based on consent" in all_text(notice.section("consent"))
    assert "No decisions are made by automated means alone" in all_text(notice.section("automated"))
    assert "The controller has not designated a data protection officer" in all_text(
        notice.section("dpo")
    )
    telecom = all_text(notice.section("telecom"))
    assert "We do not record calls." in telecom
    assert "We do not collect the personal identity code." in telecom


def test_consent_purposes_get_the_withdrawal_right():
    data = minimal()
    data["purposes"].append(
        {"id": "news", "text": {"fi": "Uutiskirje", "en": "Newsletter"}, "legal_basis": "consent"}
    )
    data["data_categories"][0]["purposes"].append("news")
    data["rights"]["withdraw_consent"] = {"fi": "Peru", "en": "Unsubscribe by the link."}
    text = all_text(build_notice(parse(data), "en").section("consent"))
    assert "you may withdraw it at any time" in text
    assert "Newsletter" in text and "Unsubscribe by the link." in text


def test_retention_is_stated_in_words():
    fi = build_notice(profile("demo"), "fi")
    en = build_notice(profile("demo"), "en")
    assert (
        "6 years from the end of the calendar year of the booking, then the data is deleted."
        in all_text(en.section("retention"))
    )
    with translation.override("fi"):
        rule = next(r for r in profile("demo").retention if r.category == "invoices")
        assert retention_sentence(rule) in all_text(fi.section("retention"))


def test_a_missing_translation_falls_back_to_finnish():
    data = minimal()
    data["purposes"][0]["text"] = "Vain suomeksi kirjoitettu tarkoitus"
    for lang in ("sv", "en"):
        text = render_markdown(build_notice(parse(data), lang))
        assert "Vain suomeksi kirjoitettu tarkoitus" in text


def test_the_valid_from_date_is_shown_and_a_published_date_overrides_the_files():
    import datetime as dt

    p = profile("demo")
    fi = build_notice(p, "fi")
    assert fi.valid_from_text == "1.1.2026"
    assert f"**{fi.labels['valid_from']}:** 1.1.2026" in render_markdown(fi)
    notice = build_notice(p, "en", valid_from=dt.date(2027, 3, 1))
    assert notice.valid_from_text == "1 March 2027"
    assert "1 March 2027" in render_html(notice)


def test_profile_texts_cannot_change_the_shape_of_the_markdown():
    data = minimal()
    data["purposes"][0]["text"] = "# Otsikko *lihava* [linkki](http://x) <b>html</b>"
    data["data_subjects"][0]["text"] = "1. ei lista"
    markdown = render_markdown(build_notice(parse(data), "fi"))
    assert "\\# Otsikko \\*lihava\\* \\[linkki\\](http://x) \\<b\\>html\\</b\\>" in markdown
    assert "- 1\\. ei lista" in markdown
    assert "\n# Otsikko" not in markdown


def test_html_escapes_profile_texts():
    data = minimal()
    data["purposes"][0]["text"] = "<script>alert(1)</script>"
    document = render_html(build_notice(parse(data), "fi"))
    assert "<script>alert(1)</script>" not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document


def test_it_rejects_an_unknown_language():
    with pytest.raises(ValueError, match="unsupported notice language"):
        build_notice(parse(minimal()), "de")


# --- PDF ----------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
def test_the_pdf_renders_with_the_controller_and_finnish_letters_intact(tmp_path: Path):
    notice: Notice = build_notice(profile("demo"), "fi")
    pdf = render_pdf(notice)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Esimerkkiverkko Oy" in text
    with translation.override("fi"):
        heading = _("How long the data is kept")
    assert heading in text
    assert "ä" in text and "ö" in text  # e.g. "Säilytysajat", "Henkilötunnus"
    assert "Tietosuojavaltuutetun toimisto" in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "A4" in info


# --- the committed example notices --------------------------------------------------------------


def test_the_committed_example_notices_are_what_the_profiles_render_now():
    directory = notices_dir()
    stale = []
    expected = dict(example_notices())
    for name, content in expected.items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            stale.append(name)
    extra = sorted(
        p.name for p in directory.glob("*.md") if p.name not in expected and p.name != "README.md"
    )
    assert not stale and not extra, (
        f"docs/notices/ is stale ({', '.join(stale + extra)}). Regenerate it with "
        "`kirjaamo profile render-examples` (or `python manage.py register_profile "
        "render-examples`) and commit the result."
    )

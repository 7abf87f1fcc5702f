"""Rule IDs the profile and its linter refer to.

`LEGAL_RULES` are the rule IDs of shared/LEGAL.md, the legal research notes. The `GDPR-13-*`
and `GDPR-14-*` IDs name the rows of LEGAL.md §1a, the table of what a notice must contain under
Art 13 (data collected from the data subject) and Art 14 (data from elsewhere); where an item is
in both articles the Art 13 point names it.
"""

from __future__ import annotations

LEGAL_RULES = frozenset(
    [
        "GDPR-12-DEADLINE",
        "GDPR-12-CLOCK",
        "GDPR-12-REFUSE",
        "GDPR-12-FREE",
        "GDPR-15-EXTRA-COPY",
        "GDPR-12-ELECTRONIC",
        "GDPR-12-ID",
        "GDPR-LANG",
        "GDPR-15-CONTENT",
        "GDPR-15-CALLREC",
        "GDPR-16-RECT",
        "GDPR-17-GROUNDS",
        "GDPR-17-EXCEPT",
        "GDPR-18",
        "GDPR-19",
        "GDPR-20",
        "GDPR-21-DM",
        "GDPR-30",
        "GDPR-33",
        "GDPR-34",
        "FI-TSL-5",
        "FI-TSL-29",
        "FI-TSL-29-ISP",
        "FI-TSL-29-PRINT",
        "FI-TSL-34",
        "FI-TSL-DPA",
        "FI-SVP-195/196",
        "EP-12",
        "FI-SVP-200",
        "FI-SVP-DM-B2B",
        "FI-DM-POSTAL",
        "FI-SVP-TRAFFIC",
        "EP-6",
        "EP-BREACH-24H",
        "FI-CALLREC",
        "FI-KPL-2:10-10Y",
        "FI-KPL-2:10-6Y",
        "FI-VVL-3Y",
        "FI-VVL-FINAL",
        "FI-KSL",
    ]
)

# LEGAL.md §1a, one ID per notice item: the article points it cites.
NOTICE_ITEMS = {
    "GDPR-13-1a": "Art 13(1)(a), 14(1)(a): identity and contact details of the controller",
    "GDPR-13-1b": "Art 13(1)(b), 14(1)(b): contact details of the DPO, where applicable",
    "GDPR-13-1c": "Art 13(1)(c), 14(1)(c): purposes and legal basis",
    "GDPR-14-1d": "Art 14(1)(d): categories of personal data",
    "GDPR-13-1d": "Art 13(1)(d), 14(2)(b): the legitimate interests, if Art 6(1)(f)",
    "GDPR-13-1e": "Art 13(1)(e), 14(1)(e): recipients or categories of recipients",
    "GDPR-13-1f": "Art 13(1)(f), 14(1)(f): third-country transfers and their safeguards",
    "GDPR-13-2a": "Art 13(2)(a), 14(2)(a): retention period or the criteria for it",
    "GDPR-13-2b": "Art 13(2)(b), 14(2)(c): the data subject's rights",
    "GDPR-13-2c": "Art 13(2)(c), 14(2)(d): the right to withdraw consent",
    "GDPR-13-2d": "Art 13(2)(d), 14(2)(e): the right to complain to a supervisory authority",
    "GDPR-13-2e": "Art 13(2)(e): statutory or contractual requirement, consequences",
    "GDPR-14-2f": "Art 14(2)(f): the source of the data and whether it is public",
    "GDPR-13-2f": "Art 13(2)(f), 14(2)(g): automated decision-making and profiling",
}

KNOWN_RULES = LEGAL_RULES | frozenset(NOTICE_ITEMS)

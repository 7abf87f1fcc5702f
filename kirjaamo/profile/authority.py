"""The Finnish supervisory authority's current contact details (LEGAL.md §5, FI-TSL-DPA).

Every notice's complaint section (Art 13(2)(d), 14(2)(e)) prints this block, so a profile never
carries the authority's address itself; the linter reports an outdated one in a profile's texts.
Source: tietosuoja.fi/yhteystiedot and tietosuoja.fi/sv/kontaktuppgifter. The old fax number
029 566 6735 is deliberately absent: the current page omits it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kirjaamo.profile.schema import Text


@dataclass(frozen=True)
class SupervisoryAuthority:
    name: Text
    visiting_address: Text
    postal_address: Text
    switchboard: str
    registry_phone: str
    email: str
    website: str
    complaint_form: Text


TIETOSUOJAVALTUUTETTU = SupervisoryAuthority(
    name=Text(
        fi="Tietosuojavaltuutetun toimisto",
        sv="Dataombudsmannens byrå",
        en="Office of the Data Protection Ombudsman",
    ),
    visiting_address=Text(
        fi="Lintulahdenkuja 4, 00530 Helsinki",
        sv="Fågelviksgränden 4, 00530 Helsingfors",
        en="Lintulahdenkuja 4, 00530 Helsinki",
    ),
    postal_address=Text(
        fi="PL 800, 00531 Helsinki",
        sv="PB 800, 00531 Helsingfors",
        en="P.O. Box 800, 00531 Helsinki",
    ),
    switchboard="029 566 6700",
    registry_phone="029 566 6768",
    email="tietosuoja@om.fi",
    website="https://tietosuoja.fi",
    complaint_form=Text(
        fi="Ilmoitus tietosuojavaltuutetulle -lomake osoitteessa tietosuoja.fi",
        sv="Blanketten Anmälan till dataombudsmannen på tietosuoja.fi",
        en="The form 'Notification to the Data Protection Ombudsman' at tietosuoja.fi",
    ),
)

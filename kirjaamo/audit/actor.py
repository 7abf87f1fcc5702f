"""Who is acting, through which channel and for what purpose.

Every service takes an `Actor`; the audit event and the change history are written from it. The
label never holds a person's name: staff are identified by their user id, other actors by a fixed
word ("cli", "system", "import").
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kirjaamo.audit.choices import Channel

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kirjaamo.accounts.models import User


@dataclass(frozen=True)
class Actor:
    user: User | None
    channel: Channel
    purpose: str
    label: str = ""

    @classmethod
    def from_request(cls, request: HttpRequest, *, purpose: str) -> Actor:
        from kirjaamo.accounts.models import User

        user = request.user if isinstance(request.user, User) else None
        return cls(user=user, channel=Channel.UI, purpose=purpose, label="")

    @classmethod
    def cli(cls, *, purpose: str, user: User | None = None) -> Actor:
        # The OS account that ran the command identifies the operator; it is staff data, not
        # customer data, and is what the admin needs to follow up a CLI action.
        try:
            who = getpass.getuser()
        except Exception:
            who = "unknown"
        return cls(user=user, channel=Channel.CLI, purpose=purpose, label=f"cli:{who}"[:100])

    @classmethod
    def system(cls, *, purpose: str, label: str = "system") -> Actor:
        return cls(user=None, channel=Channel.SYSTEM, purpose=purpose, label=label)

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None

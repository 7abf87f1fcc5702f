"""A sentinel for optional keyword arguments of update services ("leave this field as it is")."""

from __future__ import annotations

import enum


class Unset(enum.Enum):
    TOKEN = 0

    def __repr__(self) -> str:
        return "UNSET"


UNSET = Unset.TOKEN

from __future__ import annotations

from django.http import HttpRequest

from kirjaamo.accounts import gates


def roles(request: HttpRequest) -> dict[str, object]:
    """Expose the gates the navigation needs; templates never look at role names."""
    user = getattr(request, "user", None)
    return {
        "nav": {
            "search": gates.can_search_register(user),
            "create": gates.can_create_party(user),
            "audit": gates.can_view_audit(user),
            "profile": gates.can_manage_profile(user),
            "staff": gates.can_manage_staff(user),
        },
        "user_roles": sorted(gates.user_roles(user)),
    }

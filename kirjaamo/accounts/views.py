"""Staff pages that are about the staff member, not the register: the start page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from kirjaamo.accounts import gates
from kirjaamo.accounts.choices import Role

# What each role can do in this application, for the start page of staff whose role does not
# open the register. Facts only; the gates decide.
ROLE_EXPLANATIONS = {
    Role.INSTALLER: _(
        "Installers and technicians get only the name, connection address and phone number of "
        "the customers in the work orders assigned to them. The customer register itself is not "
        "open to this role, and work orders are not yet shown in this application."
    ),
    Role.MARKETING: _(
        "Marketing builds mailing lists that honour every prohibition and restriction; it does "
        "not browse individual customers. Marketing lists are not yet available in this "
        "application."
    ),
    Role.ADMIN: _(
        "Administrators grant and revoke staff access, always with a reason, using the command "
        "`kirjaamo staff` (add, grant, revoke, deactivate, list). Administration does not give "
        "access to customer data."
    ),
}


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The start page of staff whose roles give no access to the register (no customer data)."""
    if gates.can_search_register(request.user):
        return redirect("search:home")
    roles = gates.user_roles(request.user)
    explanations = [
        (Role(role).label, ROLE_EXPLANATIONS[Role(role)])
        for role in Role.values
        if role in roles and Role(role) in ROLE_EXPLANATIONS
    ]
    return render(
        request,
        "accounts/start.html",
        {"explanations": explanations, "has_roles": bool(roles)},
    )

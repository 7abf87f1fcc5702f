"""WSGI entry point for gunicorn (`kirjaamo serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kirjaamo.settings")
application = get_wsgi_application()

# Refuse to serve a register whose profile does not account for its data (profile/checks.py);
# gunicorn workers do not run management-command checks themselves.
from django.core import checks  # noqa: E402

_errors = [m for m in checks.run_checks(tags=["kirjaamo"]) if m.is_serious()]
if _errors:
    raise SystemExit("Kirjaamo will not start:\n" + "\n".join(str(m) for m in _errors))

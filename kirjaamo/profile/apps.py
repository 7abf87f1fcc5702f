from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfileConfig(AppConfig):
    name = "kirjaamo.profile"
    label = "profile"
    verbose_name = _("Register profile")

    def ready(self) -> None:
        from kirjaamo.profile import checks  # noqa: F401  (registers the system check)

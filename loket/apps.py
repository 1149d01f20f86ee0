from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoketConfig(AppConfig):
    name = "loket"
    verbose_name = _("Loket")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from loket.middleware import mark_session_seen

        # Session bookkeeping of the sign-in, not domain logic.
        user_logged_in.connect(mark_session_seen, dispatch_uid="loket.mark_session_seen")

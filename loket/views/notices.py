"""Staff see their in-app notices in the backoffice, with an unread count in the header."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from notifications.models import Channel, Notification

NOTICE_TEXT = {
    "case_assigned": _("Zaak %(case_number)s is aan u toegewezen."),
    "reply_received": _("De inwoner heeft gereageerd op zaak %(case_number)s."),
    "due_soon": _("De termijn van zaak %(case_number)s loopt af op %(due_date)s."),
    "overdue_escalation": _("De termijn van zaak %(case_number)s is verstreken (%(due_date)s)."),
    "correction_overdue": _("Een correctie voor zaak %(case_number)s is te laat."),
}


def notice_text(notification: Notification) -> str:
    template = NOTICE_TEXT.get(notification.template_key)
    context = {"case_number": "", "due_date": "", **notification.context}
    return str(template % context) if template else notification.template_key


def my_notices(user):
    return Notification.objects.filter(user=user, channel=Channel.IN_APP)


@login_required
@require_http_methods(["GET"])
def notice_list(request):
    page = Paginator(my_notices(request.user).order_by("-created_at"), 50).get_page(
        request.GET.get("pagina")
    )
    rows = [(n, notice_text(n)) for n in page.object_list]
    return render(request, "backoffice/notices.html", {"page": page, "rows": rows})


@login_required
@require_POST
def notices_mark_read(request):
    my_notices(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("loket:notices")

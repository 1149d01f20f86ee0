"""Staff see their in-app notices in the backoffice, with an unread count in the header."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.selectors.notices import staff_notices
from notifications.models import Notification
from notifications.services import notifications_mark_all_read

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


@login_required
@require_http_methods(["GET"])
def notice_list(request):
    page = Paginator(staff_notices(user=request.user).order_by("-created_at"), 50).get_page(
        request.GET.get("pagina")
    )
    rows = [(n, notice_text(n)) for n in page.object_list]
    return render(request, "backoffice/notices.html", {"page": page, "rows": rows})


@login_required
@require_POST
def notices_mark_read(request):
    notifications_mark_all_read(user=request.user)
    return redirect("loket:notices")

from django.conf import settings

from loket.citizen_session import signed_in_citizen


def site(request):
    context = {"municipality_name": settings.MUNICIPALITY_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # One indexed count (notif_user_unread_idx) on staff pages, lazily: only when rendered.
        from notifications.models import NoticeChannel, Notification

        def unread():
            return Notification.objects.filter(
                user=user, channel=NoticeChannel.IN_APP, read_at__isnull=True
            ).count()

        context["unread_notices"] = unread

        def staff_nav():
            # The view's actor when it made one (no query); else one query for the roles.
            from cases.selectors.access import staff_actor
            from loket.views.backoffice.common import navigation

            actor = getattr(request, "actor", None)
            if actor is None:
                actor = request.actor = staff_actor(user=user)
            return navigation(actor, request.path)

        context["staff_nav"] = staff_nav
    return context


def citizen(request):
    """The DigiD sign-in of this session, for the header's "Mijn zaken" and "Uitloggen"."""
    return {"citizen": signed_in_citizen(request) if hasattr(request, "session") else None}

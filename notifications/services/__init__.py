from .outbox import (
    letter_mark_posted,
    notification_enqueue,
    notification_enqueue_many,
    notification_mark_bounced,
    notification_mark_read,
    notifications_mark_all_read,
)
from .webhooks import webhook_delivery_resend, webhook_event_enqueue

__all__ = [
    "letter_mark_posted",
    "notification_enqueue",
    "notification_enqueue_many",
    "notification_mark_bounced",
    "notification_mark_read",
    "webhook_delivery_resend",
    "webhook_event_enqueue",
    "notifications_mark_all_read",
]

from .outbox import (
    letter_mark_posted,
    notification_enqueue,
    notification_enqueue_many,
    notification_mark_read,
    notifications_mark_all_read,
)

__all__ = [
    "letter_mark_posted",
    "notification_enqueue",
    "notification_enqueue_many",
    "notification_mark_read",
    "notifications_mark_all_read",
]

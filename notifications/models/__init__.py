from .outbox import Channel, NoticeChannel, Notification, NotificationStatus
from .probe import WorkerProbe
from .templates import NoticeText, NoticeTextLanguage
from .webhooks import WEBHOOK_EVENTS, WebhookDelivery, WebhookEndpoint

__all__ = [
    "WEBHOOK_EVENTS",
    "Channel",
    "NoticeChannel",
    "NoticeText",
    "NoticeTextLanguage",
    "Notification",
    "NotificationStatus",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WorkerProbe",
]

from .outbox import Channel, Notification, NotificationStatus
from .probe import WorkerProbe
from .webhooks import WEBHOOK_EVENTS, WebhookDelivery, WebhookEndpoint

__all__ = [
    "WEBHOOK_EVENTS",
    "Channel",
    "Notification",
    "NotificationStatus",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WorkerProbe",
]

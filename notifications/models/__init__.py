from .outbox import Channel, NoticeChannel, Notification, NotificationStatus
from .probe import WorkerProbe

__all__ = [
    "Channel",
    "Notification",
    "NotificationStatus",
    "NoticeChannel",
    "WorkerProbe",
]

from .outbox import Channel, Notification, NotificationStatus
from .probe import WorkerProbe

__all__ = ["Channel", "Notification", "NotificationStatus", "WorkerProbe"]

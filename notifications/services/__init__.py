from .outbox import notification_enqueue, notification_mark_read

__all__ = ["notification_enqueue", "notification_mark_read"]

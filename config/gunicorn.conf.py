"""gunicorn for the web process (the Procfile's `web`: gunicorn -c config/gunicorn.conf.py).

Threads, not sync workers (issue 16): with sync workers two clients that send their body slowly
held both workers and /healthz timed out for as long as they lasted. A gthread worker waits for
a connection's first bytes in its main loop (gunicorn defers idle connections back to the
poller) and serves each request in one of its threads, so a slow client holds one thread, not
the process; a body that stops arriving is abandoned after WEB_BODY_TIMEOUT seconds without a
byte. In production nginx sits in front (deploy/nginx.conf): it buffers whole request bodies and
refuses oversized ones, so slow bodies do not reach gunicorn at all.

Every value can be changed through the environment; the defaults suit a small VM.
"""

import os

bind = f"{os.environ.get('WEB_BIND', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", "16"))
# Worker heartbeat: a worker that does not report for this long is restarted. With threads the
# main loop reports, so a slow request does not trigger it; a hung worker still does.
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Request line and header limits (gunicorn's defaults, said out loud).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Seconds a request body may go without a single byte before the request is abandoned.
body_timeout = float(os.environ.get("WEB_BODY_TIMEOUT", "10"))

accesslog = "-"
logger_class = "config.gunicorn_logging.RedactingLogger"
# X-Forwarded-Proto is believed from these addresses only (the reverse proxy). Django decides
# HTTPS through SECURE_PROXY_SSL_HEADER; client addresses are TRUSTED_PROXY_COUNT's business.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")


def pre_request(worker, req):
    """Bound every read of the request body: a client that stops sending for `body_timeout`
    seconds gets its request abandoned (Django sees an unreadable body) and frees the thread."""
    sock = getattr(getattr(req, "unreader", None), "sock", None)
    if sock is not None and hasattr(sock, "settimeout"):
        sock.settimeout(body_timeout)

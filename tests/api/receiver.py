"""A partner's webhook receiver for tests: http.server on 127.0.0.1 in a thread, verifying each
delivery with the example code of docs/webhooks.md (executed from the document itself)."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


def documented_verifier():
    """`verify_loket_webhook` as docs/webhooks.md shows it."""
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)
    namespace: dict = {}
    exec(blocks[0], namespace)  # noqa: S102 (our own documentation, tested as written)
    return namespace["verify_loket_webhook"]


class Receiver:
    def __init__(self, secret: str, port: int = 0):
        self.secret = secret
        self.verify = documented_verifier()
        self.accepted: list[dict] = []  # deliveries that verified, in arrival order
        self.rejected = 0
        self._server = None
        self._thread = None
        self.port = port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if receiver.verify(receiver.secret, dict(self.headers), body):
                    receiver.accepted.append(
                        {"id": self.headers["Loket-Webhook-Id"], "body": json.loads(body)}
                    )
                    self.send_response(204)
                else:
                    receiver.rejected += 1
                    self.send_response(401)
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.allow_reuse_address = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def unique_ids(self) -> set[str]:
        return {d["id"] for d in self.accepted}

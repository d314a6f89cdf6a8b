"""A real, local fake of the Slack Web API's chat.postMessage.

An `http.server.ThreadingHTTPServer` on 127.0.0.1 with an ephemeral port, run
in a background thread, so slack-sdk talks HTTP to it exactly as it would to
slack.com: form or JSON bodies, Bearer token checked, Slack-shaped replies.
Every accepted message is recorded. `mode` simulates Slack being unwell:

- "ok": {"ok": true, ...};
- "api_error": HTTP 200 with {"ok": false, "error": "channel_not_found"};
- "server_error": HTTP 500;
- "rate_limited": HTTP 429 with Retry-After: 0.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from dagster_project.alerts.slack import SlackAlerter

VALID_TOKEN = "xoxb-test-token"


@dataclass
class FakeSlack:
    token: str = VALID_TOKEN
    mode: str = "ok"
    messages: list[dict[str, Any]] = field(default_factory=list)
    requests: int = 0
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        assert self._server is not None, "fake Slack not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/"

    def start(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep pytest output clean
                pass

            def _reply(self, status: int, body: dict, headers: dict | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                with fake._lock:
                    fake.requests += 1
                if self.path.rstrip("/") != "/api/chat.postMessage":
                    self._reply(404, {"ok": False, "error": "unknown_method"})
                    return
                if fake.mode == "server_error":
                    self._reply(500, {"ok": False, "error": "internal_error"})
                    return
                if fake.mode == "rate_limited":
                    self._reply(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "0"})
                    return
                if self.headers.get("Authorization") != f"Bearer {fake.token}":
                    self._reply(200, {"ok": False, "error": "invalid_auth"})
                    return
                ctype = self.headers.get("Content-Type", "")
                if ctype.startswith("application/json"):
                    payload = json.loads(raw or "{}")
                else:
                    payload = {k: v[0] for k, v in parse_qs(raw).items()}
                    if isinstance(payload.get("blocks"), str):
                        payload["blocks"] = json.loads(payload["blocks"])
                if fake.mode == "api_error":
                    self._reply(200, {"ok": False, "error": "channel_not_found"})
                    return
                if not payload.get("channel") or not (payload.get("text") or payload.get("blocks")):
                    self._reply(200, {"ok": False, "error": "invalid_arguments"})
                    return
                with fake._lock:
                    fake.messages.append(payload)
                self._reply(
                    200,
                    {
                        "ok": True,
                        "channel": payload["channel"],
                        "ts": f"{time.time():.6f}",
                        "message": {"text": payload.get("text", "")},
                    },
                )

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def alerter(self, **settings: Any) -> SlackAlerter:
        """The product's alerter pointed at this fake, with the fake's token.

        No HTTP timeout: a loaded machine may answer slowly, and a test must
        not fail on the clock (the product's alerter keeps its 10 s).
        """
        return SlackAlerter(
            timeout_seconds=None, token=self.token, base_url=self.base_url, **settings
        )

    def texts(self) -> list[str]:
        """Every received message as one string: text plus all block text."""
        return [m.get("text", "") + "\n" + json.dumps(m.get("blocks", [])) for m in self.messages]

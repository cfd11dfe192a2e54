"""A real HTTP population-registry service on 127.0.0.1, run in a thread by the test."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

HUNG_RECORD: dict[str, Any] = {
    "id_number": "024090001234",
    "full_name": "Nguyễn Văn Hùng",
    "birth_date": "1990-05-17",
    "sex": "male",
    "permanent_address": "Thôn Đồng Mới, xã Đèo Gia, Bắc Ninh",
}


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    delay: float = 0.0


@dataclass
class FakeNationalRegistry:
    """Answers per path; records the requests it received (path, Authorization header)."""

    url: str
    answers: dict[str, Answer] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)

    def person(self, record: dict[str, Any]) -> None:
        self.answers[f"/persons/{record['id_number']}"] = Answer(
            200, json.dumps(record, ensure_ascii=False).encode()
        )

    def answer(self, id_number: str, status: int, body: bytes = b"", delay: float = 0.0) -> None:
        self.answers[f"/persons/{id_number}"] = Answer(status, body, delay)


@pytest.fixture
def national_registry(settings: Any) -> Iterator[FakeNationalRegistry]:
    """The service on a free loopback port; settings point motcua at it."""
    state: dict[str, FakeNationalRegistry] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fake = state["fake"]
            fake.requests.append((self.path, self.headers.get("Authorization", "")))
            answer = fake.answers.get(self.path.removeprefix("/api"), Answer(404, b"{}"))
            if answer.delay:
                time.sleep(answer.delay)
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)
            except OSError:
                pass  # the client gave up (the timeout test)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake = FakeNationalRegistry(url=f"http://127.0.0.1:{server.server_address[1]}/api")
    state["fake"] = fake
    settings.MOTCUA_REGISTRY = "http"
    settings.MOTCUA_REGISTRY_URL = fake.url
    settings.MOTCUA_REGISTRY_TOKEN = "test-registry-token"
    settings.MOTCUA_REGISTRY_TIMEOUT = 2
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

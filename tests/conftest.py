"""Shared fixtures. Third-party text is read from ../shared at test time, never copied here."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DATASETS = SHARED / "datasets"


def need(path: Path) -> Path:
    """Skip the test when a file from ../shared is not present."""
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return need(SEEDS)


@pytest.fixture
def write(tmp_path: Path):
    """write(name, content) → path; bytes or str."""

    def _write(name: str, content: str | bytes) -> Path:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
        return p

    return _write


BODY = (
    "The council of Larkspur Bay voted on Tuesday to close the old ferry pier after inspectors found "
    "rot in three of its pilings. Harbour master Ines Valcourt said the closure would last at least "
    "six weeks. \"We cannot take chances with people's safety,\" she told reporters.\n\n"
    "Ferry services will run from the temporary landing at North Quay until repairs are complete."
)


class FakeChat:
    """A local OpenAI-compatible chat endpoint (127.0.0.1, random port) that always gives one answer.

    ``url`` is its root; ``requests`` holds every JSON body received, ``paths`` every request path.
    """

    def __init__(self, answer: str) -> None:
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, HTTPServer

        self.answer, self.requests, self.paths = answer, [], []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server API)
                fake.paths.append(self.path)
                fake.requests.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                data = json.dumps({"choices": [{"message": {"role": "assistant", "content": fake.answer}}]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self._server = HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def fake_chat():
    """fake_chat(answer) → a running :class:`FakeChat`; every one started is stopped after the test."""
    started: list[FakeChat] = []

    def _start(answer: str) -> FakeChat:
        started.append(FakeChat(answer))
        return started[-1]

    yield _start
    for server in started:
        server.close()


#: Two fictional MRPC-format pairs, one paraphrase and one not.
PARAPHRASE_PAIRS = [
    {"pair_id": "p1", "label": 1, "sentence1": "The board voted to dredge the basin before summer.",
     "sentence2": "Before the summer, the basin will be dredged, the board decided."},
    {"pair_id": "p2", "label": 0, "sentence1": "The board voted to dredge the basin before summer.",
     "sentence2": "Six rowing crews raced in choppy water on Saturday."},
]


def write_paraphrase_pairs(folder: Path) -> Path:
    """Write :data:`PARAPHRASE_PAIRS` as ``folder/para.jsonl`` and return its path."""
    import json

    path = folder / "para.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in PARAPHRASE_PAIRS), encoding="utf-8")
    return path

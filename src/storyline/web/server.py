"""Run the web app with uvicorn (loopback by default)."""

from __future__ import annotations

from pathlib import Path

from ..config import Config
from .app import create_app

__all__ = ["serve"]


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8750, *, config: Config | None = None,
          allow_writes: bool = False, token: str | None = None, watch: str | Path | None = None) -> None:
    """Serve the store at ``db_path`` until interrupted (blocks); ``watch``: a folder to ingest from."""
    import uvicorn

    app = create_app(db_path, config, allow_writes=allow_writes, token=token, watch=watch)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)

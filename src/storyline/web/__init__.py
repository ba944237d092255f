"""``storyline serve``: the report served live from a store, with a JSON twin for every page.

* :mod:`.state`: the snapshot of a store (articles, stories, packed analyses) the pages render.
* :mod:`.app`: the FastAPI app (routes, error shape, security headers, token-guarded writes).
* :mod:`.server`: running it with uvicorn on loopback.
"""

from .app import WEB_LINKS, create_app

__all__ = ["WEB_LINKS", "create_app"]

"""Serve a built site on 127.0.0.1 with the MIME types the in-browser engine needs.

    python scripts/serve.py --port 8000 site

Python's own server guesses types from the machine's tables, which on many systems lack ``.mjs`` (Chromium
refuses a module script served as ``text/plain``) or ``.wasm`` (Pyodide then falls back to a slower compile).
This server sets them itself. Files under a versioned or content-hashed engine path never change, so they are
sent with a long ``Cache-Control``; everything else is revalidated on each visit.

The tests and the benchmark reuse :func:`make_server`.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
import threading
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".wasm": "application/wasm",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".gz": "application/gzip",
    ".woff2": "font/woff2",
}

# Paths whose content never changes once published: Pyodide's versioned folder and the wheel's hash folder.
IMMUTABLE = re.compile(r"/assets/engine/(pyodide-[^/]+|wheels/[0-9a-f]{16,})/")

RequestLog = Callable[[str, int], None]


class Handler(SimpleHTTPRequestHandler):
    """A quiet static-file handler with fixed MIME types and cache headers."""

    protocol_version = "HTTP/1.1"  # keep-alive: the page and the worker reuse connections
    extensions_map: ClassVar[dict[str, str]] = {"": "application/octet-stream", **MIME_TYPES}
    on_request: RequestLog | None = None

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        if IMMUTABLE.search(path):
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def send_response(self, code: int, message: str | None = None) -> None:
        if self.on_request is not None:
            self.on_request(self.path, code)
        super().send_response(code, message)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the standard library's name)
        """Stay quiet: one line per request drowns the output of the tests and the benchmark."""


def make_server(root: Path, port: int = 0, on_request: RequestLog | None = None) -> ThreadingHTTPServer:
    """A server for ``root`` on 127.0.0.1 (port 0 picks a free one); call ``serve_forever`` to run it."""
    handler = type(
        "SiteHandler", (Handler,), {"on_request": staticmethod(on_request) if on_request else None}
    )
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(root)))
    server.daemon_threads = True
    return server


def serve_in_thread(root: Path, on_request: RequestLog | None = None) -> tuple[ThreadingHTTPServer, str]:
    """Start a server for ``root`` on a free port in a daemon thread; returns it and its base URL."""
    server = make_server(root, 0, on_request)
    threading.Thread(target=server.serve_forever, name="site-server", daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host!s}:{port}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the built site on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    parser.add_argument("root", nargs="?", default="site", help="folder to serve (default: site)")
    args = parser.parse_args(argv)
    root = Path(args.root)
    if not (root / "index.html").is_file():
        print(f"serve: {root}/index.html not found. Build the site first with 'make site'.", file=sys.stderr)
        return 2
    try:
        server = make_server(root, args.port)
    except OSError as err:
        print(f"serve: cannot listen on 127.0.0.1:{args.port}: {err.strerror}", file=sys.stderr)
        return 2
    print(f"Serving {root} at http://127.0.0.1:{args.port}/ (press Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

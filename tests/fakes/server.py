"""The fake providers as a real process, for integration tests and the bench: `python -m tests.fakes.server --port N`.

Serves Luma at /luma, Runway at /runway, Replicate at /replicate and Kling at /kling (tests/fakes/<provider>.py),
outputs at /files/, and `GET /_stats`, `POST /_reset`, `POST /_configure`. Point DreamTok at it with the variables
that `--print-env` prints (LUMA_API_BASE=http://127.0.0.1:N/luma, the FAKE_* keys,
VIDEOGEN_DOWNLOAD_ALLOW_HOSTS=127.0.0.1:N). Callbacks (Luma, Kling) and signed webhooks (Replicate) are POSTed to the
URLs given at submission, unless --no-callbacks. Any API key works except one starting with "bad", "wrong" or
"invalid" (a 401, to exercise fallback), unless --strict-keys.
"""

from __future__ import annotations

import argparse
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.fakes.media import mp4_bytes
from tests.fakes.providers import FakeProviders, fake_env


def make_handler(world: FakeProviders, *, quiet: bool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body leave in two writes; with Nagle's algorithm against the client's delayed ACK, every
        # keep-alive answer would wait ~40 ms for nothing.
        disable_nagle_algorithm = True

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            answer = world.handle(self.command, self.path, dict(self.headers.items()), body)
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            length = answer.declared_length if answer.declared_length is not None else len(answer.body)
            self.send_header("Content-Length", str(length))
            if answer.declared_length is not None:
                self.close_connection = True  # the rest never comes: the client sees the transfer cut off
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(answer.body)

        do_GET = do_POST = do_DELETE = do_PUT = do_HEAD = _serve

        def log_message(self, format: str, *args) -> None:
            if not quiet:
                super().log_message(format, *args)

    return Handler


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--render-seconds", type=float, default=2.0)
    parser.add_argument("--no-callbacks", action="store_true", help="never POST callbacks or webhooks")
    parser.add_argument("--strict-keys", action="store_true", help="accept only the FAKE_* keys of providers.py")
    parser.add_argument("--print-env", action="store_true", help="print the env variables for DreamTok and exit")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    if args.print_env:
        for name, value in fake_env(args.port, args.host).items():
            print(f"{name}={value}")
        return
    mp4_bytes()  # encode the sample clip before the first request asks for it
    base = f"http://{args.host}:{args.port}"
    world = FakeProviders(
        base_url=base,
        render_seconds=args.render_seconds,
        send_callbacks=not args.no_callbacks,
        strict_keys=args.strict_keys,
    )
    server = ThreadingHTTPServer((args.host, args.port), make_handler(world, quiet=not args.verbose))
    server.daemon_threads = True
    print(f"fake providers listening on {base} (render {args.render_seconds}s)", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    sys.exit(0)


if __name__ == "__main__":
    main()

"""`manage.py render_clip`: render one dream clip with the local renderer and print how long it took."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from videogen.render import render_clip


class Command(BaseCommand):
    help = "Render one 5 s dream clip with the local renderer and print the seconds it took."

    def add_arguments(self, parser):
        parser.add_argument("--prompt", required=True, help="the dream's prompt")
        parser.add_argument("--symbols", default="", help="comma-separated canonical symbols, e.g. whale,water,red")
        parser.add_argument("--out", required=True, type=Path, help="the MP4 to write")
        parser.add_argument("--poster", type=Path, default=None, help="also write the first frame as a JPEG")

    def handle(self, *args, prompt: str, symbols: str, out: Path | str, poster: Path | str | None, **options):
        symbol_list = [s.strip() for s in symbols.split(",") if s.strip()]
        out, poster = Path(out), Path(poster) if poster else None  # call_command passes strings unconverted
        out.parent.mkdir(parents=True, exist_ok=True)
        result = render_clip(prompt, symbol_list, out, poster)
        self.stdout.write(f"{result.seconds:.3f} s  {out}  {result.frames} frames  {result.bytes / 1000:.0f} KB")

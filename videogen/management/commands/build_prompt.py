"""Operator tool: prints the prompt a dream's text (read from stdin) would give, optionally as JSON."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from videogen.prompts.template import MODES, build_prompt
from videogen.providers import PROVIDER_CLASSES


class Command(BaseCommand):
    help = "Build the provider prompt for a dream's text read from stdin."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--mode", choices=MODES, default="symbols", help="privacy mode (default: symbols)")
        parser.add_argument(
            "--provider",
            choices=sorted(PROVIDER_CLASSES),
            default="local",
            help="provider whose prompt length limit applies (default: local)",
        )
        parser.add_argument("--json", action="store_true", help="print language, symbols, prompt and redactions")

    def handle(self, *args, **options) -> None:
        text = sys.stdin.read()
        # An operator's tool: consent for the full text is enforced where dreams are, not here.
        built = build_prompt(
            text=text, symbols=None, mode=options["mode"], provider=options["provider"], full_text_allowed=True
        )
        if not options["json"]:
            self.stdout.write(built.prompt)
            return
        output = {
            "language": built.language,
            "symbols": built.symbols,
            "mode": built.mode,
            "prompt": built.prompt,
            "redactions": [{"kind": r.kind, "start": r.start, "end": r.end} for r in built.redactions],
        }
        self.stdout.write(json.dumps(output, ensure_ascii=False))

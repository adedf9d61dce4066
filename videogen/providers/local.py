"""The local renderer as a provider: renders on this server, synchronously, and nothing leaves it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import cast

from django.utils.translation import gettext_lazy

from dreamtok.encryption import keyed_hash
from videogen.render import dream_key, render_clip

from ..errors import message as _
from .base import PollResult, Provider, ProviderError, SubmitOptions


class LocalProvider(Provider):
    name = "local"
    # The only label that is words, not a name: translated when read. A lazy string is a str to everyone who reads a
    # label (`%`, str()), and a coded message stores it in English (videogen.errors).
    label = cast(str, gettext_lazy("Local renderer (nothing leaves the server)"))
    max_prompt_chars = 2000

    def folder(self) -> Path:
        return Path(self.settings.VIDEOGEN_TMP_DIR)

    def path_for(self, task_id: str) -> Path:
        if not task_id.isalnum():
            raise ProviderError(_("This video job has an invalid id."), detail=f"local task id {task_id!r}")
        return self.folder() / f"local-{task_id}.mp4"

    def submit(self, prompt: str, options: SubmitOptions) -> str:
        """Render now (the Celery worker is the one waiting); a clip already rendered for this dream is reused."""
        self.check_prompt_length(prompt)
        # Keyed: the clip's name (the task id in the database) is no plain hash of the prompt to test guesses against.
        key = keyed_hash(dream_key(prompt, options.symbols))[:32]
        path = self.path_for(key)
        if path.exists():
            return key
        path.parent.mkdir(parents=True, exist_ok=True)
        # render under a temporary name in the same folder, then rename: a killed worker leaves no half file
        partial = path.with_name(f".{path.stem}.{os.getpid()}.partial.mp4")
        try:
            render_clip(prompt, list(options.symbols), partial)
            os.replace(partial, path)
        except Exception as error:
            raise ProviderError(
                _("The local renderer could not make this video."),
                retryable=True,
                detail=f"{type(error).__name__}: {error}",
            ) from error
        finally:
            partial.unlink(missing_ok=True)
        return key

    def poll(self, task_id: str) -> PollResult:
        path = self.path_for(task_id)
        if path.exists():
            return PollResult(state="succeeded", video_path=str(path), progress=1.0)
        return PollResult(
            state="failed", error=_("The rendered video is missing; it will be rendered again."), retryable=True
        )

    def cancel(self, task_id: str) -> None:
        self.path_for(task_id).unlink(missing_ok=True)

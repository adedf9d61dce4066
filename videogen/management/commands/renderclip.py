"""`renderclip`, the old name of `render_clip`: still works for one release, with a warning."""

from dreamtok.commands import RenamedCommand
from videogen.management.commands.render_clip import Command as RenderClip


class Command(RenamedCommand, RenderClip):
    old_name = "renderclip"
    new_name = "render_clip"

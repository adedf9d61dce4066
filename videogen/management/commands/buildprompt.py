"""`buildprompt`, the old name of `build_prompt`: still works for one release, with a warning."""

from dreamtok.commands import RenamedCommand
from videogen.management.commands.build_prompt import Command as BuildPrompt


class Command(RenamedCommand, BuildPrompt):
    old_name = "buildprompt"
    new_name = "build_prompt"

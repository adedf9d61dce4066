"""`c2pa_dev_credentials`, the old name of `make_dev_credentials`: still works for one release, with a warning."""

from dreamtok.commands import RenamedCommand
from videogen.management.commands.make_dev_credentials import Command as MakeDevCredentials


class Command(RenamedCommand, MakeDevCredentials):
    old_name = "c2pa_dev_credentials"
    new_name = "make_dev_credentials"

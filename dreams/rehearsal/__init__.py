"""Imagery rehearsal therapy for nightmares: rescripts (new versions of a nightmare), rehearsals, morning logs,
progress by week."""

"""Logging filters that keep dream text out of log lines, whatever level a logger is turned up to."""

import logging

HIDDEN = "[parameters hidden]"


def _statement_head(sql) -> str:
    """The statement up to its first string literal: table and columns stay readable, values go."""
    text = str(sql)
    cut = text.find("'")
    return text if cut < 0 else text[:cut].rstrip() + " … " + HIDDEN


class HideQueryParameters(logging.Filter):
    """For django.db.backends: at DEBUG it logs every statement with its parameters interpolated (a dream's text is
    in the INSERT), in the message and again in the record's `sql`/`params` extras that JSON logs write out."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "sql"):
            head = _statement_head(record.sql)
            record.sql = head
            record.params = HIDDEN
            if hasattr(record, "duration"):
                record.msg, record.args = "(%.3f) %s; alias=%s", (record.duration, head, getattr(record, "alias", ""))
            else:
                record.msg, record.args = "%s", (head,)
        elif record.args:
            record.msg, record.args = "%s", (_statement_head(record.getMessage()),)
        return True

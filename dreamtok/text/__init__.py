"""Dream text privacy, without Django (like Healthchecks' hc/lib): one sanitizer, one set of patterns, the anonymizer
with its name lists, number and health rules, and the language tools. Nothing here imports Django, dreams or videogen:
what the anonymizer needs of the symbol lexicon (its one-word symbols) is given by the caller."""

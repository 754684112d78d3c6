"""One module per sub-command; each exposes ``configurer(parser)`` and ``executer(args) -> int``.

They are imported only when their sub-command runs, so that ``pamam echeance`` does not
pay for pdfplumber, pandas or spaCy.
"""

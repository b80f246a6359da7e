"""An account's whole communication record, exported as one ZIP for a dispute or an audit.

`export.export_account` writes the ZIP; each other module reads one part of the record
(texts, emails, calls, the ledger, consent and audit) as plain dicts ready for JSON and the
timeline page.
"""

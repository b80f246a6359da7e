"""Who may be contacted, when and how: the one gate, the SMS opt-out ledger, email opt-out."""

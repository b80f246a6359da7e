"""Working accounts: activities, dispositions, promises, payments, the worklist, reminders."""

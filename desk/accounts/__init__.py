"""Customer accounts: records and search, phone numbers, time zones, files kept on an account."""

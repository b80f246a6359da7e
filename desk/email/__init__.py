"""Email to customers: the send verb and the MIME message handed to SMTP."""

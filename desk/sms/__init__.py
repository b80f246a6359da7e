"""Texting: sending, inbound texts, delivery status, conversations, segments, MMS links."""

"""Calls: click-to-call, Twilio's call events, inbound calls, voice answers, disposition prompts."""

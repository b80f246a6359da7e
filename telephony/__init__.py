"""The Twilio boundary: REST client (client.py), errors, webhook signatures, TwiML helpers,
softphone tokens, and a local Twilio simulator (simulator/). Nothing else imports twilio."""

"""What the Twilio Voice JS SDK talks to, played by the simulator: access token checks, the
signalling WebSocket (TLS, `wss://HOST/signal`), softphone calls through the TwiML App, and
WebRTC media answered with aiortc on loopback."""

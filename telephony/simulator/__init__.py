"""A local Twilio: REST API v2010 (Messages, Calls), signed callbacks, TwiML, the customer's phone."""
from telephony.simulator.server import Simulator

__all__ = ["Simulator"]

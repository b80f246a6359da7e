"""The people who use the desk: creating and changing them, login and API tokens."""

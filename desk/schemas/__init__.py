"""marshmallow schemas shared by the JSON API, the console and the imports."""

"""SMS and email templates: the admin's library and merge-field rendering."""

"""Jinja templates and static files of the generated package (shipped as `generator.templates`)."""

"""The web app: one ASGI app serving HTML pages and a JSON API over the same views."""

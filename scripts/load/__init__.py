"""`make load`: locust against gunicorn with production settings (see docs/load-test.md)."""

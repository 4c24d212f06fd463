"""Alembic migrations of the response store; ``survey.store`` runs them when it opens a store."""

"""Fake provider servers and tiny media for tests, integration runs and the bench."""

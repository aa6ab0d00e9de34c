"""Reminders: Web Push before each session, and check-in prompts on days without."""

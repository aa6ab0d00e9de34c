"""The schedule: weekly template, appointments, pauses and calendar import."""

"""The schedule: weekly template, appointments and pauses."""

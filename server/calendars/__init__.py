"""Calendar import: .ics files and secret feeds, read into appointment times only."""

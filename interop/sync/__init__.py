"""National platform sync: registration and licence events, signed and pushed in order."""

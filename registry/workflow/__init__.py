"""Applications and their lifecycle: one state machine for every approval item."""

"""What every other room stands on: codes, values and statuses, the table, the registry, formatting, words.

A new rule about what a region code, a secret cell or a figure's label is goes here; it imports no other room.
"""

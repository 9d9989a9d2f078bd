"""Files in and out: every reader and writer, the one door in and the one door out, CBS/PDOK download.

A new file format, or a new download, goes here; it uses only ``core``.
"""

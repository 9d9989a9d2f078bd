"""Numbers and rules, without a map or a page: the engine's bottom layer, in rooms by what they do.

``core`` <- ``io`` and ``privacy`` <- ``microdata`` <- ``analysis``: a room imports only from rooms before it.
"""

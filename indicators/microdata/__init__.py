"""Microdata to protected district tables (DuckDB), and the long table they are written as (its one owner).

Uses ``core``, ``io`` and ``privacy``; ``analysis`` and the pages read the long table through ``longtable``.
"""

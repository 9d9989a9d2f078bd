"""Disclosure control: which counts, amounts and business figures may be shown, and secondary suppression.

A new rule on what may be published goes here; it uses only ``core``.
"""

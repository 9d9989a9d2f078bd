"""Figures derived from tables and statistics on them: derived indicators, classes, clusters, rates, models, events.

Also benchmarks, trends and what stands out. A new statistic goes here, one concern per module.
"""

"""The load benchmark: the dataset generator (``bench.generate``), the runner (``bench.run``) and its report.

Nothing in the project imports this package; it may import anything.
"""

"""Training data: the provided speech corpus (corpus.py) and the synthetic speaker builder."""

"""Normalisation: text clean-up and the French deadline grammar."""

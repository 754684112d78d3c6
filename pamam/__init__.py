"""pamam — rebuilds the PAMAM synoptic table from its PDF editions.

The package holds the orchestration (pipeline, command line, writers, comparison);
the staged PDF reading lives in the top-level ``extraction`` package and the text and
deadline normalisation in ``normalisation``, so that data flows one way:
sources → extraction → normalisation → comparaison → sorties.
"""

__version__ = "0.1.0"

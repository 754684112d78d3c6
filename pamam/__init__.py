"""pamam — rebuilds the PAMAM synoptic table from its PDF editions.

The package holds what comes after reading one edition: the one way in
(``pipeline.extraire_edition``), loading plans (``plans``), the comparison of editions
(``comparaison``), the writers (``ecriture``), the batch over ``sources/`` (``lot``) and
the command line (``cli``, ``commandes``). The staged PDF reading lives in the top-level
``extraction`` package and the text and deadline normalisation, with the plan model, in
``normalisation``, so that data flows one way:
sources → extraction → normalisation → comparaison → sorties.
"""

__version__ = "0.2.0"

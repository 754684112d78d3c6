"""Writers of the output files (CSV, Markdown, HTML…), each staged through ``pamam.fichiers.Lot``."""

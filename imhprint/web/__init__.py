"""The web output: a page per resource, edition and language, the catalogue of them all,
and the live preview (``build_pdfs.py serve``, ``--watch``). See site.py and serve.py."""

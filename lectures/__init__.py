"""The lectures: one package each, found by discovery (``lecture.catalog``), never listed by hand."""

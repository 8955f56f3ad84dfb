"""The course-agnostic engine: quizzes, cases, explorers, figures, tables, editions, the Sphinx extension.

Nothing here knows about ketamine. The engine imports neither :mod:`ketcourse.science` nor
:mod:`ketcourse.chapters` (``lint-imports`` enforces it); it finds the chapters' banks and data
through their package folders (see :mod:`ketcourse.engine.registry`).
"""

"""Figures in the course's house style, one module per chapter topic.

Chapter modules return :class:`ketcourse.plots.output.FigureOutput` objects,
which display with a caption and alt text in JupyterLab and in the book.
"""

"""The science: units, cited literature parameters and pure, typed numpy models.

Every function is illustrative teaching code, not a dosing tool. The science imports the engine's
input validation only; it never imports a chapter.
"""

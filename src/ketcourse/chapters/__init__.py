"""One package per chapter, named like its notebook (``chapters/NN_<name>.ipynb``).

Each holds the chapter's data files (``data/*.yaml``), content loaders (``content.py``), figures
(``figures.py``), explorer (``explorer.py``), exercise checks (``checks.py``) and quiz bank
(``quiz.yaml``).
"""

CHAPTERS: tuple[str, ...] = (
    "history",
    "nmda",
    "neuroplasticity",
    "pharmacokinetics",
    "conditions",
    "safety",
    "practice",
    "appraisal",
    "cases",
)
"""Chapter package names in teaching order."""

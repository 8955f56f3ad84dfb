"""Chapter 08 Appraising popular claims: data, figures, explorer, exercise checks and quiz bank."""

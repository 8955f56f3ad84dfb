"""Chapter 05 Conditions and the evidence: data, figures, explorer, exercise checks and quiz bank."""

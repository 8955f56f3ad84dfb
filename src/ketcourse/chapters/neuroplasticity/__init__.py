"""Chapter 03 Neuroplasticity: data, figures, explorer, exercise checks and quiz bank."""

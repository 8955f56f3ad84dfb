"""Chapter 06 Safety and monitoring: data, figures, explorer, exercise checks and quiz bank."""

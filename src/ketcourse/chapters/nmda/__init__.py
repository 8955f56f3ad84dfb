"""Chapter 02 NMDA-receptor antagonism: data, figures, explorer, exercise checks and quiz bank."""

"""Chapter 01 What ketamine is: data, figures, explorer, exercise checks and quiz bank."""

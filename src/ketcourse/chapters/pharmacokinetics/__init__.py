"""Chapter 04 Pharmacokinetics, routes and dosing: data, figures, explorer, exercise checks and quiz bank."""

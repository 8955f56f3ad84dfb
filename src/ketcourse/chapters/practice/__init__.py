"""Chapter 07 Ketamine in clinical practice: label tables, interactions by route, regulation, quiz and checks."""

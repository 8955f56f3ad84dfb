"""Chapter 09 Capstone clinical cases: branching cases (cases/*.yaml) rendered by the engine's case renderer."""

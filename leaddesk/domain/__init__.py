"""Pure lead-qualification rules: stages, BANT and temperature, score,
enrichment, sources and contact validation. No Qt, no SQL."""

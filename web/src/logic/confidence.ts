// STIX 2.1 confidence (0-100) in words, on the scale the knowledge base uses
// to read estimative language ("likely" = 70, "almost certainly" = 90): the
// Words of Estimative Probability bands of STIX 2.1 appendix A.
export function confidenceWords(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "not stated";
  if (value <= 0) return "impossible";
  if (value < 20) return "almost certainly not";
  if (value < 40) return "unlikely";
  if (value < 60) return "even chance";
  if (value < 80) return "likely";
  if (value < 100) return "almost certainly";
  return "certain";
}

// "likely (70)" — the word and the number, as the actor page shows a claim.
export function confidenceLabel(value: number | null | undefined): string {
  if (value === null || value === undefined) return "confidence not stated";
  return `${confidenceWords(value)} (${value})`;
}

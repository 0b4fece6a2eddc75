// π by the midpoint rule: ∫₀¹ 4/(1+x²) dx ≈ h·Σ 4/(1+xᵢ²), xᵢ = (i + ½)·h. A reduction:
// every thread sums its iterations privately and the partials are combined once.
import { kernel } from 'parfor';

export const name = 'pi';
export const description = 'π by the midpoint rule, parallelReduce with op +';
export const kind = 'reduce';
export const defaultSize = 100_000_000;
export const quickSize = 1_000_000;

/** Iteration i's term. */
export function term(i, { h }) {
  const x = (i + 0.5) * h;
  return 4 / (1 + x * x);
}

export const body = kernel(new URL(import.meta.url), 'term');

export function setup(steps) {
  return { shared: { h: 1 / steps }, iterations: steps, scale: 1 / steps };
}

/** Serial reference: the same term, one accumulator. */
export function serial(steps) {
  const shared = { h: 1 / steps };
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += term(i, shared);
  return sum / steps;
}

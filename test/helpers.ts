import { createTeam, type Team, type TeamOptions } from 'parfor';
import { afterAll } from 'vitest';

const teams: Team[] = [];

/** A team closed after the file's tests. */
export function team(options: TeamOptions = {}): Team {
  const t = createTeam(options);
  teams.push(t);
  return t;
}

afterAll(async () => {
  await Promise.all(teams.splice(0).map((t) => t.close()));
});

/** Resolve once `flags[i]` is non-zero (an Atomics handshake, no timers). */
export async function waitFlag(flags: Int32Array, i: number): Promise<void> {
  for (;;) {
    if (Atomics.load(flags, i) !== 0) return;
    const r = Atomics.waitAsync(flags, i, 0);
    if (r.async) await r.value;
  }
}

/** `p`, or a rejection naming `what` if it has not settled within `ms` (a hang detector, not an ordering). */
export function settlesWithin<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([p, hang]).finally(() => clearTimeout(timer));
}

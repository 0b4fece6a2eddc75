/**
 * Wait policy: how long threads poll before they sleep, in the spirit of
 * OMP_WAIT_POLICY. Measured on a 2-core machine: a futex wake round trip costs
 * ~23 µs, a spinning one ~0.15-0.5 µs, and more spinners than cores costs
 * ~150 µs per region. So spin briefly, sleep after, and never let spinners
 * outnumber cores.
 */
import { math } from '../../intrinsics.js';

/** `auto`: spin a little, then sleep. `spin`: spin long (latency first, burns CPU).
 *  `block`: sleep at once (CPU first). */
export type WaitPolicy = 'auto' | 'spin' | 'block';

export const WAIT_POLICIES: readonly WaitPolicy[] = ['auto', 'spin', 'block'];

/** Polls before sleeping. One poll is an `Atomics.load`, a few ns. */
export interface SpinBudget {
  /** A worker waiting for the next region, after a synchronous one. */
  worker: number;
  /** The calling thread of a synchronous loop waiting for the others to finish. */
  join: number;
  /** A worker waiting for the next region, after an asynchronous one. */
  asyncWorker: number;
  /** The caller of an asynchronous loop, polling before it falls back to Atomics.waitAsync. */
  asyncJoin: number;
  /**
   * Any thread of a synchronous region waiting inside it: at a barrier, for
   * an ordered turn, for a lock. The thread it waits for is the team's own
   * and is running region code, so only the team's own size throttles this
   * budget, never the governor (see throttledBudget).
   */
  region: number;
  /** The same, inside an asynchronous region (whose caller's thread also needs a core). */
  asyncRegion: number;
  /** Whether those waits adapt their spin to how often it pays (core/spin-limit.ts): while the machine is short of cores. */
  adaptRegion: boolean;
}

/** ~50-200 µs of polling: covers back-to-back loops without holding a core for long. */
const AUTO_SPINS = 50_000;
/** When threads outnumber cores, spinning steals the core the others need. */
const THROTTLED_SPINS = 100;
/** `spin`: tens of milliseconds. */
const ACTIVE_SPINS = 20_000_000;

/**
 * Whether a team's sleeping workers are woken by one notify for all
 * (core/dispatcher.ts, wakeAll) instead of one each: when the team has more
 * than twice as many threads as cores. With that many threads every region
 * wakes nearly all of them, and one notify saved 21-32 % a loop with 16
 * threads on 2 cores (8: 5-18 %). With 4 threads on 2 cores it first made
 * loops 10-30 % slower, because the worker a sync loop leaves out was woken
 * every loop; now that such a worker sleeps apart (core/worker.ts,
 * awaitWake), one notify for all gains nothing clear at 4 threads
 * (`node bench/oversubscribed.mjs`, bench/results/issue-25-oversubscribed.txt,
 * docs/waiting.md).
 */
export function wakeTogether(teamSize: number, cores: number, wake: Wake = 'auto'): boolean {
  return wake === 'auto' ? teamSize > 2 * cores : wake === 'together';
}

/** How sleeping workers are woken: `auto` (wakeTogether decides), one notify `each`, or all `together` (PARFOR_WAKE). */
export const WAKES = ['auto', 'each', 'together'] as const;
export type Wake = (typeof WAKES)[number];

export function spinBudget(policy: WaitPolicy, teamSize: number, cores: number): SpinBudget {
  switch (policy) {
    case 'block':
      return { worker: 0, join: 0, asyncWorker: 0, asyncJoin: 0, region: 0, asyncRegion: 0, adaptRegion: false };
    case 'spin':
      return {
        worker: ACTIVE_SPINS,
        join: ACTIVE_SPINS,
        asyncWorker: ACTIVE_SPINS,
        asyncJoin: 0,
        region: ACTIVE_SPINS,
        asyncRegion: ACTIVE_SPINS,
        adaptRegion: false,
      };
    case 'auto': {
      // A synchronous loop uses the caller plus size-1 workers: size threads.
      const throttled = teamSize > cores;
      // An asynchronous loop uses size workers while the caller's thread also
      // needs a core to see the result: size+1 threads.
      const asyncThrottled = teamSize + 1 > cores;
      return {
        worker: throttled ? THROTTLED_SPINS : AUTO_SPINS,
        join: throttled ? THROTTLED_SPINS : AUTO_SPINS,
        asyncWorker: asyncThrottled ? THROTTLED_SPINS : AUTO_SPINS,
        asyncJoin: ASYNC_JOIN_SPINS,
        region: throttled ? THROTTLED_SPINS : AUTO_SPINS,
        asyncRegion: asyncThrottled ? THROTTLED_SPINS : AUTO_SPINS,
        adaptRegion: false,
      };
    }
  }
}

/**
 * The budgets when the machine is short of cores: the team's waits sleep after
 * THROTTLED_SPINS polls (libgomp's throttled spin count, which it uses when
 * its own threads outnumber the CPUs). The async caller's short poll stays:
 * it is bounded (~10-40 µs) and saves a waitAsync wake-up of ~30 µs.
 *
 * Waits inside a region keep their budget but adapt within it (adaptRegion,
 * core/spin-limit.ts). There every thread of the team is running the
 * region, so the thread waited for is often on the other core, and a waiter
 * that sleeps gives its own core away and pays a futex wake, often plus the
 * rest of another process's time slice. Throttled outright, EPCC's ORDERED
 * paid that on every turn for a whole run after a moment of load
 * (bench/results/issue-24-region-spin.txt).
 */
export function throttledBudget(normal: SpinBudget): SpinBudget {
  const t = (n: number) => math.min(n, THROTTLED_SPINS);
  return {
    worker: t(normal.worker),
    join: t(normal.join),
    asyncWorker: t(normal.asyncWorker),
    asyncJoin: normal.asyncJoin,
    region: normal.region,
    asyncRegion: normal.asyncRegion,
    adaptRegion: true,
  };
}

/** Readings in a row that must agree before the governor switches, either way. */
export const AGREE = 3;
/** Not throttled: read the machine after a join that slept, or every READ_EVERY regions. */
export const READ_EVERY = 4096;
/** Throttled (every join sleeps then): read every THROTTLED_READ_EVERY regions, and stay throttled at least HOLD regions. */
export const THROTTLED_READ_EVERY = 16;
export const HOLD = 64;

/** What the governor reads of a team: how many of its first `count` workers sleep. */
export interface Sleepers {
  asleep(count: number): number;
}

/**
 * Spin only while there is a core for every thread that needs one. A spinning
 * thread that has to share a core with the thread it waits for holds that
 * core until the scheduler preempts it (~0.6 ms here), so when something else
 * is running (V8 compiling on a background thread, another process) every
 * region costs a scheduler slice or two instead of ~2 µs (docs/architecture.md,
 * "Allocation and the tail"). libgomp throttles its spinning when its own
 * threads outnumber the CPUs; this counts the whole machine: the threads
 * runnable now (Platform.runnable, which includes this one and the team's
 * spinning workers) plus the team's workers asleep, which the region is about
 * to wake. More than the cores: throttle, after AGREE readings in a row say
 * so; spin again once AGREE readings in a row fit the cores, and not before
 * HOLD regions. (Throttling on the first reading, or holding 16 regions and
 * reading every 4, gave a worse p99.9 in the dispatch suite: more switches,
 * and a switch back to spinning on a machine still short costs ~600 µs.)
 *
 * When it reads, without a clock: not throttled, after a join that had to
 * sleep (its spin ran out: the others may not be running) and every
 * READ_EVERY regions; throttled (every join sleeps then), every
 * THROTTLED_READ_EVERY regions. A reading is ~3-4 µs (fs.readSync into a kept
 * buffer; no heap growth measured: bench/loadavg-cost.mjs), so in the steady
 * state it is paid once per 4,096 loops.
 * Where the platform cannot count (browsers, not Linux), the budgets stay as
 * the wait policy set them.
 */
export class SpinGovernor {
  /** The budgets in force. */
  current: SpinBudget;
  private readonly normal: SpinBudget;
  private readonly throttled: SpinBudget;
  /** Regions since the last reading, and since throttling. */
  private sinceRead = 0;
  private sinceThrottled = 0;
  private agreeing = 0;

  constructor(
    normal: SpinBudget,
    private readonly cores: number,
    private readonly runnable: () => number,
  ) {
    this.normal = normal;
    this.throttled = throttledBudget(normal);
    this.current = normal;
  }

  /**
   * Before a region of `workers` workers of `team`; `slept`: the last
   * region's join ran out of spins. The budgets to use.
   */
  update(team: Sleepers, workers: number, slept: boolean): SpinBudget {
    const throttled = this.current !== this.normal;
    this.sinceRead++;
    if (throttled) this.sinceThrottled++;
    if (throttled ? this.sinceRead < THROTTLED_READ_EVERY : !slept && this.sinceRead < READ_EVERY) return this.current;
    this.sinceRead = 0;
    const r = this.runnable();
    if (r < 0) return this.current;
    const short = r + team.asleep(workers) > this.cores || (throttled && this.sinceThrottled < HOLD);
    if (short === throttled) {
      this.agreeing = 0;
      return this.current;
    }
    if (++this.agreeing < AGREE) return this.current;
    this.agreeing = 0;
    this.current = short ? this.throttled : this.normal;
    this.sinceThrottled = 0;
    return this.current;
  }
}

/**
 * The async caller polls this long (~10-40 µs) before Atomics.waitAsync, whose
 * wake-up costs ~30 µs here: a short loop is seen finished without it. Measured
 * on 2 cores, empty 2-worker loop: workers throttled after async regions and
 * this joiner spin, 15-20 µs; no joiner spin, 33 µs; workers spinning too, 60-600 µs.
 */
const ASYNC_JOIN_SPINS = 10_000;

/**
 * parfor: OpenMP-style parallel loops over a persistent team of worker
 * threads sharing memory.
 * @module
 */
export { parallelFor, parallelForSync, parallelForRange, parallelForRangeSync, parallelReduce, parallelReduceSync, parallelMap, parallelMapSync, parallelFor2D, parallelFor2DSync, parallel, parallelSync, shutdown, getDefaultTeam, } from './api/loops.js';
export { Team, createTeam, MAX_TEAM_THREADS } from './api/team.js';
export type { Body2D, LoopBody, LoopContext, MapBody, Opts, RangeBody, ReduceBody, RegionBody, RegionOptions, Shared, TeamOptions, TeamStats, } from './api/team.js';
export type { RegionContext, RegionLoopSchedule } from './team/region-context.js';
export type { LoopOptions } from './api/validate.js';
export type { MapOptions, ReduceOptions, ReportOptions, Trace } from './api/requests.js';
export type { TraceRecord } from './core/trace-buffer.js';
export { traceToSVG } from './data/trace-svg.js';
export type { TraceLike, TraceSVGOptions } from './data/trace-svg.js';
export { sharedArray } from './data/shared-array.js';
export { SharedMatrix } from './data/matrix.js';
export type { NumericArray, NumericArrayConstructor } from './data/matrix.js';
export type { TypedArray, TypedArrayConstructor } from './data/typed.js';
export { kernel } from './data/kernel.js';
export type { Kernel } from './data/kernel.js';
export { ParforError, LoopBodyError, WorkerExitError, TeamClosedError, UnsupportedEnvironmentError, TimeoutError, BodySetupError, } from './errors.js';
export type { ScheduleName } from './schedule/kinds.js';
export type { WaitPolicy } from './team/policy.js';

/**
 * parfor: OpenMP-style parallel loops over a persistent team of worker
 * threads sharing memory.
 * @module
 */
// Every loop function (two per loop kind), getDefaultTeam and shutdown.

export { SharedLock } from './api/lock.js';
export * from './api/loops.js';
export type {
  Body2D,
  Broadcast,
  ForEachBody,
  LocalOptions,
  LoopBody,
  LoopContext,
  LoopFunctionName,
  LoopFunctions,
  MapBody,
  Opts,
  RangeBody,
  ReduceBody,
  RegionBody,
  RegionContext,
  RegionLoopOptions,
  RegionLoopSchedule,
  RegionOptions,
  SearchBody,
  SearchOptions,
  Section,
  Sections,
  Shared,
  TaskContext,
  TaskFunction,
  TaskHandle,
  TaskloopOptions,
  TaskMethods,
  TaskOptions,
  Tasks,
  ThreadContext,
} from './api/signatures.js';
export type { TeamStats, ThreadStats } from './api/stats.js';
export type { TeamOptions, WaitPolicy } from './api/team.js';
export { createTeam, MAX_TEAM_THREADS, Team } from './api/team.js';
export type { Trace, TraceRecord } from './api/trace.js';
export type { LoopOptions, MapOptions, ReduceOptions, ReportOptions, ScanOptions, ScheduleName } from './api/validate.js';
export type { WasmKernelOptions, WasmSource } from './api/wasm.js';
export { wasmKernel } from './api/wasm.js';
export type { Kernel, KernelExportName } from './data/kernel.js';
export { kernel } from './data/kernel.js';
export type { NumericArray, NumericArrayConstructor } from './data/matrix.js';
export { SharedMatrix } from './data/matrix.js';
export { sharedArray } from './data/shared-array.js';
export type { TraceLike, TraceSVGOptions } from './data/trace-svg.js';
export { traceToSVG } from './data/trace-svg.js';
export type { TypedArray, TypedArrayConstructor } from './data/typed.js';
export type { WasmHeapOptions } from './data/wasm-heap.js';
export { WasmHeap } from './data/wasm-heap.js';
export type { WasmArg, WasmKernel } from './data/wasm-kernel.js';
export {
  BodySetupError,
  LockError,
  LoopBodyError,
  ParforError,
  TaskError,
  TeamClosedError,
  TimeoutError,
  UnsupportedEnvironmentError,
  WorkerExitError,
} from './errors.js';

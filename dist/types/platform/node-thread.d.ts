import type { PortLike } from './types.js';
export declare function threadData<T>(): T;
export declare function receive(port: PortLike): unknown;
/** Call `cb` once the other end of `port` is gone (its thread exited). */
export declare function onPortClose(port: PortLike, cb: () => void): void;
/** Listen for messages from the thread that spawned this one. */
export declare function onParentMessage(cb: (message: unknown) => void): void;

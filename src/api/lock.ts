/**
 * SharedLock for the package entry: the class lives with its words in
 * core/shared-lock.ts, and index.ts re-exports only from api/ and data/.
 */
export { SharedLock } from '../core/shared-lock.js';

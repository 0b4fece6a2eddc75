// What test/browser/page.html must report, in every browser the suites drive.
import { expect } from 'vitest';

export function expectPageResult(result: any, errors: string[]): void {
  expect(errors).toEqual([]);
  expect(result.failure).toBeUndefined();
  expect(result.isolated).toBe(true);
  expect(result.parallelFor).toBe(true);
  expect(result.reduce).toBe(499500);
  expect(result.map).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
  expect(result.kernel).toEqual(Array.from({ length: 20 }, (_, i) => i * i));
  expect(result.missingImport[0]).toMatch(
    /^BodySetupError: Cannot prepare the loop body on thread \d: TypeError: .*\(its import '\.\/not-there\.mjs' \(http:\/\/127\.0\.0\.1:\d+\/test\/browser\/not-there\.mjs\) answered 404 Not Found\)$/,
  );
  expect(result.missingImport[1]).toMatch(/^BodySetupError: .*its import '\.\/util\.mjs' is relative, and the kernel is a data: URL/);
  expect(result.error).toEqual({ name: 'LoopBodyError', index: 57, cause: 'RangeError', message: 'boom' });
  expect(result.afterError).toBe(true);
  expect(result.wasm).toBe(true);
  expect(result.wasmReduce).toBe(2475);
  expect(result.wasmTrap).toBe('LoopBodyError:21:RuntimeError:true');
  expect(result.wasmSimd).toBe(true);
  expect(result.sync).toBe('UnsupportedEnvironmentError');
  expect(result.tasks).toBe(2584);
  expect(result.taskloop).toBe(true);
  expect(result.taskError).toBe('TaskError:bad:3:RangeError');
  expect(result.lock).toBe('400:true:LoopBodyError:LockError');
  expect(result.ordered).toBe(true);
  expect(result.find).toBe('3210:false');
  expect(result.sections).toBe('1,2,3');
  expect(result.deterministic).toBe(true);
  expect(result.local).toBe(true);
  expect(result.traceChunks).toBe(10);
  expect(result.progressTicks).toBeGreaterThan(0);
  expect(result.repeatedErrors).toEqual(Array(5).fill('LoopBodyError:TypeError:again'));
  expect(result.evil).toBe('LoopBodyError:string');
  expect(result.selfClose).toBe('LoopBodyError:TypeError');
  expect(result.stuck).toBe('TimeoutError');
  expect(result.afterAll).toBe(true);
}

// A child process run to its end, for the benches that time each side in a process of its own.
import { spawn } from 'node:child_process';

/** Run `command args`; resolve with what it printed on stdout (its stderr passes through), reject if it exits non-zero. */
export function output(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

// Runs a benchmark step in a child process, so that its peak memory is its own, and reads its report.
import { spawn } from 'node:child_process';
import { ROOT_DIR } from '../../src/config.ts';
import type { ChildReport } from './measure.ts';

export interface ChildResult {
  readonly report: ChildReport;
  /** Wall time seen from outside, including Node's start-up and imports. */
  readonly wallMs: number;
  /** Set when the child ran out of time: the report then holds the stages it finished. */
  readonly timedOut?: boolean;
  /** Set when the child failed (e.g. out of memory) and the caller allowed it: the last lines of its output. */
  readonly failure?: string;
}

/**
 * The Node options that an npm script gives its process ("node --v8-pool-size=1 --import tsx src/cli/build.ts" gives
 * --v8-pool-size=1), so that the bench's builds run as `npm run build` does.
 */
export function readNodeOptions(script: string): string[] {
  const words = script.trim().split(/\s+/);
  if (words[0] !== 'node') return [];
  const options: string[] = [];
  for (let i = 1; i < words.length && words[i]!.startsWith('-'); i++) {
    if (words[i] === '--import') i++;
    else options.push(words[i]!);
  }
  return options;
}

/**
 * Run `node [nodeOptions] --import tsx <script> …args` from the repository root; resolve with the child's BENCH-REPORT.
 * A child that outlives timeoutMs is killed and resolves with the stages it reported (BENCH-STAGE lines) and timedOut
 * set.
 */
export function runChild(
  script: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; allowFailure?: boolean; nodeOptions?: readonly string[] } = {},
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...(options.nodeOptions ?? []), '--import', 'tsx', script, ...args], {
      cwd: ROOT_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let timedOut = false;
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const wallMs = performance.now() - started;
      const stages = stdout.split('\n').filter((l) => l.startsWith('BENCH-STAGE ')).map((l) => JSON.parse(l.slice('BENCH-STAGE '.length)) as ChildReport['stages'][number]);
      const partial = { stages, totalMs: wallMs, peakMb: Math.max(0, ...stages.map((s) => s.peakMb)), files: 0, bytes: 0 };
      if (timedOut) {
        resolve({ report: partial, wallMs, timedOut });
        return;
      }
      const line = stdout.split('\n').reverse().find((l) => l.startsWith('BENCH-REPORT '));
      if (code !== 0 || !line) {
        const lines = (stderr || stdout).trim().split('\n');
        const tail = lines.slice(-15).join('\n');
        if (options.allowFailure) {
          const reason = lines.find((l) => /FATAL ERROR|heap out of memory|Error:/.test(l)) ?? `${signal ?? `exit ${code}`}`;
          resolve({ report: partial, wallMs, failure: reason.trim() });
          return;
        }
        reject(new Error(`${script} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${tail}`));
        return;
      }
      resolve({ report: JSON.parse(line.slice('BENCH-REPORT '.length)) as ChildReport, wallMs });
    });
  });
}

/** Run a command and time it from spawn to exit; rejects on a non-zero exit. */
export function timeCommand(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT_DIR, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.trim().split('\n').slice(-5).join('\n')}`));
      else resolve({ ms, stdout });
    });
  });
}

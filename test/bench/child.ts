// Runs a benchmark step in a child process, so that its peak memory is its own, and reads its report.
import { spawn } from 'node:child_process';
import { ROOT_DIR } from '../../src/config.ts';
import { REPORT_LINE, STAGE_LINE } from '../../src/publish/stage-report.ts';
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
 * What an npm script that runs node runs: its Node options, the script file, the script's arguments, and whether
 * it loads tsx ("node --v8-pool-size=1 src/cli/run-bundled.mjs build" gives --v8-pool-size=1, the launcher, build).
 */
export function readNodeCommand(script: string): { nodeOptions: string[]; script: string; args: string[]; tsx: boolean } {
  const words = script.trim().split(/\s+/);
  const nodeOptions: string[] = [];
  let tsx = false;
  let i = 1;
  if (words[0] === 'node') {
    for (; i < words.length && words[i]!.startsWith('-'); i++) {
      if (words[i] === '--import' && words[i + 1] === 'tsx') {
        tsx = true;
        i++;
      } else if (words[i] === '--import' || words[i] === '--require') nodeOptions.push(words[i]!, words[++i] ?? '');
      else nodeOptions.push(words[i]!);
    }
  } else i = words[0] === 'tsx' ? 1 : 0;
  return { nodeOptions, script: words[i] ?? '', args: words.slice(i + 1), tsx: tsx || words[0] === 'tsx' };
}

/**
 * Run `node [nodeOptions] --import tsx <script> …args` from the repository root, or `cwd` (without `--import tsx` when plain:
 * a JavaScript script, such as the launcher of `npm run build`); resolve with the child's BENCH-REPORT.
 * A child that outlives timeoutMs is killed and resolves with the stages it reported (BENCH-STAGE lines) and timedOut
 * set.
 */
export function runChild(
  script: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; allowFailure?: boolean; nodeOptions?: readonly string[]; plain?: boolean; cwd?: string } = {},
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...(options.nodeOptions ?? []), ...(options.plain ? [] : ['--import', 'tsx']), script, ...args], {
      cwd: options.cwd ?? ROOT_DIR,
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
      const stages = stdout.split('\n').filter((l) => l.startsWith(STAGE_LINE)).map((l) => JSON.parse(l.slice(STAGE_LINE.length)) as ChildReport['stages'][number]);
      const partial = { stages, totalMs: wallMs, peakMb: Math.max(0, ...stages.map((s) => s.peakMb)), files: 0, bytes: 0 };
      if (timedOut) {
        resolve({ report: partial, wallMs, timedOut });
        return;
      }
      const line = stdout.split('\n').reverse().find((l) => l.startsWith(REPORT_LINE));
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
      resolve({ report: JSON.parse(line.slice(REPORT_LINE.length)) as ChildReport, wallMs });
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

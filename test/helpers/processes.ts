// Running real web servers (nginx, Apache) for tests: free ports, waiting for a port, stopping cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/** Ask the OS for a free port on 127.0.0.1 (closed again before it is returned). */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Start a server process and wait until it accepts connections on the port; if it exits first, reject with
 * its output and whatever describeFailure adds (its error log, say).
 */
export async function startServerProcess(
  command: string,
  args: readonly string[],
  port: number,
  describeFailure: () => Promise<string>,
): Promise<ServerProcess> {
  // Its own process group: Apache signals its whole group when it stops, which must not include us.
  const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let running = true;
  void exited.then(() => (running = false));
  const deadline = Date.now() + 15_000;
  while (!(await canConnect(port))) {
    if (!running || Date.now() > deadline) {
      process.off('exit', killOnExit);
      child.kill('SIGKILL');
      throw new Error(`${command} did not start on port ${port}:\n${output}\n${await describeFailure()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    port,
    stop: async () => {
      process.off('exit', killOnExit);
      if (!running) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

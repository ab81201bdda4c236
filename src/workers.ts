// Worker threads that run our TypeScript modules: Node 20 does not pass --import hooks (tsx) on to workers, so
// each worker registers tsx's loader before it imports its entry module.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** Start a worker thread on a TypeScript module (a file URL), handing it workerData. */
export function startModuleWorker(entry: URL, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  // createRequire rather than import.meta.resolve, which Vitest's module runner does not support; require gets the
  // CommonJS build of tsx/esm/api, whose ES module twin sits beside it.
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const code = `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true, workerData, ...(resourceLimits ? { resourceLimits } : {}) });
}

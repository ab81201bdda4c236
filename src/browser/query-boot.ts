// The query page's first script (tiny, async, at the top of the page): starts the query worker before the page's
// large script has even downloaded (and without waiting for the stylesheets), and keeps the worker's messages until
// that script takes the worker over. If query-page.js ran first and started its own worker, this does nothing.
import { EARLY_WORKER_KEY, chooseDataUrl, type EarlyWorker } from './protocol.ts';

/** Start the worker named by this script's data-worker and data-data attributes (data-release-data for ?release=), and leave it for query-page.js. */
function bootQueryWorker(): void {
  const script = document.currentScript as HTMLScriptElement | null;
  const workerUrl = script?.dataset.worker;
  const dataUrl = script?.dataset.data;
  if (!workerUrl || !dataUrl || EARLY_WORKER_KEY in window) return;
  const url = new URL(workerUrl, document.baseURI);
  url.searchParams.set('data', chooseDataUrl(dataUrl, script?.dataset.releaseData, document.baseURI));
  const worker = new Worker(url, { name: 'sparql' });
  const messages: MessageEvent[] = [];
  let failed = false;
  const keep = (event: MessageEvent): void => void messages.push(event);
  const fail = (): void => void (failed = true);
  worker.addEventListener('message', keep);
  worker.addEventListener('error', fail);
  const early: EarlyWorker = {
    worker,
    messages,
    failed: () => failed,
    release: () => {
      worker.removeEventListener('message', keep);
      worker.removeEventListener('error', fail);
    },
  };
  (window as unknown as Record<string, EarlyWorker>)[EARLY_WORKER_KEY] = early;
}

bootQueryWorker();

// The query page's script: YASGUI's editor (Yasqe) and result viewer (Yasr), answered by Comunica in a Web Worker.
import type { Yasgui as YasguiClass } from '@zazuko/yasgui';
import { EARLY_WORKER_KEY, MEDIA_TYPES, chooseDataUrl, type EarlyWorker, type QueryPageConfig, type ResultKind, type ResultMediaType, type WorkerToPage } from './protocol.ts';
import { createPermalinkSearch, declareUsedPrefixes } from './sparql-text.ts';

/** A query's answer, as the worker sends it. */
type Answer = Omit<Extract<WorkerToPage, { type: 'result' }>, 'type' | 'id'>;

/** Raised when a running query is cancelled. */
class CancelledError extends Error {
  constructor() {
    super('Query cancelled.');
    this.name = 'CancelledError';
  }
}

type Runner = ReturnType<typeof createRunner>;

/** Own the worker: queue queries to it, and on cancel terminate it and start a fresh one. */
function createRunner(config: QueryPageConfig, base: string) {
  const { prefixes, baseIri } = config;
  const workerUrl = new URL(config.workerUrl, base);
  workerUrl.searchParams.set('data', chooseDataUrl(config.dataUrl, config.releaseDataUrl, base));
  const pending = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let loadError: string | undefined;

  function handle(event: MessageEvent<WorkerToPage>): void {
    const message = event.data;
    if (message.type === 'loaded') return;
    if (message.type === 'error' && message.id === -1) {
      loadError = message.message;
      for (const entry of pending.values()) entry.reject(new Error(message.message));
      pending.clear();
      return;
    }
    const entry = pending.get(message.id);
    if (!entry) return;
    pending.delete(message.id);
    if (message.type === 'error') entry.reject(new Error(message.message));
    else entry.resolve({ kind: message.kind, mediaType: message.mediaType, body: message.body, ...(message.count !== undefined ? { count: message.count } : {}), ...(message.notes ? { notes: message.notes } : {}) });
  }

  /** Take over the worker query-boot.js started (with the messages it kept), or start a new one. */
  function startWorker(early?: EarlyWorker): Worker {
    const worker = early?.worker ?? new Worker(workerUrl, { name: 'sparql' });
    if (early) {
      early.release();
      for (const event of early.messages) handle(event as MessageEvent<WorkerToPage>);
      if (early.failed()) loadError = 'The query worker could not start; reload the page to try again.';
    }
    worker.addEventListener('message', handle);
    worker.addEventListener('error', (event) => {
      for (const entry of pending.values()) entry.reject(new Error(event.message || 'The query worker failed.'));
      pending.clear();
    });
    return worker;
  }

  const globals = window as unknown as Record<string, EarlyWorker | undefined>;
  let worker = startWorker(globals[EARLY_WORKER_KEY] ?? undefined);
  // Taken (or started here): query-boot.js, should it run late, must not start a second worker.
  (globals as Record<string, EarlyWorker | null>)[EARLY_WORKER_KEY] = null;
  return {
    run(query: string, mediaType?: ResultMediaType): Promise<Answer> {
      if (loadError) return Promise.reject(new Error(loadError));
      const id = nextId++;
      return new Promise<Answer>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage(mediaType ? { type: 'query', id, query, mediaType, prefixes, baseIri } : { type: 'query', id, query, prefixes, baseIri });
      });
    },
    cancel() {
      worker.terminate();
      for (const entry of pending.values()) entry.reject(new CancelledError());
      pending.clear();
      loadError = undefined;
      worker = startWorker();
    },
    isBusy: () => pending.size > 0,
  };
}

function requireElement<T extends HTMLElement>(selector: string): T {
  const element = document.querySelector<T>(selector);
  if (!element) throw new Error(`The query page lacks ${selector}`);
  return element;
}

/**
 * Evaluate YASGUI's large module only after the worker has been started, so that the two load in parallel:
 * esbuild bundles a require() of an ES module as a lazily initialised module.
 */
function loadYasgui(): typeof YasguiClass {
  return (require('@zazuko/yasgui') as { Yasgui: typeof YasguiClass }).Yasgui;
}

function readConfig(): QueryPageConfig {
  return JSON.parse(requireElement<HTMLScriptElement>('#query-config').textContent ?? '{}') as QueryPageConfig;
}

const DOWNLOADS: Record<string, readonly { label: string; mediaType: ResultMediaType; extension: string }[]> = {
  bindings: [
    { label: 'CSV', mediaType: MEDIA_TYPES.csv, extension: 'csv' },
    { label: 'TSV', mediaType: MEDIA_TYPES.tsv, extension: 'tsv' },
    { label: 'SPARQL JSON', mediaType: MEDIA_TYPES.json, extension: 'srj' },
  ],
  boolean: [{ label: 'SPARQL JSON', mediaType: MEDIA_TYPES.json, extension: 'srj' }],
  quads: [{ label: 'Turtle', mediaType: MEDIA_TYPES.turtle, extension: 'ttl' }],
};

/** Give a name to the result viewer's form controls that have none (DataTables' page-size menu, for one). */
function labelUnnamedControls(root: HTMLElement): void {
  for (const control of root.querySelectorAll<HTMLInputElement | HTMLSelectElement>('select, input')) {
    if (control.labels?.length || control.getAttribute('aria-label') || control.getAttribute('aria-labelledby')) continue;
    const hint = control.getAttribute('placeholder') ?? (control instanceof HTMLSelectElement ? 'Results per page' : 'Results option');
    control.setAttribute('aria-label', hint);
  }
}

function countResults(answer: Answer): string {
  if (answer.kind === 'boolean') return `Answer: ${(JSON.parse(answer.body) as { boolean: boolean }).boolean ? 'yes' : 'no'}`;
  if (answer.kind === 'quads') {
    const triples = answer.count ?? 0;
    return `Turtle result (${triples} statement${triples === 1 ? '' : 's'})`;
  }
  const rows = (JSON.parse(answer.body) as { results: { bindings: unknown[] } }).results.bindings.length;
  return `${rows} result${rows === 1 ? '' : 's'}`;
}

/** Build the page: editor, run and cancel buttons, examples, permalink, results and downloads. */
function startQueryPage(config: QueryPageConfig, runner: Runner): void {
  const form = requireElement<HTMLFormElement>('#query-form');
  const textarea = requireElement<HTMLTextAreaElement>('#query-text');
  const editorHost = requireElement<HTMLDivElement>('#query-editor');
  const runButton = requireElement<HTMLButtonElement>('#query-run');
  const cancelButton = requireElement<HTMLButtonElement>('#query-cancel');
  const status = requireElement<HTMLElement>('#query-status');
  const errorBox = requireElement<HTMLElement>('#query-error');
  const downloads = requireElement<HTMLElement>('#query-downloads');
  const resultsHost = requireElement<HTMLDivElement>('#query-results');
  const permalink = document.querySelector<HTMLAnchorElement>('#query-permalink');

  const Yasgui = loadYasgui();
  const Yasqe = Yasgui.Yasqe;
  const Yasr = Yasgui.Yasr;
  const initial = new URLSearchParams(window.location.search).get('query');
  // The release the page loaded (?release=), kept in the permalinks; none when it loaded the current graph.
  const releaseParam = new URLSearchParams(window.location.search).get('release');
  const release = config.releaseDataUrl && releaseParam && /^\d{4}-\d{2}-\d{2}$/.test(releaseParam) ? releaseParam : undefined;
  textarea.hidden = true;
  // Say which graph the page queries: the release's sentence replaces the current graph's.
  const releaseNote = document.querySelector<HTMLElement>('#query-graph-release');
  if (release && releaseNote) {
    requireElement<HTMLElement>('#query-graph-release-version').textContent = release;
    releaseNote.hidden = false;
    requireElement<HTMLElement>('#query-graph-current').hidden = true;
  }
  // The prefix list comes from the site on every visit (query/prefixes.json), never from a copy kept in localStorage.
  const prefixCompleter = (Yasqe as unknown as { Autocompleters: Record<string, { persistenceId?: unknown } | undefined> }).Autocompleters.prefixes;
  if (prefixCompleter) prefixCompleter.persistenceId = null;
  const yasqe = new Yasqe(editorHost, {
    // A query from a link may use our prefixes without declaring them: declare them, so that it reads as standard SPARQL.
    value: declareUsedPrefixes(initial ?? (textarea.value || config.defaultQuery), config.prefixes),
    // Typing "skos:" adds its PREFIX line, from the site's own prefixes (never from prefix.cc).
    prefixCcApi: new URL(config.prefixesUrl, document.baseURI).href,
    persistenceId: null,
    consumeShareLink: null,
    createShareableLink: (y: { getValue(): string }) => new URL(createPermalinkSearch(y.getValue(), release), window.location.href).href,
    showQueryButton: false,
    resizeable: true,
    editorHeight: '18rem',
    screenReaderLabel: 'SPARQL query',
    extraKeys: {
      'Ctrl-Enter': () => void execute(),
      'Cmd-Enter': () => void execute(),
    },
  } as ConstructorParameters<typeof Yasqe>[1]);
  yasqe.disableCompleter('properties');
  yasqe.disableCompleter('classes');
  const yasr = new Yasr(resultsHost, {
    persistenceId: null,
    prefixes: { ...config.prefixes },
    pluginOrder: ['table', 'response'],
    defaultPlugin: 'table',
  });

  yasr.on('drawn', () => labelUnnamedControls(resultsHost));
  let lastQuery = '';
  let generation = 0;
  let finished = 0;

  function showError(message: string): void {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  function clearError(): void {
    errorBox.textContent = '';
    errorBox.hidden = true;
  }

  function setBusy(busy: boolean): void {
    cancelButton.disabled = !busy;
    runButton.setAttribute('aria-busy', String(busy));
  }

  function drawDownloads(kind: ResultKind | undefined): void {
    downloads.replaceChildren();
    const choices = kind ? DOWNLOADS[kind] : undefined;
    if (!choices) {
      downloads.hidden = true;
      return;
    }
    const label = document.createElement('span');
    label.textContent = 'Download the results: ';
    downloads.append(label);
    for (const choice of choices) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = choice.label;
      button.dataset.format = choice.extension;
      button.addEventListener('click', () => void download(choice.mediaType, choice.extension, button));
      downloads.append(button, ' ');
    }
    downloads.hidden = false;
  }

  async function download(mediaType: ResultMediaType, extension: string, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      const answer = await runner.run(lastQuery, mediaType);
      const url = URL.createObjectURL(new Blob([answer.body], { type: `${mediaType};charset=utf-8` }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `query-results.${extension}`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      showError(error instanceof Error ? error.message : String(error));
    } finally {
      button.disabled = false;
    }
  }

  async function execute(): Promise<void> {
    const query = yasqe.getValue();
    if (runner.isBusy()) runner.cancel();
    const current = ++generation;
    lastQuery = query;
    clearError();
    drawDownloads(undefined);
    status.textContent = 'Running the query…';
    setBusy(true);
    const search = createPermalinkSearch(query, release);
    if (permalink) permalink.href = search;
    if (window.location.search !== search) window.history.replaceState(null, '', search);
    const started = performance.now();
    try {
      const answer = await runner.run(query);
      if (current !== generation) return;
      const duration = Math.round(performance.now() - started);
      yasr.setResponse({ ok: true, status: 200, statusText: 'OK', headers: new Headers({ 'content-type': answer.mediaType }), type: 'basic', content: answer.body }, duration);
      drawDownloads(answer.kind);
      status.textContent = [`${countResults(answer)} in ${duration} ms.`, ...(answer.notes ?? [])].join(' ');
      resultsHost.dataset.state = 'done';
    } catch (error) {
      if (current !== generation) return;
      if (error instanceof CancelledError) {
        status.textContent = 'Query cancelled. You can edit it and run it again.';
        resultsHost.dataset.state = 'cancelled';
      } else {
        const message = error instanceof Error ? error.message : String(error);
        showError(message);
        status.textContent = 'The query failed; see the error above the results.';
        resultsHost.dataset.state = 'error';
      }
    } finally {
      if (current === generation) {
        setBusy(false);
        resultsHost.dataset.runs = String(++finished);
      }
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void execute();
  });
  cancelButton.addEventListener('click', () => runner.cancel());

  for (const link of document.querySelectorAll<HTMLAnchorElement>('#query-examples a[href^="?query="]')) {
    // On a release, an example opened in a new tab or copied asks the same release.
    if (release) link.search = createPermalinkSearch(new URLSearchParams(link.search).get('query') ?? '', release);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      const query = new URLSearchParams(link.search).get('query') ?? '';
      yasqe.setValue(query);
      yasqe.focus();
      void execute();
    });
  }

  document.body.dataset.queryPage = 'ready';
  if (initial !== null) void execute();
}

/** Start the worker first, then yield once so that the browser begins loading it before YASGUI is evaluated. */
function bootQueryPage(): void {
  const config = readConfig();
  const runner = createRunner(config, document.baseURI);
  setTimeout(() => startQueryPage(config, runner), 0);
}

bootQueryPage();

// Rebuild on change, for `npm start`: watch the folders the site is made from and run one build at a time. Changes
// that come while a build runs start exactly one more build when it ends, so the site always catches up with the
// last save and two builds never write at once.
import { watch, type FSWatcher } from 'node:fs';

/** What the rebuild loop reports: a build started, ended well, or failed (the error is the build's). */
export interface RebuildHooks {
  readonly onStart?: (changed: readonly string[]) => void;
  readonly onSuccess: () => void;
  readonly onFailure: (error: unknown) => void;
}

/**
 * Watch folders (recursively) and call build after each quiet spell of debounceMs following a change; close() stops
 * watching and resolves once the build in progress, if any, has ended.
 */
export function watchAndRebuild(dirs: readonly string[], build: () => Promise<unknown>, hooks: RebuildHooks, debounceMs = 150) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let changed = new Set<string>();
  let closed = false;

  const runBuilds = async (): Promise<void> => {
    while (changed.size > 0 && !closed) {
      const files = [...changed].sort();
      changed = new Set();
      hooks.onStart?.(files);
      try {
        await build();
        hooks.onSuccess();
      } catch (error) {
        hooks.onFailure(error);
      }
    }
    running = undefined;
  };
  const schedule = (): void => {
    timer = undefined;
    running ??= runBuilds();
  };
  const watchers: FSWatcher[] = dirs.map((dir) =>
    watch(dir, { recursive: true }, (_event, file) => {
      if (closed) return;
      changed.add(file ? `${dir}/${file}` : dir);
      // While a build runs, its loop picks the change up when the build ends.
      if (running) return;
      clearTimeout(timer);
      timer = setTimeout(schedule, debounceMs);
    }),
  );
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      await running;
    },
  };
}

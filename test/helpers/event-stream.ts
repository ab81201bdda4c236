// Read a Server-Sent Events response (the preview's live reload) event by event.
/** An event as the page's EventSource sees it: its name and its data, parsed from JSON. */
export interface StreamEvent {
  readonly event: string;
  readonly data: unknown;
}

/** Read the events of a text/event-stream response in order; next() waits for the next one (comments are skipped). */
export function readEvents(response: Response): { next(): Promise<StreamEvent> } {
  if (!response.body) throw new Error('readEvents: the response has no body');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next() {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = new Map(frame.split('\n').filter((l) => !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
          if (fields.has('event')) return { event: fields.get('event')!, data: JSON.parse(fields.get('data') ?? 'null') };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('readEvents: the stream ended');
        buffer += value;
      }
    },
  };
}

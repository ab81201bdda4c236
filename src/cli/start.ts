// npm start: build the site into _site/, serve it at http://127.0.0.1:8080 (HOST and PORT change the address), and
// rebuild when data/, ontology/, queries/ or site/ change, reloading the open pages (src/serve/preview.ts). If the first
// build fails and there is no earlier site, it exits non-zero and _site/ is left as it was.
import { createConfig } from '../config.ts';
import { startPreview } from '../serve/preview.ts';
import { readListenOptions } from '../serve/serve.ts';

startPreview(createConfig(), readListenOptions()).then(
  (preview) => {
    const stop = () => preview.close().then(() => process.exit(0), () => process.exit(1));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (error: unknown) => {
    console.error(`start: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);

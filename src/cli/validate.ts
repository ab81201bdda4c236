// `npm run validate [-- options] [folder…]`: load the ontology and the data, check them against the SHACL shapes and
// the SPARQL checks, and print a report. Exit 0 when the graph conforms, 1 on violations (or when nothing or not every
// shape was exercised), 2 when the input cannot be loaded (a Turtle syntax error names file:line:column).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createConfig } from '../config.ts';
import { loadGraph, RdfSyntaxError } from '../load/load-graph.ts';
import { createPrefixes } from '../prefixes.ts';
import { CheckError, displayTerm, formatReport, listSourceFolders, loadChecks, loadShapes, readSourceTexts, validateGraph } from '../validate/validate.ts';

const USAGE = `Usage: npm run validate -- [--shapes DIR] [--checks DIR] [--allow-unused-shapes] [FOLDER …]

Validates every .ttl file under the FOLDERs (default: ontology/ and data/) against the SHACL shapes
(default: ontology/shapes/) and the SPARQL checks (default: ontology/checks/*.rq), and every quote against its
source text (the file its caro:SourceText names, in a FOLDER's source/ folder) and each source file against its
recorded SHA-256.
  --allow-unused-shapes  do not fail when a shape with targets matched no focus node
Exit status: 0 conforms, 1 violations, 2 the input could not be loaded.`;

function parseOptions(argv: readonly string[]) {
  const config = createConfig();
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      shapes: { type: 'string' },
      checks: { type: 'string' },
      'allow-unused-shapes': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    dirs: positionals.length > 0 ? positionals.map((p) => path.resolve(p)) : [config.ontologyDir, config.dataDir],
    shapesDir: path.resolve(values.shapes ?? path.join(config.ontologyDir, 'shapes')),
    checksDir: path.resolve(values.checks ?? path.join(config.ontologyDir, 'checks')),
    allowUnusedShapes: values['allow-unused-shapes'] ?? false,
    help: values.help ?? false,
  };
}

function describeExpectedError(error: unknown, rel: (file: string) => string): string | undefined {
  if (error instanceof RdfSyntaxError) return `${rel(error.file)}:${error.line}:${error.column}: Turtle syntax error: ${error.reason}`;
  if (error instanceof CheckError) return error.message;
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code.startsWith('ERR_PARSE_ARGS')) return `${error.message}\n\n${USAGE}`;
  if (code === 'ENOENT' || code === 'ENOTDIR' || /^BASE_IRI|no shapes/.test(error.message)) return error.message;
  return undefined;
}

/** Run the validate command with the given arguments; return the exit status. */
export async function runValidateCommand(argv: readonly string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const rel = (file: string): string => path.relative(process.cwd(), file) || '.';
  try {
    const options = parseOptions(argv);
    if (options.help) {
      out(USAGE);
      return 0;
    }
    const { baseIri } = createConfig();
    const loaded = await loadGraph(options.dirs, baseIri);
    if (loaded.files.length === 0) {
      err(`No Turtle files found under ${options.dirs.map(rel).join(', ')}: nothing to validate.`);
      return 2;
    }
    const shapes = await loadShapes(options.shapesDir, baseIri);
    const checks = await loadChecks(options.checksDir, baseIri);
    out(`Loaded ${loaded.files.length} files, ${loaded.store.size} triples (base ${baseIri}).`);
    const sourceTexts = await readSourceTexts(loaded.store, listSourceFolders(options.dirs), baseIri, loaded.files);
    const report = await validateGraph(loaded.store, shapes, checks, sourceTexts, baseIri);
    out(`Checked ${report.focusNodesChecked} focus nodes against ${report.shapesChecked} shapes, ran ${report.checksRun} SPARQL checks, and checked the quotes of ${sourceTexts.sources.length} source text${sourceTexts.sources.length === 1 ? '' : 's'}.`);
    const prefixes = createPrefixes(baseIri);
    const text = formatReport(report, prefixes);
    if (text) out(text.trimEnd());
    let status = report.conforms ? 0 : 1;
    if (report.focusNodesChecked === 0) {
      err('No shape matched any focus node: nothing was validated.');
      status = 1;
    } else if (report.unusedShapes.length > 0) {
      const names = report.unusedShapes.map((s) => displayTerm(s, prefixes)).join(', ');
      if (options.allowUnusedShapes) {
        out(`Shapes that matched no focus node (allowed): ${names}`);
      } else {
        err(`Shapes that matched no focus node (a typo in a target, or data missing): ${names}`);
        status = 1;
      }
    }
    out(report.conforms ? 'Conforms: 0 violations.' : `${report.violations.length} violations.`);
    return status;
  } catch (error) {
    const message = describeExpectedError(error, rel);
    if (message === undefined) throw error;
    err(message);
    return 2;
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const status = await runValidateCommand(process.argv.slice(2), (line) => process.stdout.write(line + '\n'), (line) => process.stderr.write(line + '\n'));
  process.exitCode = status;
}

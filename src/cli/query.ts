// npm run query -- <file.rq | name | -e 'SPARQL'> [--format F] [--bind name=value]… [--timeout ms] [--max-width n]
// npm run query -- --list
// Runs one SPARQL query over the graph (ontology/ + data/) with Oxigraph (src/query/oxigraph-engine.ts: compiled,
// fast, the engine of the build and the endpoint too) and prints the result. Without --timeout the query runs in
// this process; with it, on a thread that is stopped at the limit (src/query/time-limit.ts). With --releases, the
// releases of data/releases/ are there too, as named graphs (src/release/read-releases.ts: each release's graph is
// named by its IRI, its description and change set by its change set's IRI); the default graph stays the current one.
// Exit status: 0 success; 1 the query failed while running (or timed out), or the graph could not be loaded;
// 2 the command line, the query's syntax or its header is wrong.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { GraphStore } from '../load/graph-store.ts';
import { createConfig, type Config } from '../config.ts';
import { loadGraph } from '../load/load-graph.ts';
import { addReleaseGraphs, readReleases } from '../release/read-releases.ts';
import { QueryHeaderError, QueryParameterError, QueryTimeoutError, SparqlSyntaxError, QueryRefusedError, bindQueryParameters, loadQueryFile, parseTerm, type QueryFile, type QueryParameter } from '../query/query.ts';
import { FORMATS_FOR, RESULT_FORMATS, formatResult, resultTypeOf, type ResultFormat } from '../query/result-formats.ts';
import { showErrorExcerpt } from '../query/sparql-parse.ts';
import { evaluateQuery, prepareQuery, readAnswer } from '../query/oxigraph-engine.ts';
import { getOxigraphStore } from '../query/oxigraph-store.ts';
import { startQueryRunner } from '../query/time-limit.ts';
import { createPrefixes } from '../prefixes.ts';

export const USAGE = `Usage:
  npm run query -- <file.rq | question-name> [options]   run a question (a file, or a name from queries/)
  npm run query -- -e 'SELECT …' [options]               run a query given on the command line
  npm run query -- --list                                list the questions in queries/

Options:
  -f, --format <f>     ${RESULT_FORMATS.join(' | ')} (default: table for SELECT and ASK, turtle for CONSTRUCT and DESCRIBE)
  -b, --bind name=v    bind a parameter (repeatable): an IRI (<…>, prefix:name, or a path under the base such as
                       area/alternative-care), or a literal ("…", "…"@en, "…"^^xsd:date, or plain text, which takes
                       the type of the parameter's default)
  -t, --timeout <ms>   stop the query after this many milliseconds (default: no limit)
  -w, --max-width <n>  cut table cells longer than n characters (default 80; 0 for no limit)
  -r, --releases       add the releases (data/releases/) as named graphs, for the questions of queries/releases/
  -h, --help           show this help

Exit status: 0 success, 1 the query failed while running, 2 the command line or the query is wrong.`;

export interface QueryCliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export interface QueryCliContext {
  readonly config?: Config;
  /** A graph already loaded (tests, or a caller running many queries); loaded from config when absent. */
  readonly store?: GraphStore;
}

class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

function resolveQueryPath(arg: string, config: Config): string {
  if (existsSync(arg)) return arg;
  const named = path.join(config.queriesDir, arg.endsWith('.rq') ? arg : `${arg}.rq`);
  if (existsSync(named)) return named;
  throw new UsageError(`no such query file or question: ${arg} (try npm run query -- --list)`);
}

/** Read a --bind value: a term in Turtle syntax, else by the kind of the parameter's default (IRI under the base, or typed literal). */
export function parseBindingValue(value: string, parameter: QueryParameter | undefined, baseIri: string): RDF.Term {
  try {
    return parseTerm(value, createPrefixes(baseIri));
  } catch {
    const absolute = /^[a-z][a-z0-9+.-]*:\S+$/i.test(value);
    const wantsIri = parameter ? parameter.defaultValue.termType === 'NamedNode' : absolute;
    if (wantsIri) {
      if (/[\s<>"{}|\\^`]/.test(value)) throw new UsageError(`not an IRI: "${value}"`);
      return DataFactory.namedNode(absolute ? value : new URL(value, baseIri).href);
    }
    const model = parameter?.defaultValue;
    if (model?.termType === 'Literal') return DataFactory.literal(value, model.language || DataFactory.namedNode(model.datatype.value));
    return DataFactory.literal(value);
  }
}

function readBindings(pairs: readonly string[], query: QueryFile | undefined, baseIri: string): Record<string, RDF.Term> {
  const given: Record<string, RDF.Term> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--bind takes name=value, got "${pair}"`);
    const name = pair.slice(0, eq).replace(/^[?$]/, '');
    if (!/^\w+$/.test(name)) throw new UsageError(`--bind: "${name}" is not a variable name`);
    given[name] = parseBindingValue(pair.slice(eq + 1), query?.parameters.find((p) => p.name === name), baseIri);
  }
  return query ? bindQueryParameters(query, given) : given;
}

async function listQuestions(config: Config): Promise<string> {
  const files = (await readdir(config.queriesDir)).filter((f) => f.endsWith('.rq')).sort();
  const questions = await Promise.all(files.map((f) => loadQueryFile(path.join(config.queriesDir, f))));
  return questions
    .map((q) => {
      const params = q.parameters.map((p) => `      --bind ${p.name}=…  ${p.description} (default ${p.defaultValue.value})`).join('\n');
      return `${q.name}\n    ${q.title} — for ${q.audience}${params ? `\n${params}` : ''}`;
    })
    .join('\n');
}

function showSyntaxError(error: SparqlSyntaxError, text: string): string {
  return text.split('\n')[error.line - 1] === undefined ? error.message : `${error.message}\n${showErrorExcerpt(text, error.line, error.column)}`;
}

/** Run the query command with the given arguments; write to io and return the exit status. */
export async function runQueryCommand(argv: readonly string[], io: QueryCliIo, context: QueryCliContext = {}): Promise<number> {
  let text = '';
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        e: { type: 'string', short: 'e' },
        format: { type: 'string', short: 'f' },
        bind: { type: 'string', short: 'b', multiple: true },
        timeout: { type: 'string', short: 't' },
        'max-width': { type: 'string', short: 'w' },
        list: { type: 'boolean' },
        releases: { type: 'boolean', short: 'r' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const config = context.config ?? createConfig();
    if (values.help) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    if (values.list) {
      io.stdout((await listQuestions(config)) + '\n');
      return 0;
    }
    if ((values.e === undefined) === (positionals.length === 0) || positionals.length > 1) {
      throw new UsageError('give one query: a .rq file, a question name, or -e \'SPARQL\'', true);
    }
    const format = values.format as ResultFormat | undefined;
    if (format !== undefined && !RESULT_FORMATS.includes(format)) throw new UsageError(`unknown format "${format}"; use one of: ${RESULT_FORMATS.join(', ')}`);
    const timeoutMs = values.timeout === undefined ? 0 : Number(values.timeout);
    const maxCellWidth = values['max-width'] === undefined ? 80 : Number(values['max-width']);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 0) throw new UsageError(`--timeout takes a number of milliseconds, got "${values.timeout}"`);
    if (!Number.isInteger(maxCellWidth) || maxCellWidth < 0) throw new UsageError(`--max-width takes a number, got "${values['max-width']}"`);

    const query = values.e === undefined ? await loadQueryFile(resolveQueryPath(positionals[0]!, config)) : undefined;
    const file = query?.file ?? '<command line>';
    text = query?.text ?? values.e ?? '';
    const prepared = prepareQuery(text, { baseIri: config.baseIri, bindings: readBindings(values.bind ?? [], query, config.baseIri), file });
    const form = prepared.form;
    const chosen = format ?? (resultTypeOf(form) === 'quads' ? 'turtle' : 'table');
    if (!FORMATS_FOR[resultTypeOf(form)].includes(chosen)) {
      throw new UsageError(`format "${chosen}" does not fit a ${form.toUpperCase()} query; use one of: ${FORMATS_FOR[resultTypeOf(form)].join(', ')}`);
    }
    const store = context.store ?? (await loadGraph([config.ontologyDir, config.dataDir], config.baseIri)).store;
    if (values.releases && !context.store) await addReleaseGraphs(store, await readReleases(config.dataDir, config.baseIri), config.baseIri);
    const runner = timeoutMs > 0 ? startQueryRunner(store, { timeoutMs }) : undefined;
    const result = runner ? await runner.run(prepared, file).finally(() => runner.close()) : await readAnswer(form, evaluateQuery(getOxigraphStore(store), prepared, file));
    io.stdout(await formatResult(result, chosen, { prefixes: createPrefixes(config.baseIri), maxCellWidth }));
    return 0;
  } catch (error) {
    if (error instanceof SparqlSyntaxError) {
      io.stderr(showSyntaxError(error, text) + '\n');
      return 2;
    }
    if (error instanceof UsageError) {
      io.stderr(error.showUsage ? `query: ${error.message}\n\n${USAGE}\n` : `query: ${error.message} (see npm run query -- --help)\n`);
      return 2;
    }
    if (error instanceof QueryRefusedError || error instanceof QueryHeaderError || error instanceof QueryParameterError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`query: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof QueryTimeoutError) {
      io.stderr(`query: ${error.message}\n`);
      return 1;
    }
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void runQueryCommand(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then((status) => {
    process.exitCode = status;
  });
}

// Pure helpers on SPARQL text used by the query page (and tested in Node).

const PREFIX_DECLARATION = /(?:^|[\s}])PREFIX\s+([A-Za-z][\w.-]*)?\s*:/gi;

/** The prefix names a query declares with PREFIX (the empty prefix as ''). */
export function listDeclaredPrefixes(query: string): Set<string> {
  const names = new Set<string>();
  for (const match of stripCommentsAndStrings(query).matchAll(PREFIX_DECLARATION)) names.add(match[1] ?? '');
  return names;
}

/** Blank out comments, strings and IRIs so that keyword searches do not match inside them; keeps offsets. */
export function stripCommentsAndStrings(query: string): string {
  return query.replace(/"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|#[^\n]*/g, (m) =>
    m.startsWith('<') ? m : m.replace(/[^\n]/g, ' '),
  );
}

/** The permalink of a query, relative to the query page itself; with a release (YYYY-MM-DD), on that release's graph. */
export function createPermalinkSearch(query: string, release?: string): string {
  return `?${release ? `release=${encodeURIComponent(release)}&` : ''}query=${encodeURIComponent(query)}`;
}

/** The prefix names a query uses in prefixed names (the empty prefix as ''), outside comments, strings and IRIs. */
export function listUsedPrefixes(query: string): Set<string> {
  const text = stripCommentsAndStrings(query).replace(/<[^<>"{}|^`\\\s]*>/g, (m) => ' '.repeat(m.length));
  const names = new Set<string>();
  for (const match of text.matchAll(/(?:^|[^\w.:?$\-])((?:[A-Za-z][\w-]*(?:\.[\w-]+)*)?):/g)) names.add(match[1] ?? '');
  return names;
}

/** Add PREFIX lines, at the top, for the known prefixes a query uses without declaring, so that it runs anywhere. */
export function declareUsedPrefixes(query: string, prefixes: Readonly<Record<string, string>>): string {
  const declared = listDeclaredPrefixes(query);
  const used = listUsedPrefixes(query);
  const lines = Object.entries(prefixes)
    .filter(([name]) => used.has(name) && !declared.has(name))
    .map(([name, ns]) => `PREFIX ${name}: <${ns}>\n`);
  return lines.join('') + query;
}

/**
 * Bind variables to fixed values in the query text itself, by a VALUES block at the start of every WHERE group —
 * the outer one and those of sub-queries, whose variables are their own — as initial bindings would (the text form,
 * for permalinks). Values are terms already written in SPARQL syntax. Throws when the query has no WHERE group.
 */
export function bindQueryText(query: string, bindings: Readonly<Record<string, string>>): string {
  const names = Object.keys(bindings).sort();
  if (names.length === 0) return query;
  const groups = [...stripCommentsAndStrings(query).matchAll(/\bWHERE\s*\{/gi)];
  if (groups.length === 0) throw new Error('Cannot bind values: the query has no WHERE { … } group');
  const block =
    names.length === 1
      ? ` VALUES ?${names[0]} { ${bindings[names[0]!]} }`
      : ` VALUES (${names.map((n) => `?${n}`).join(' ')}) { (${names.map((n) => bindings[n]).join(' ')}) }`;
  let out = query;
  for (const match of groups.reverse()) {
    const at = match.index + match[0].length;
    out = out.slice(0, at) + block + out.slice(at);
  }
  return out;
}

/** Remove the header comment (the leading comment lines) of a query file, keeping the query itself. */
export function stripQueryHeader(text: string): string {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && (lines[i] ?? '').startsWith('#')) i++;
  while (i < lines.length && (lines[i] ?? '').trim() === '') i++;
  return lines.slice(i).join('\n');
}

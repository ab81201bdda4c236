// The diagrams' tables: the same information as the strategy map and the crosswalk matrix of src/render/diagrams.ts,
// as HTML tables for readers who cannot see the drawings. Element trees (Markup), written escaped by the templates.
import { MATRIX, el, groupBy, joinWith, nodeText, wrapText, type DiagramColumn, type DiagramNode, type LayeredDiagram, type Markup, type MatrixDiagram } from './diagrams.ts';

/** A node as a link with its code and label, and the editorial mark after it when the code is this project's own. */
function nodeLink(node: DiagramNode): (Markup | string)[] {
  const link = el('a', { href: node.href }, [nodeText(node)]);
  if (!node.editorialNotation) return [link];
  return [link, ' ', el('span', { class: 'editorial-mark', title: 'This notation is editorial: given by this project, not used by the source.' }, ['editorial'])];
}

/** Node links separated by `separator` (text or a line break), or a dash when there are none. */
function nodeLinks(nodes: readonly DiagramNode[], separator: () => Markup | string): (Markup | string)[] {
  return nodes.length ? joinWith(nodes.map(nodeLink), separator).flat() : ['—'];
}

/**
 * The same information as a layered diagram, as an HTML table: one row per path through the second-to-last
 * column (for the strategy map: one row per area of concern, with its priorities before it and its articles after it).
 */
export function renderLayeredTable(diagram: LayeredDiagram): Markup {
  const columns = diagram.columns;
  if (columns.length < 2) throw new Error(`Diagram ${diagram.id}: a layered diagram needs at least two columns`);
  const pivot = columns[columns.length - 2]!;
  const last = columns[columns.length - 1]!;
  const before = columns.length >= 3 ? columns[columns.length - 3] : undefined;
  const nodes = new Map(columns.flatMap((c) => c.nodes).map((n) => [n.iri, n]));
  // Edges indexed once by their ends, so that the table is linear in the number of edges.
  const outgoing = groupBy(diagram.edges, (e) => e.from);
  const incoming = groupBy(diagram.edges, (e) => e.to);
  const members = new Map(columns.map((c) => [c, new Set(c.nodes.map((n) => n.iri))]));
  const targets = (iri: string, column: DiagramColumn): DiagramNode[] =>
    (outgoing.get(iri) ?? []).filter((e) => members.get(column)!.has(e.to)).map((e) => nodes.get(e.to)!);
  const sources = (iri: string, column: DiagramColumn): DiagramNode[] =>
    (incoming.get(iri) ?? []).filter((e) => members.get(column)!.has(e.from)).map((e) => nodes.get(e.from)!);
  const order = (list: DiagramNode[], column: DiagramColumn): DiagramNode[] => {
    const rank = new Map(column.nodes.map((n, i) => [n.iri, i]));
    return [...new Set(list)].sort((a, b) => rank.get(a.iri)! - rank.get(b.iri)!);
  };
  const head = [before?.title, pivot.title, last.title].filter((t): t is string => t !== undefined);
  const br = (): Markup => el('br');
  const rows = pivot.nodes.map((node) => {
    const cells: Markup[] = [];
    if (before) cells.push(el('td', {}, nodeLinks(order(sources(node.iri, before), before), br)));
    cells.push(el('th', { scope: 'row' }, nodeLink(node)));
    cells.push(el('td', {}, nodeLinks(order(targets(node.iri, last), last), br)));
    return el('tr', {}, cells);
  });
  const upstream = columns.slice(0, Math.max(0, columns.length - 3));
  const chain = upstream.length
    ? [el('p', {}, [...joinWith(upstream.map((c) => joinWith(c.nodes.map((n) => [`${c.title}: `, ...nodeLink(n)]), () => ['; ']).flat()), () => [' → ']).flat(), ` → ${before?.title ?? pivot.title}.`])]
    : [];
  // Boxes of the column before the pivot that lead to none of its boxes (a priority with no area of its own) get no
  // row; they are named after the table, so that the table still holds every box of the drawing.
  const unlinked = before ? before.nodes.filter((n) => targets(n.iri, pivot).length === 0) : [];
  const rest = before && unlinked.length
    ? [el('p', {}, [`${before.title} with none of the ${pivot.title.toLowerCase()} of their own: `, ...nodeLinks(unlinked, () => ', '), '.'])]
    : [];
  const table = el('table', { class: 'diagram-table' }, [
    el('caption', {}, [`${diagram.title} (as a table)`]),
    el('thead', {}, [el('tr', {}, head.map((h) => el('th', { scope: 'col' }, [h])))]),
    el('tbody', {}, rows),
  ]);
  return el('div', { class: 'diagram-alternative', id: `${diagram.id}-table` }, [...chain, table, ...rest]);
}

/** The same information as a matrix diagram, as an HTML table: one row per matrix row, one cell per column group listing its links. */
export function renderMatrixTable(matrix: MatrixDiagram): Markup {
  const columnGroups = [...new Set(matrix.columns.map((c) => c.group))];
  const columns = new Map(matrix.columns.map((c) => [c.iri, c]));
  const rank = new Map(matrix.columns.map((c, i) => [c.iri, i]));
  const cellsByRow = groupBy(matrix.cells, (cell) => cell.row);
  const rows = matrix.rows.map((row) => {
    const cells = columnGroups.map((group) => {
      const links = (cellsByRow.get(row.iri) ?? [])
        .filter((cell) => columns.get(cell.column)?.group === group)
        .sort((a, b) => rank.get(a.column)! - rank.get(b.column)!)
        .map((cell) => {
          const column = columns.get(cell.column)!;
          const text = wrapText(nodeText(column), MATRIX.tableChars, 1)[0] ?? '';
          return el('li', {}, [el('a', { href: cell.href }, [text])]);
        });
      return el('td', {}, links.length ? [el('ul', {}, links)] : ['—']);
    });
    return el('tr', {}, [el('td', {}, [row.group]), el('th', { scope: 'row' }, nodeLink(row)), ...cells]);
  });
  const head = ['Kind', 'Priority or area', ...columnGroups].map((h) => el('th', { scope: 'col' }, [h]));
  const table = el('table', { class: 'diagram-table' }, [
    el('caption', {}, [`${matrix.title} (as a table; each link opens the rationale)`]),
    el('thead', {}, [el('tr', {}, head)]),
    el('tbody', {}, rows),
  ]);
  return el('div', { class: 'diagram-alternative', id: `${matrix.id}-table` }, [table]);
}

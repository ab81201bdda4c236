// Diagrams drawn at build time as SVG, from plain data: the strategy map (a layered graph, left to right) and the
// crosswalk matrix (rows × columns, each filled cell a link to its rationale). Pure functions: same data, same bytes.
// Each diagram comes with an HTML table that holds the same information, for readers who cannot see the drawing
// (src/render/diagram-tables.ts).
// Both are trees of plain elements (Markup), not text: the templates write them (the `element` macro of
// site/_includes/macros.njk), escaping every attribute and every text as they do for any other value.

/** An element of a diagram or its table: a name, attributes in order, and children (elements or plain text). */
export interface Markup {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly (Markup | string)[];
}

/** Make an element of a diagram or its table; attributes whose value is undefined are left out. */
export function el(name: string, attrs: Readonly<Record<string, string | number | undefined>> = {}, children: readonly (Markup | string)[] = []): Markup {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined) kept[key] = typeof value === 'number' ? num(value) : value;
  return { name, attrs: kept, children };
}

/** The items with a separator made between each two. */
export function joinWith<T, S>(items: readonly T[], separator: () => S): (T | S)[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [separator(), item]));
}

/** One box of a diagram: a resource with its label and a link (relative to the diagram's page) to its page. */
export interface DiagramNode {
  readonly iri: string;
  readonly label: string;
  readonly href: string;
  /** A short code shown before the label, such as P1 or 19. */
  readonly notation?: string;
  /** The code is this project's own, not the source's: the tables mark it "editorial" (the drawing's caption says so). */
  readonly editorialNotation?: boolean;
  /** A longer text shown as the box's tooltip. */
  readonly detail?: string;
}

export interface DiagramColumn {
  readonly title: string;
  readonly nodes: readonly DiagramNode[];
  /** Show each box's detail (e.g. the quoted statement) in the box itself, not only as its tooltip. */
  readonly showDetail?: boolean;
}

/** A layered graph: columns left to right, edges only from one column to the next. */
export interface LayeredDiagram {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly columns: readonly DiagramColumn[];
  readonly edges: readonly { readonly from: string; readonly to: string }[];
}

export interface MatrixRow extends DiagramNode {
  /** The row group, such as "Strategic priorities" or "Areas of concern". */
  readonly group: string;
}

export interface MatrixColumn extends DiagramNode {
  /** The column group, such as "UNCRC articles" or "SDG targets". */
  readonly group: string;
  /** The text of the column heading (kept short: the columns are narrow). */
  readonly short: string;
  /** Draw the column heading in bold (used for the UNCRC general principles). */
  readonly emphasis?: boolean;
}

/** A matrix of links: each cell that holds one links to the resource that explains it. */
export interface MatrixDiagram {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly rows: readonly MatrixRow[];
  readonly columns: readonly MatrixColumn[];
  readonly cells: readonly { readonly row: string; readonly column: string; readonly href: string; readonly label: string }[];
  /** What an emphasised column heading means, for the legend. */
  readonly emphasisLegend?: string;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
const COLORS = { box: '#e8f0f8', boxStroke: '#1f4e79', text: '#1a1a1a', edge: '#6b7f99', heading: '#1f4e79', cell: '#1f4e79', empty: '#f4f6f8', grid: '#c9d3de' };

/**
 * The accessible name of a link whose visible text is `lines`: the full name when the lines show it whole (or show
 * the detail that the full name ends with), else the visible text itself, so that the name always contains what is
 * seen (WCAG 2.5.3); the full name then goes into the link's title.
 */
function accessibleName(lines: readonly string[], fullName: string): string {
  const visible = lines.join(' ');
  return visible.endsWith('…') ? visible : fullName;
}

/** Format a number for SVG output: at most one decimal, no trailing zeros. */
function num(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** Break a label into lines of at most `width` characters (words longer than that are cut); at most `maxLines`, the last ending in "…". */
export function wrapText(text: string, width: number, maxLines = Infinity): string[] {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const pieces = word.length > width ? (word.match(new RegExp(`.{1,${width}}`, 'gu')) ?? [word]) : [word];
    for (const piece of pieces) {
      if (current === '') current = piece;
      else if (current.length + 1 + piece.length <= width) current += ' ' + piece;
      else {
        lines.push(current);
        current = piece;
      }
    }
  }
  if (current !== '') lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1] ?? '';
  kept[maxLines - 1] = (last.length >= width ? last.slice(0, width - 1) : last) + '…';
  return kept;
}

/** A node's code and label, as the drawing and the table write it. */
export function nodeText(node: DiagramNode): string {
  return node.notation ? `${node.notation} ${node.label}` : node.label;
}

function drawTextLines(lines: readonly string[], x: number, y: number, lineHeight: number, attrs: Readonly<Record<string, string | undefined>>): Markup {
  // A space ends every line but the last, so that the text reads as one phrase to assistive technology.
  return el('text', attrs, lines.map((line, i) => el('tspan', { x, y: y + i * lineHeight }, [i < lines.length - 1 ? `${line} ` : line])));
}

const LAYER = { width: 176, gap: 64, lineHeight: 15, padding: 7, spacing: 8, top: 44, chars: 25, maxLines: 5, detailLines: 18, margin: 8 };

/** Place the boxes of a layered diagram: each column stacked from the top, so that the start of every column shows first. */
export function layoutLayeredDiagram(diagram: LayeredDiagram) {
  const columns = diagram.columns.map((column) =>
    column.nodes.map((node) => {
      const text = column.showDetail && node.detail ? node.detail : nodeText(node);
      const lines = wrapText(text, LAYER.chars, column.showDetail ? LAYER.detailLines : LAYER.maxLines);
      return { node, lines, height: lines.length * LAYER.lineHeight + 2 * LAYER.padding };
    }),
  );
  const columnHeight = (boxes: readonly { height: number }[]): number =>
    boxes.reduce((sum, box) => sum + box.height, 0) + Math.max(0, boxes.length - 1) * LAYER.spacing;
  const tallest = Math.max(0, ...columns.map(columnHeight));
  const placed: { node: DiagramNode; x: number; y: number; width: number; height: number; lines: string[] }[] = [];
  columns.forEach((boxes, c) => {
    const x = LAYER.margin + c * (LAYER.width + LAYER.gap);
    let y = LAYER.top;
    for (const box of boxes) {
      placed.push({ node: box.node, x, y, width: LAYER.width, height: box.height, lines: box.lines });
      y += box.height + LAYER.spacing;
    }
  });
  const width = 2 * LAYER.margin + diagram.columns.length * LAYER.width + Math.max(0, diagram.columns.length - 1) * LAYER.gap;
  return { placed, width, height: LAYER.top + tallest + LAYER.margin };
}

function drawSvg(id: string, title: string, description: string, width: number, height: number, children: readonly Markup[]): Markup {
  const attrs = { xmlns: 'http://www.w3.org/2000/svg', class: 'diagram', id, viewBox: `0 0 ${num(width)} ${num(height)}`, width, height, 'aria-labelledby': `${id}-title ${id}-desc`, 'font-family': FONT };
  return el('svg', attrs, [
    el('title', { id: `${id}-title` }, [title]),
    el('desc', { id: `${id}-desc` }, [description]),
    el('style', {}, ['.diagram a:focus rect,.diagram a:hover rect{stroke-width:3px}.diagram a:focus{outline:2px solid #b35900}']),
    ...children,
  ]);
}

/** Draw a layered diagram (the strategy map) as SVG: boxes that link to their pages, and curved edges. */
export function drawLayeredDiagram(diagram: LayeredDiagram): Markup {
  const { placed, width, height } = layoutLayeredDiagram(diagram);
  const byIri = new Map(placed.map((p) => [p.node.iri, p]));
  const parts: Markup[] = [];
  diagram.columns.forEach((column, c) => {
    const x = LAYER.margin + c * (LAYER.width + LAYER.gap) + LAYER.width / 2;
    parts.push(drawTextLines([column.title], x, 22, LAYER.lineHeight, { 'text-anchor': 'middle', 'font-size': '14', 'font-weight': '700', fill: COLORS.heading }));
  });
  const edges = [...diagram.edges].sort((a, b) => (a.from + ' ' + a.to < b.from + ' ' + b.to ? -1 : a.from + ' ' + a.to > b.from + ' ' + b.to ? 1 : 0));
  const paths: Markup[] = [];
  for (const edge of edges) {
    const from = byIri.get(edge.from);
    const to = byIri.get(edge.to);
    if (!from || !to) throw new Error(`Diagram ${diagram.id}: an edge joins an unknown box (${!from ? edge.from : edge.to})`);
    const x1 = from.x + from.width;
    const y1 = from.y + from.height / 2;
    const x2 = to.x;
    const y2 = to.y + to.height / 2;
    const bend = (x2 - x1) / 2;
    paths.push(el('path', { d: `M${num(x1)} ${num(y1)}C${num(x1 + bend)} ${num(y1)} ${num(x2 - bend)} ${num(y2)} ${num(x2)} ${num(y2)}` }));
  }
  parts.push(el('g', { fill: 'none', stroke: COLORS.edge, 'stroke-width': '1.2', 'stroke-opacity': '0.7', 'aria-hidden': 'true' }, paths));
  const showsDetail = new Set(diagram.columns.filter((c) => c.showDetail).flatMap((c) => c.nodes.map((n) => n.iri)));
  for (const box of placed) {
    const name = nodeText(box.node);
    const full = box.node.detail ? `${name}: ${box.node.detail}` : name;
    const label = accessibleName(box.lines, showsDetail.has(box.node.iri) ? full : name);
    parts.push(
      el('a', { href: box.node.href, 'aria-label': label }, [
        el('title', {}, [full]),
        el('rect', { x: box.x, y: box.y, width: box.width, height: box.height, rx: '5', fill: COLORS.box, stroke: COLORS.boxStroke }),
        drawTextLines(box.lines, box.x + LAYER.padding, box.y + LAYER.padding + 11, LAYER.lineHeight, { 'font-size': '12', fill: COLORS.text }),
      ]),
    );
  }
  return drawSvg(diagram.id, diagram.title, diagram.description, width, height, parts);
}

/** The crosswalk matrix's measures (its table wraps labels at tableChars). */
export const MATRIX = { cell: 22, rowHeader: 250, chars: 36, headerHeight: 52, groupHeight: 22, margin: 8, legend: 40, charWidth: 7.2, groupGap: 10, tableChars: 60 };

/** Draw a matrix diagram (the crosswalk) as SVG: filled cells link to the resource that explains them. */
export function drawMatrixDiagram(matrix: MatrixDiagram): Markup {
  const top = MATRIX.margin + MATRIX.groupHeight + MATRIX.headerHeight;
  const left = MATRIX.margin + MATRIX.rowHeader;
  // Rows and columns by group, in the order the groups first appear.
  const rowsByGroup = groupBy(matrix.rows, (r) => r.group);
  const columnsByGroup = groupBy(matrix.columns, (c) => c.group);
  const rowY = new Map<string, number>();
  let y = top;
  const rowParts: Markup[] = [];
  const groupHeading = { 'font-size': '12', 'font-weight': '700', fill: COLORS.heading };
  for (const [group, rows] of rowsByGroup) {
    rowParts.push(drawTextLines([group], MATRIX.margin, y + 16, 14, groupHeading));
    y += MATRIX.groupHeight;
    for (const row of rows) {
      rowY.set(row.iri, y);
      const name = nodeText(row);
      const line = wrapText(name, MATRIX.chars, 1);
      rowParts.push(
        el('a', { href: row.href, 'aria-label': accessibleName(line, name) }, [
          el('title', {}, [name]),
          drawTextLines(line, left - 6, y + MATRIX.cell / 2 + 4, 14, { 'font-size': '12', 'text-anchor': 'end', fill: COLORS.text }),
        ]),
      );
      y += MATRIX.cell;
    }
  }
  const height = y + MATRIX.margin + MATRIX.legend;
  const columnX = new Map<string, number>();
  let x = left;
  const headParts: Markup[] = [];
  for (const [group, members] of columnsByGroup) {
    const start = x;
    for (const column of members) {
      columnX.set(column.iri, x);
      const cx = x + MATRIX.cell / 2 + 4;
      const cy = top - 6;
      const text = { transform: `rotate(-60 ${num(cx)} ${num(cy)})`, x: cx, y: cy, 'font-size': '12', 'font-weight': column.emphasis ? '700' : undefined, fill: COLORS.text };
      headParts.push(el('a', { href: column.href, 'aria-label': nodeText(column) }, [el('title', {}, [nodeText(column)]), el('text', text, [column.short])]));
      x += MATRIX.cell;
    }
    const lineY = MATRIX.margin + MATRIX.groupHeight - 4;
    headParts.push(el('line', { x1: start, y1: lineY, x2: x - 4, y2: lineY, stroke: COLORS.heading, 'stroke-width': '2', 'aria-hidden': 'true' }));
    headParts.push(drawTextLines([group], start, MATRIX.margin + 12, 14, groupHeading));
    // Leave room for the group's heading when the group is narrower than its name.
    x = Math.max(x, start + group.length * MATRIX.charWidth) + MATRIX.groupGap;
  }
  const width = Math.max(x + MATRIX.margin, left + 320);
  const parts: Markup[] = [...headParts, ...rowParts];
  // The empty grid: one rectangle per block of a row group and a column group, filled with a pattern of one empty
  // cell, so that the markup grows with the rows plus the columns, not with their product.
  const grid: Markup[] = [];
  [...rowsByGroup.values()].forEach((rowsOf, i) => {
    const y0 = rowY.get(rowsOf[0]!.iri)!;
    [...columnsByGroup.values()].forEach((columnsOf, j) => {
      const x0 = columnX.get(columnsOf[0]!.iri)!;
      const id = `${matrix.id}-grid-${i}-${j}`;
      const empty = el('rect', { x: 2, y: 2, width: MATRIX.cell - 4, height: MATRIX.cell - 4, fill: COLORS.empty, stroke: COLORS.grid, 'stroke-width': '0.5' });
      grid.push(
        el('defs', {}, [el('pattern', { id, x: x0, y: y0, width: MATRIX.cell, height: MATRIX.cell, patternUnits: 'userSpaceOnUse' }, [empty])]),
        el('rect', { x: x0, y: y0, width: columnsOf.length * MATRIX.cell, height: rowsOf.length * MATRIX.cell, fill: `url(#${id})` }),
      );
    });
  });
  parts.push(el('g', { 'aria-hidden': 'true' }, grid));
  const cells = [...matrix.cells].sort((a, b) => (a.row + ' ' + a.column < b.row + ' ' + b.column ? -1 : 1));
  for (const cell of cells) {
    const cx = columnX.get(cell.column);
    const cy = rowY.get(cell.row);
    if (cx === undefined || cy === undefined) throw new Error(`Diagram ${matrix.id}: a cell lies outside the matrix (${cell.row} × ${cell.column})`);
    const square = el('rect', { x: cx + 3, y: cy + 3, width: MATRIX.cell - 6, height: MATRIX.cell - 6, rx: '3', fill: COLORS.cell, stroke: COLORS.cell });
    parts.push(el('a', { href: cell.href, 'aria-label': cell.label }, [el('title', {}, [cell.label]), square]));
  }
  const legendY = height - MATRIX.legend + 16;
  parts.push(
    el('rect', { x: MATRIX.margin, y: legendY - 11, width: '14', height: '14', rx: '3', fill: COLORS.cell, 'aria-hidden': 'true' }),
    drawTextLines([`linked: select a square to read why${matrix.emphasisLegend ? `; bold headings: ${matrix.emphasisLegend}` : ''}`], MATRIX.margin + 20, legendY, 14, { 'font-size': '12', fill: COLORS.text }),
  );
  return drawSvg(matrix.id, matrix.title, matrix.description, width, height, parts);
}

/** Group items by a key, keeping the order in which keys first appear and the items' order within each group. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

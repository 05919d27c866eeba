/**
 * A DOM for the diagram tests: mermaid's parser sanitizes labels with DOMPurify, which needs a
 * `window` when it is first imported, and the SVG tests parse documents with `DOMParser`. jsdom
 * supplies both. Import mermaid only through {@link loadMermaid}, after the globals are in place.
 */
import { createRequire } from 'node:module';
import type { Mermaid } from 'mermaid';

interface JsdomWindow {
  readonly document: Document;
  readonly DOMParser: typeof DOMParser;
}
interface JsdomModule {
  readonly JSDOM: new (html: string, options?: { pretendToBeVisual?: boolean }) => { readonly window: JsdomWindow };
}

let windowPromise: Promise<JsdomWindow> | undefined;
let mermaidPromise: Promise<Mermaid> | undefined;

/** Creates one jsdom window and installs `window`, `document` and `DOMParser` as globals. */
export function installDom(): Promise<JsdomWindow> {
  windowPromise ??= (async () => {
    // jsdom ships no type declarations; a computed specifier keeps the compiler from asking.
    const specifier = 'jsdom';
    const { JSDOM } = (await import(specifier)) as JsdomModule;
    const { window } = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
    const g = globalThis as Record<string, unknown>;
    if (g['window'] === undefined) g['window'] = window;
    if (g['document'] === undefined) g['document'] = window.document;
    if (g['DOMParser'] === undefined) g['DOMParser'] = window.DOMParser;
    return window;
  })();
  return windowPromise;
}

/** The mermaid API, imported once the DOM globals exist. */
export function loadMermaid(): Promise<Mermaid> {
  mermaidPromise ??= (async () => {
    await installDom();
    const mod = await import('mermaid');
    return mod.default;
  })();
  return mermaidPromise;
}

/** A vertex of a parsed flowchart. */
export interface ParsedVertex {
  readonly id: string;
  /** The label as the reader sees it: entities decoded, `<br/>` as `\n`. */
  readonly text: string;
  readonly classes: readonly string[];
  readonly type: string | undefined;
}

/** An edge of a parsed flowchart. */
export interface ParsedEdge {
  readonly start: string;
  readonly end: string;
  /** The label as the reader sees it. */
  readonly text: string;
  readonly stroke: string | undefined;
}

/** What the reader of a rendered flowchart would see, after mermaid's own parsing and decoding. */
export interface ParsedFlowchart {
  readonly diagramType: string;
  readonly vertices: ReadonlyMap<string, ParsedVertex>;
  readonly edges: readonly ParsedEdge[];
}

interface FlowDbLike {
  getVertices(): Map<string, { id: string; text?: string; classes?: string[]; type?: string }>;
  getEdges(): { start: string; end: string; text?: string; stroke?: string }[];
}

/**
 * Mermaid's text as displayed: the parser keeps `#name;` entities as private markers, which the
 * renderer turns into HTML entities; the browser then decodes those.
 */
function displayed(text: string, window: JsdomWindow): string {
  const html = text.replace(/\uFB02\u00B0\u00B0/g, '&#').replace(/\uFB02\u00B0/g, '&').replace(/\u00B6\u00DF/g, ';');
  const el = window.document.createElement('textarea');
  el.innerHTML = html.replace(/<br\s*\/?>/gi, '\n');
  return el.value;
}

/**
 * Parses a flowchart with mermaid (throwing on a syntax error, as `mermaid.parse` does) and returns
 * its vertices and edges as a reader would see them.
 */
export async function parseFlowchart(text: string): Promise<ParsedFlowchart> {
  const mermaid = await loadMermaid();
  const window = await installDom();
  // Without `suppressErrors`, parse throws on a syntax error instead of returning false.
  const result = await mermaid.parse(text);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db as unknown as FlowDbLike;
  const vertices = new Map<string, ParsedVertex>();
  for (const [id, v] of db.getVertices()) {
    vertices.set(id, { id, text: displayed(v.text ?? '', window), classes: v.classes ?? [], type: v.type });
  }
  const edges = db.getEdges().map((e) => ({
    start: e.start,
    end: e.end,
    text: displayed(e.text ?? '', window),
    stroke: e.stroke,
  }));
  return { diagramType: result.diagramType, vertices, edges };
}

/** Parses an SVG document with jsdom's `DOMParser` as `image/svg+xml`. */
export async function parseSvg(text: string): Promise<Document> {
  const window = await installDom();
  return new window.DOMParser().parseFromString(text, 'image/svg+xml');
}

/** A tile box found by {@link scanSvg}. */
export interface ScannedBox {
  readonly id: string;
  readonly type: string;
  readonly className: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** Text of the tile's `<title>`. */
  readonly title: string;
}

interface SaxesTag {
  readonly name: string;
  readonly attributes: Record<string, string | { value: string }>;
}
interface SaxesParserLike {
  on(event: 'opentag' | 'closetag', handler: (tag: SaxesTag) => void): void;
  on(event: 'text', handler: (text: string) => void): void;
  on(event: 'error', handler: (error: Error) => void): void;
  write(chunk: string): SaxesParserLike;
  close(): SaxesParserLike;
}

/**
 * Checks an SVG with saxes, the XML parser jsdom itself uses (resolved the way jsdom resolves it),
 * and collects the tile boxes. Building a jsdom document for a drawing of thousands of tiles takes
 * far longer than parsing it, so large drawings are checked this way.
 */
export function scanSvg(text: string): { readonly error: Error | undefined; readonly root: string | undefined; readonly viewBox: string | undefined; readonly boxes: ScannedBox[] } {
  const fromJsdom = createRequire(createRequire(import.meta.url).resolve('jsdom'));
  const { SaxesParser } = fromJsdom('saxes') as { SaxesParser: new (options: { xmlns: boolean }) => SaxesParserLike };
  const parser = new SaxesParser({ xmlns: true });
  const attr = (tag: SaxesTag, name: string): string => {
    const a = tag.attributes[name];
    return typeof a === 'string' ? a : (a?.value ?? '');
  };
  let error: Error | undefined;
  let root: string | undefined;
  let viewBox: string | undefined;
  const boxes: ScannedBox[] = [];
  let current: { id: string; type: string; className: string; title: string; inTitle: boolean; rect?: SaxesTag } | undefined;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.on('opentag', (tag) => {
    if (root === undefined) {
      root = `${attr(tag, 'xmlns')} ${tag.name}`;
      viewBox = attr(tag, 'viewBox');
    }
    const cls = attr(tag, 'class');
    if (tag.name === 'g' && cls.split(' ').includes('tile')) {
      current = { id: attr(tag, 'data-activity-id'), type: attr(tag, 'data-type'), className: cls, title: '', inTitle: false };
    } else if (current !== undefined && tag.name === 'title') {
      current.inTitle = true;
    } else if (current !== undefined && tag.name === 'rect' && current.rect === undefined) {
      current.rect = tag;
    }
  });
  parser.on('text', (t) => {
    if (current?.inTitle === true) current.title += t;
  });
  parser.on('closetag', (tag) => {
    if (current === undefined) return;
    if (tag.name === 'title') current.inTitle = false;
    if (tag.name === 'g') {
      const r = current.rect;
      boxes.push({
        id: current.id,
        type: current.type,
        className: current.className,
        title: current.title,
        x: r === undefined ? NaN : Number(attr(r, 'x')),
        y: r === undefined ? NaN : Number(attr(r, 'y')),
        w: r === undefined ? NaN : Number(attr(r, 'width')),
        h: r === undefined ? NaN : Number(attr(r, 'height')),
      });
      current = undefined;
    }
  });
  parser.write(text).close();
  return { error, root, viewBox, boxes };
}

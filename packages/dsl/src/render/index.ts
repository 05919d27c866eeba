/**
 * Diagrams of journeys: Mermaid flowcharts for Markdown and pull requests, and standalone SVG.
 *
 * @module
 */
export { tileLabel } from './labels.js';
export { renderMermaid, type MermaidRenderOptions } from './mermaid.js';
export { renderSvg, type SvgRenderOptions } from './svg.js';

/**
 * A tiny XML writer (pure): elements as values, rendered with every text and attribute escaped and characters
 * XML 1.0 forbids removed, so catalog text typed by anyone cannot break the document.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string | number | undefined>;
  children: XmlElement[] | string;
}

type Child = XmlElement | null | undefined | false;

// Control characters other than tab, LF and CR, lone surrogates, U+FFFE and U+FFFF are not allowed in XML 1.0.
const FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for an element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text
    .replace(FORBIDDEN, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** An element with child elements (falsy children are skipped, so optional parts read inline). */
export function el(name: string, attrs: XmlElement['attrs'], ...children: Child[]): XmlElement {
  return { name, attrs, children: children.filter((c): c is XmlElement => Boolean(c)) };
}

/** An element holding text; null when there is no text, so empty optional elements are left out. */
export function text(
  name: string,
  value: string | number | null | undefined,
  attrs: XmlElement['attrs'] = {},
): XmlElement | null {
  if (value === null || value === undefined || value === '') return null;
  return { name, attrs, children: String(value) };
}

function renderAttrs(attrs: XmlElement['attrs']): string {
  return Object.entries(attrs)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join('');
}

function render(node: XmlElement, indent: string): string {
  const open = `${indent}<${node.name}${renderAttrs(node.attrs)}`;
  if (typeof node.children === 'string') return `${open}>${escapeXml(node.children)}</${node.name}>`;
  if (node.children.length === 0) return `${open}/>`;
  const inner = node.children.map((child) => render(child, `${indent}  `)).join('\n');
  return `${open}>\n${inner}\n${indent}</${node.name}>`;
}

/** The document, with its XML declaration. */
export function renderXml(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, '')}\n`;
}

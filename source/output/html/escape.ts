const entities: Readonly<Record<string, string>> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'};

/** Text for HTML content or a quoted attribute: markup in a server's or a file's string shows as text. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => entities[character] ?? character);

/** Tagged template for markup: every interpolated value is escaped unless it is already `Markup`. */
export class Markup {
	readonly html: string;
	constructor(markup: string) {
		this.html = markup;
	}

	toString(): string {
		return this.html;
	}
}

type Value = string | number | Markup | null | undefined | readonly Value[];

const piece = (value: Value): string => {
	if (value === null || value === undefined) return '';
	if (value instanceof Markup) return value.html;
	if (Array.isArray(value)) return (value as readonly Value[]).map(piece).join('');
	return escapeHtml(String(value));
};

export const html = (strings: TemplateStringsArray, ...values: Value[]): Markup =>
	new Markup(strings.reduce((out, text, index) => out + text + (index < values.length ? piece(values[index]) : ''), ''));

/** Markup made elsewhere and trusted (the charts' SVG, drawn by a DOM serializer that escapes its text). */
export const trusted = (markup: string): Markup => new Markup(markup);

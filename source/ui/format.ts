// Shared with the plain-text tables of output/, which fit the terminal the same way.
import {truncate, truncateMiddle} from '../output/fit-columns.js';

export {truncate, truncateMiddle};

/** Milliseconds with as many decimals as stay readable: 1.23, 45.6, 12345. */
export function formatMs(ms: number): string {
	if (!Number.isFinite(ms)) return '-';
	if (ms >= 10_000) return ms.toFixed(0);
	if (ms >= 100) return ms.toFixed(1);
	return ms.toFixed(2);
}

export const formatRate = (perSecond: number): string => (perSecond >= 100 ? perSecond.toFixed(0) : perSecond.toFixed(1));

/** A wall-clock span: 0:07, 12:34, 1:02:03. */
export function formatClock(ms: number): string {
	const total = Math.max(0, Math.round(ms / 1000));
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = String(total % 60).padStart(2, '0');
	return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Keeps the end of text, where a path's file name is. */
export function truncateStart(text: string, width: number): string {
	if (width <= 0) return '';
	if (text.length <= width) return text;
	return width === 1 ? '…' : `…${text.slice(text.length - width + 1)}`;
}

/** `prefix` then words joined by `, `, wrapped to `width`, at most `maxLines` lines; the last one cut when more is left. */
export function wrapList(prefix: string, words: readonly string[], width: number, maxLines: number): string[] {
	const lines: string[] = [];
	let line = '';
	const pieces = [prefix, ...words.map((word, index) => (index < words.length - 1 ? `${word},` : word))];
	for (const piece of pieces) {
		if (line && line.length + 1 + piece.length > width) {
			lines.push(line);
			line = piece;
		} else line = line ? `${line} ${piece}` : piece;
	}

	if (line) lines.push(line);
	if (lines.length <= maxLines) return lines.map((text) => truncate(text, width));
	const kept = lines.slice(0, maxLines);
	kept[maxLines - 1] = truncate(`${kept[maxLines - 1] ?? ''} …`, width);
	return kept.map((text) => truncate(text, width));
}

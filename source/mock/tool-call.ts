/** The tool a mock reply calls when `toolCalls` is on, and the one argument its tokens spell. */
export const mockTool = {name: 'search', argument: 'query'} as const;

/**
 * The piece of the tool call's JSON arguments that token `index` of `tokens[from..]` carries: the
 * whole reads `{"query":"<the tokens>"}`, one non-empty piece per token, as models stream them.
 */
export function argumentPiece(tokens: readonly string[], index: number, from: number): string {
	const text = JSON.stringify(tokens[index] ?? '').slice(1, -1);
	const open = index === from ? `{"${mockTool.argument}":"` : '';
	const close = index === tokens.length - 1 ? '"}' : '';
	return open + text + close;
}

/** The whole arguments object of a non-streamed tool call. */
export const toolInput = (tokens: readonly string[], from: number): Record<string, string> => ({[mockTool.argument]: tokens.slice(from).join('')});

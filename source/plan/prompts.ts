/** One turn of a conversation, as chat APIs take it. */
export type ChatMessage = {readonly role: string; readonly content: string};

/** A prompt from a prompt set: the conversation for chat APIs, its text for completion APIs. */
export type Prompt = {
	readonly id: string;
	readonly messages: readonly ChatMessage[];
	/** The turns' contents, one after another: what a completion API (`prompt`) is sent. */
	readonly text: string;
	/** The file's own `max_tokens` for this prompt, if it gave one. */
	readonly maxTokens?: number;
	/** Its length in tokens, when gatebench made it (synthetic prompts): the input count for servers that report none. */
	readonly tokens?: number;
	/**
	 * A recorded conversation's later user messages, in order (a ShareGPT conversation's later human
	 * turns): with `--turns`, each session replays them, one a turn, after the live answers.
	 */
	readonly laterTurns?: readonly string[];
};

export type PromptFormat = 'jsonl' | 'batch' | 'sharegpt' | 'text' | 'synthetic' | 'trace';

/** `--prompts FILE`: its prompts, taken in order, or drawn with `--seed`. */
export type PromptSet = {readonly file: string; readonly format: PromptFormat; readonly prompts: readonly Prompt[]; readonly seed?: number};

type Json = null | boolean | number | string | Json[] | {[key: string]: Json};
const isObject = (value: Json | undefined): value is {[key: string]: Json} => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A message's content as text: a string, or OpenAI's list of parts (their text parts joined). */
function contentText(content: Json | undefined): string | undefined {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return undefined;
	const parts = content.map((part) => (isObject(part) && part['type'] === 'text' && typeof part['text'] === 'string' ? part['text'] : undefined));
	return parts.every((part) => part !== undefined) ? parts.join('') : undefined;
}

function readMessages(value: Json | undefined): ChatMessage[] | string {
	if (!Array.isArray(value) || value.length === 0) return '"messages" must be a list of {"role", "content"}';
	const messages: ChatMessage[] = [];
	for (const message of value) {
		const content = isObject(message) ? contentText(message['content']) : undefined;
		if (!isObject(message) || typeof message['role'] !== 'string' || content === undefined) return 'each message needs a "role" and a text "content"';
		messages.push({role: message['role'], content});
	}

	return messages;
}

const promptOf = (id: string, messages: readonly ChatMessage[], maxTokens?: number): Prompt => ({
	id,
	messages,
	text: messages.map((message) => message.content).join('\n\n'),
	...(maxTokens === undefined ? {} : {maxTokens}),
});

/** One JSONL line: `{"prompt"}` or `{"messages"}` (optional `id`, `max_tokens`), or a batch request's `{"custom_id", "body": {"messages"}}`. */
function jsonlPrompt(line: Json, number: number): {prompt: Prompt; batch: boolean} | string {
	if (!isObject(line)) return 'expected a JSON object';
	const batch = isObject(line['body']);
	const source = batch && isObject(line['body']) ? line['body'] : line;
	const rawId = batch ? line['custom_id'] : line['id'];
	const id = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : String(number);
	const maxTokens = source['max_tokens'] ?? source['max_completion_tokens'];
	if (maxTokens !== undefined && !(typeof maxTokens === 'number' && Number.isInteger(maxTokens) && maxTokens > 0))
		return '"max_tokens" must be a whole number above 0';
	if (typeof source['prompt'] === 'string' && !batch) return {prompt: promptOf(id, [{role: 'user', content: source['prompt']}], maxTokens), batch};
	if (source['messages'] === undefined) return batch ? 'a batch request needs "body": {"messages": [...]}' : 'expected "prompt" (text) or "messages"';
	const messages = readMessages(source['messages']);
	return typeof messages === 'string' ? messages : {prompt: promptOf(id, messages, maxTokens), batch};
}

function parseJsonl(file: string, content: string): PromptSet | string {
	const prompts: Prompt[] = [];
	let batch = false;
	const lines = content.split('\n');
	for (const [index, raw] of lines.entries()) {
		if (raw.trim() === '') continue;
		let line: Json;
		try {
			line = JSON.parse(raw) as Json;
		} catch {
			return `${file}:${index + 1}: not JSON (one object per line)`;
		}

		const read = jsonlPrompt(line, index + 1);
		if (typeof read === 'string') return `${file}:${index + 1}: ${read}`;
		prompts.push(read.prompt);
		batch ||= read.batch;
	}

	return {file, format: batch ? 'batch' : 'jsonl', prompts};
}

/** ShareGPT: a list of `{"id", "conversations": [{"from": "human", "value"}, …]}`; each conversation's first human turn is its prompt. */
function parseShareGpt(file: string, content: string): PromptSet | string {
	let items: Json;
	try {
		items = JSON.parse(content) as Json;
	} catch {
		return `${file}: not JSON (a ShareGPT file is one list of conversations)`;
	}

	if (!Array.isArray(items)) return `${file}: expected a list of conversations`;
	const prompts: Prompt[] = [];
	for (const [index, item] of items.entries()) {
		const turns = isObject(item) ? item['conversations'] : undefined;
		if (!isObject(item) || !Array.isArray(turns)) return `${file}: conversation ${index + 1}: expected {"conversations": [...]}`;
		const humans = turns.flatMap((turn) =>
			isObject(turn) && (turn['from'] === 'human' || turn['from'] === 'user') && typeof turn['value'] === 'string' ? [turn['value']] : [],
		);
		const [first, ...later] = humans;
		// vLLM's benchmark skips conversations without a human turn too.
		if (first === undefined) continue;
		const id = typeof item['id'] === 'string' || typeof item['id'] === 'number' ? String(item['id']) : String(index + 1);
		const prompt = promptOf(id, [{role: 'user', content: first}]);
		prompts.push(later.length > 0 ? {...prompt, laterTurns: later} : prompt);
	}

	return {file, format: 'sharegpt', prompts};
}

/** Plain text: one prompt per line; its id is its line number. */
function parseText(file: string, content: string): PromptSet {
	const prompts = content
		.split('\n')
		.map((line, index) => ({line: line.replace(/\r$/, ''), number: index + 1}))
		.filter(({line}) => line.trim() !== '')
		.map(({line, number}) => promptOf(String(number), [{role: 'user', content: line}]));
	return {file, format: 'text', prompts};
}

/**
 * A prompt file read by its first character: `[` a ShareGPT list, `{` JSONL (prompts, messages or
 * OpenAI batch requests), anything else plain text. Returns the set, or one line saying where and why not.
 */
export function parsePrompts(file: string, content: string): PromptSet | string {
	const start = content.trimStart()[0];
	const set = start === '[' ? parseShareGpt(file, content) : start === '{' ? parseJsonl(file, content) : parseText(file, content);
	if (typeof set === 'string') return set;
	return set.prompts.length === 0 ? `${file}: no prompts in it` : set;
}

/** `512` or `512:64`. */
const lengthText = ({mean, sd}: TokenLength) => `${mean}${sd > 0 ? `:${sd}` : ''}`;

/** What the requests carry, in a few words, for the line above a run: `prompts p.jsonl (3, jsonl, in order) · output 128 tokens · unique prefix on every request`. */
export function workloadText(plan: {
	readonly prompts?: PromptSet;
	readonly uniquePrefix?: boolean;
	readonly inputTokens?: TokenLength;
	readonly outputTokens?: TokenLength;
	readonly exactOutput?: boolean;
}): string | undefined {
	const {prompts, uniquePrefix, inputTokens, outputTokens, exactOutput} = plan;
	const set =
		prompts?.format === 'synthetic' || (inputTokens && !prompts)
			? `synthetic prompts of ${lengthText(inputTokens ?? {mean: 0, sd: 0})} tokens`
			: prompts &&
				`prompts ${prompts.file} (${prompts.prompts.length}, ${prompts.format}, ${prompts.seed === undefined ? 'in order' : `drawn with seed ${prompts.seed}`})`;
	const output = outputTokens && `output ${lengthText(outputTokens)} tokens${exactOutput ? ', exactly' : ''}`;
	const prefix = uniquePrefix ? 'unique prefix on every request' : prompts || inputTokens ? 'no unique prefix: caches may serve repeats' : undefined;
	return [set, output, prefix].filter(Boolean).join(' · ') || undefined;
}

/** A length drawn for each prompt or request: a mean and a standard deviation, in tokens. */
export type TokenLength = {readonly mean: number; readonly sd: number};

/** `512` or `512:64` (mean and standard deviation, tokens); or why not. */
export function parseTokenLength(flag: string, text: string): TokenLength | string {
	const match = /^\s*(\d+)\s*(?::\s*(\d+(?:\.\d+)?))?\s*$/.exec(text);
	const mean = Number(match?.[1]);
	if (!match || !(mean >= 1)) return `${flag} ${text}: expected tokens, or tokens:deviation, e.g. 512 or 512:64`;
	return {mean, sd: Number(match[2] ?? 0)};
}

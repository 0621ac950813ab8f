import {streamFor} from '../engine/random.js';
import type {ChatMessage, Prompt} from '../plan/prompts.js';
import type {RunPlan} from '../plan/run-plan.js';
import type {CompletionRequest} from './completions-request.js';
import type {Conversation} from './http-endpoint.js';
import {drawLength, promptIndex, uniquePrefixText, withOutputLength, withPrompt} from './prompt-bodies.js';
import {randomWords} from './prompt-words.js';

/** A later turn's new user message, in words (one token each) unless `--input-tokens` says how long. */
const defaultFollowUpWords = 32;

/** The messages a request body already carries: chat's or Anthropic's `messages`, the Responses API's `input`, or a completion's `prompt`. */
function messagesOf(body: Record<string, unknown>): ChatMessage[] {
	const list = body['messages'] ?? body['input'];
	if (Array.isArray(list))
		return list.flatMap((turn) => {
			const {role, content} = (typeof turn === 'object' && turn !== null ? turn : {}) as Record<string, unknown>;
			return typeof role === 'string' && typeof content === 'string' ? [{role, content}] : [];
		});
	return typeof body['prompt'] === 'string' ? [{role: 'user', content: body['prompt']}] : [];
}

/**
 * A prompt that records a conversation: its opening (up to its first user message) and its later
 * user messages. A ShareGPT conversation's later human turns, or a `messages` list with more than one
 * user message (the assistant messages recorded between are replaced by the live answers).
 */
function recordedTurns(prompt: Prompt | undefined): {readonly opening: readonly ChatMessage[]; readonly later: readonly string[]} | undefined {
	if (!prompt) return undefined;
	if (prompt.laterTurns) return {opening: prompt.messages, later: prompt.laterTurns};
	const firstUser = prompt.messages.findIndex((message) => message.role === 'user');
	const later = prompt.messages.slice(firstUser + 1).flatMap((message) => (message.role === 'user' ? [message.content] : []));
	return firstUser === -1 || later.length === 0 ? undefined : {opening: prompt.messages.slice(0, firstUser + 1), later};
}

/**
 * `--turns N[:SD]`: conversations of that many turns (drawn per session with the seed), each turn
 * the conversation so far — the opening prompt (a prompt set's, by session, or the endpoint's own),
 * every answer as it came back, and a new user message of set length — after `--think-time`. Every
 * session carries a unique prefix when the run asks for one, so sessions never share a cache entry
 * while each session's turns share theirs.
 */
export function conversationOf(request: CompletionRequest, plan: RunPlan): Conversation | undefined {
	const turns = plan.turns;
	if (!turns) return undefined;
	const seed = plan.seed ?? 0;
	const prefixes = new Map<number, string>();
	const followWords = plan.inputTokens ? undefined : defaultFollowUpWords;
	const recorded = (session: number) => recordedTurns(plan.prompts?.prompts[promptIndex(plan.prompts, session)]);
	return {
		// A recorded conversation ends where its user did, --turns allowing.
		turns: (session) => {
			const drawn = drawLength(turns.count, session, seed);
			const file = recorded(session);
			return file ? Math.min(drawn, file.later.length + 1) : drawn;
		},
		thinkMs: turns.thinkMs,
		...(turns.header ? {header: turns.header} : {}),
		opening(session) {
			const prompt = plan.prompts?.prompts[promptIndex(plan.prompts, session)];
			const messages = prompt ? [...(recordedTurns(prompt)?.opening ?? prompt.messages)] : messagesOf(request.body);
			if (!plan.uniquePrefix || messages.length === 0) return messages;
			const prefix = prefixes.get(session) ?? uniquePrefixText();
			prefixes.set(session, prefix);
			const [first, ...rest] = messages;
			return [{...first!, content: prefix + first!.content}, ...rest];
		},
		followUp(session, turn) {
			const file = recorded(session)?.later[turn - 1];
			if (file !== undefined) return file;
			const random = streamFor(seed, session * 1024 + turn, 0x3c_6e_f3_72);
			const length = followWords ?? drawLength(plan.inputTokens ?? {mean: defaultFollowUpWords, sd: 0}, session * 1024 + turn, seed);
			return randomWords(random, length).join(' ');
		},
		body(messages) {
			const prompt: Prompt = {id: 'conversation', messages, text: messages.map((message) => message.content).join('\n\n')};
			let body = withPrompt(request, prompt);
			if (plan.outputTokens) body = withOutputLength(body, request, drawLength(plan.outputTokens, messages.length, seed), plan.exactOutput ?? false);
			return JSON.stringify(body);
		},
	};
}

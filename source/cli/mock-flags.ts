import type {Command} from 'commander';
import {
	defaultMockOptions,
	isMockFault,
	mockCompressions,
	mockDraws,
	mockErrorStyles,
	mockLineEndings,
	type MockOptions,
	mockFaults,
	mockTokenizers,
} from '../mock/mock-options.js';
import {fraction, nonNegativeInteger, nonNegativeNumber, oneOf, positiveInteger} from './parse-values.js';

type NumericKey = {[K in keyof MockOptions]-?: MockOptions[K] extends number ? K : never}[keyof MockOptions];
type Flag = {readonly key: NumericKey; readonly flag: string; readonly help: string; readonly parse: (value: string) => number};

/** The mock's latency model and faults: `gatebench mock --ttft-ms 300`, or `gatebench --mock-ttft-ms 300`. */
const flags: readonly Flag[] = [
	{key: 'ttftMs', flag: 'ttft-ms', help: `time to first token, ms (default: ${defaultMockOptions.ttftMs})`, parse: nonNegativeNumber},
	{key: 'tokenDelayMs', flag: 'token-delay-ms', help: `delay between tokens, ms (default: ${defaultMockOptions.tokenDelayMs})`, parse: nonNegativeNumber},
	{key: 'jitterMs', flag: 'jitter-ms', help: `random ± jitter on each delay, ms (default: ${defaultMockOptions.jitterMs})`, parse: nonNegativeNumber},
	{key: 'minTokens', flag: 'min-tokens', help: `shortest reply, tokens (default: ${defaultMockOptions.minTokens})`, parse: positiveInteger},
	{key: 'maxTokens', flag: 'max-output-tokens', help: `longest reply, tokens (default: ${defaultMockOptions.maxTokens})`, parse: positiveInteger},
	{key: 'pingDelayMs', flag: 'ping-delay-ms', help: `delay before each pong, ms (default: ${defaultMockOptions.pingDelayMs})`, parse: nonNegativeNumber},
	{
		key: 'slots',
		flag: 'slots',
		help: 'serve at most N completions at once, the rest queue (a server’s capacity; default: 0, no limit)',
		parse: nonNegativeInteger,
	},
	{
		key: 'slowdown',
		flag: 'slowdown',
		help: 'each completion in service makes one that starts F× slower: delays × (1 + F × others in service) (default: 0)',
		parse: nonNegativeNumber,
	},
	{key: 'failRate', flag: 'fail-rate', help: `fraction 0..1 of requests that fail (default: ${defaultMockOptions.failRate})`, parse: fraction},
	{
		key: 'failStatus',
		flag: 'fail-status',
		help: `HTTP status of failed requests and of --fault status (default: ${defaultMockOptions.failStatus})`,
		parse: positiveInteger,
	},
	{key: 'faultRate', flag: 'fault-rate', help: 'fraction 0..1 of requests that get --fault (default: 1 with --fault)', parse: fraction},
	{
		key: 'stallMs',
		flag: 'stall-ms',
		help: `how long stall and slow-headers hold a reply, ms (default: ${defaultMockOptions.stallMs})`,
		parse: nonNegativeNumber,
	},
	{
		key: 'reasoningTokens',
		flag: 'reasoning-tokens',
		help: 'the first N tokens of each chat or Messages reply are reasoning (default: 0)',
		parse: nonNegativeInteger,
	},
	{
		key: 'hugeBodyBytes',
		flag: 'huge-body-bytes',
		help: `size of a huge-body reply, bytes (default: ${defaultMockOptions.hugeBodyBytes}, 64 MiB)`,
		parse: positiveInteger,
	},
];

export function addMockFlags(command: Command, prefix: string): Command {
	for (const {flag, help, parse} of flags) command.option(`--${prefix}${flag} <n>`, help, parse);
	command.option(`--${prefix}compress <encoding>`, `compress every HTTP reply: ${mockCompressions.join(', ')}`, oneOf(mockCompressions));
	command.option(
		`--${prefix}error-style <style>`,
		`error bodies of OpenAI-compatible routes: ${mockErrorStyles.join(', ')} (default: ${defaultMockOptions.errorStyle})`,
		oneOf(mockErrorStyles),
	);
	command.option(
		`--${prefix}line-endings <eol>`,
		`how SSE lines end: ${mockLineEndings.join(', ')} (default: ${defaultMockOptions.lineEndings})`,
		oneOf(mockLineEndings),
	);
	command.option(
		`--${prefix}tokenizer <name>`,
		`how usage counts input tokens: ${mockTokenizers.join(', ')} (OpenAI's o200k_base) (default: ${defaultMockOptions.tokenizer})`,
		oneOf(mockTokenizers),
	);
	command.option(
		`--${prefix}draws <from>`,
		`each reply's length, jitter and text drawn in arrival order, or from its prompt (the same reply to the same prompt, whatever the order): ${mockDraws.join(', ')} (default: ${defaultMockOptions.draws})`,
		oneOf(mockDraws),
	);
	command.option(`--${prefix}tool-calls`, 'chat and Messages replies call a tool instead of answering in text');
	command.option(`--${prefix}early-hints`, 'precede every HTTP reply with a 103 Early Hints');
	command.option(`--${prefix}close-after-reply`, 'close the connection after every HTTP reply, without Connection: close');
	command.option(`--${prefix}fault <fault>`, `inject a fault: ${mockFaults.join(', ')}`, oneOf(['none', ...mockFaults]));
	return command;
}

const camel = (name: string) => name.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());

/** The value if it is one of `choices` (commander's `oneOf` has already refused any other), typed as such. */
const choiceOf = <T extends string>(choices: readonly T[], value: unknown): T | undefined => choices.find((choice) => choice === value);

/** Picks the mock settings out of parsed options (camel-cased by commander). */
export function mockOptionsFrom(options: Record<string, unknown>, prefix: string): Partial<MockOptions> {
	const result: Partial<MockOptions> = {};
	for (const {key, flag} of flags) {
		const value = options[camel(`${prefix}${flag}`)];
		if (typeof value === 'number') result[key] = value;
	}

	for (const [key, flag] of [
		['toolCalls', 'tool-calls'],
		['earlyHints', 'early-hints'],
		['closeAfterReply', 'close-after-reply'],
	] as const) {
		if (options[camel(`${prefix}${flag}`)] === true) result[key] = true;
	}

	const compress = choiceOf(mockCompressions, options[camel(`${prefix}compress`)]);
	if (compress) result.compress = compress;
	const errorStyle = choiceOf(mockErrorStyles, options[camel(`${prefix}error-style`)]);
	if (errorStyle) result.errorStyle = errorStyle;
	const lineEndings = choiceOf(mockLineEndings, options[camel(`${prefix}line-endings`)]);
	if (lineEndings) result.lineEndings = lineEndings;
	const draws = choiceOf(mockDraws, options[camel(`${prefix}draws`)]);
	if (draws) result.draws = draws;
	const tokenizer = choiceOf(mockTokenizers, options[camel(`${prefix}tokenizer`)]);
	if (tokenizer) result.tokenizer = tokenizer;

	const fault = options[camel(`${prefix}fault`)];
	if (typeof fault === 'string' && isMockFault(fault)) {
		result.fault = fault;
		// A fault asked for by name applies to every request unless a rate says otherwise.
		result.faultRate ??= 1;
	}

	return result;
}

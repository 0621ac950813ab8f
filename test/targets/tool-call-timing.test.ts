import {describe, expect, it} from 'vitest';
import {eventReader} from '../../source/targets/stream-formats.js';

/**
 * A tool call's first generated output is the start of the call: OpenAI's delta naming the
 * function (its arguments still empty), Anthropic's content_block_start of a tool_use block. Both
 * are timed as generated output, and neither is a token event of its own (usage counts those).
 */
describe('tool calls timed alike', () => {
	it('takes OpenAI’s delta that names the tool as the start of generated output, its arguments as tokens', () => {
		const read = eventReader('openai');
		const chunk = (call: object) => JSON.stringify({choices: [{index: 0, delta: {tool_calls: [call]}, finish_reason: null}]});
		expect(read(undefined, chunk({index: 0, id: 'call_1', type: 'function', function: {name: 'get_weather', arguments: ''}}))).toEqual({content: 'tool-start'});
		expect(read(undefined, chunk({index: 0, function: {arguments: '{"city'}}))).toEqual({content: 'tool'});
		expect(read(undefined, chunk({index: 0, function: {name: 'get_weather', arguments: '{}'}}))).toEqual({content: 'tool'});
		expect(read(undefined, chunk({index: 0, function: {arguments: ''}}))).toEqual({});
	});

	it('takes Anthropic’s tool_use block start the same way, and not a text block’s', () => {
		const read = eventReader('anthropic');
		const start = (block: object) => JSON.stringify({type: 'content_block_start', index: 1, content_block: block});
		expect(read('content_block_start', start({type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {}}))).toEqual({content: 'tool-start'});
		expect(read('content_block_start', start({type: 'text', text: ''}))).toEqual({});
		const delta = JSON.stringify({type: 'content_block_delta', index: 1, delta: {type: 'input_json_delta', partial_json: '{"city'}});
		expect(read('content_block_delta', delta)).toEqual({content: 'tool'});
	});
});

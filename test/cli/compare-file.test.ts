import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {readCompareFile} from '../../source/cli/compare-file.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();
const read = (endpoints: readonly object[], env: NodeJS.ProcessEnv = {}) => {
	const path = join(tempDir(), 'compare.json');
	writeFileSync(path, JSON.stringify({endpoints}));
	return readCompareFile(path, env);
};

describe('comparison files and keys', () => {
	it('takes a key from the variable "keyEnv" names, never from the file', () => {
		const file = read([{name: 'direct', kind: 'anthropic', url: 'https://api.anthropic.example', keyEnv: 'MY_KEY'}], {MY_KEY: 'sk-1'});
		expect(typeof file === 'string' ? file : file.endpoints[0]?.config.token).toBe('sk-1');
	});

	it('needs no key for this machine, nor for an OpenAI-compatible server unless the file names a variable', () => {
		expect(read([{kind: 'anthropic', url: 'http://127.0.0.1:9', keyEnv: 'MY_KEY'}])).not.toBeTypeOf('string');
		expect(read([{kind: 'gateway', url: 'mock'}])).not.toBeTypeOf('string');
		expect(read([{kind: 'openai-compatible', url: 'https://vllm.example/v1'}])).not.toBeTypeOf('string');
		expect(read([{kind: 'openai-compatible', url: 'https://vllm.example/v1', keyEnv: 'MY_KEY'}])).toMatch(/"keyEnv" MY_KEY is not set/);
	});
});

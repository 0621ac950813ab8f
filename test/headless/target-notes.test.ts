import {describe, expect, it} from 'vitest';
import {targetNotes} from '../../source/headless/target-notes.js';
import type {EndpointSpec} from '../../source/plan/pipelines.js';

const gateway = {url: 'https://gw.example', token: 't'};
const sourcegraph = {url: 'https://sg.example', token: 't'};
const direct: EndpointSpec = {
	name: 'openai-compatible',
	kind: 'completions',
	pipeline: 'completions',
	target: 'openai-compatible',
	provider: 'openai',
	stream: null,
	config: {url: 'http://127.0.0.1:8000/v1'},
};

describe('what a headless run says about its targets', () => {
	it('names the mock when nothing else is targeted', () => {
		expect(targetNotes({direct: []}, 'http://127.0.0.1:5')).toEqual([
			'no --gateway or --sourcegraph given: benchmarking the built-in mock gateway at http://127.0.0.1:5',
		]);
	});

	it('says a pipeline target was skipped only when the pipelines were asked for with the other target', () => {
		expect(targetNotes({gateway, direct: []}, undefined)).toEqual(['no --sourcegraph given: sourcegraph endpoints skipped']);
		expect(targetNotes({sourcegraph, direct: []}, undefined)).toEqual(['no --gateway given: gateway endpoints skipped']);
		expect(targetNotes({gateway, sourcegraph, direct: []}, undefined)).toEqual([]);
	});

	it('says nothing was skipped on direct endpoints or comparison files', () => {
		expect(targetNotes({direct: [direct]}, undefined)).toEqual([]);
		expect(targetNotes({endpoints: [direct], direct: []}, undefined)).toEqual([]);
		expect(targetNotes({endpoints: [{...direct, config: {url: 'mock'}}], direct: []}, 'http://127.0.0.1:5')).toEqual([
			'the built-in mock gateway at http://127.0.0.1:5 serves the endpoints whose URL is "mock"',
		]);
	});
});

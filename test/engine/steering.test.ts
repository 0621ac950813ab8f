import {afterEach, describe, expect, it} from 'vitest';
import {delayedServer} from '../helpers/delayed-server.js';
import type {Sample} from '../../source/engine/endpoint.js';
import type {RunEvent} from '../../source/engine/events.js';
import {startRun} from '../../source/engine/run.js';
import type {LoadLevel} from '../../source/engine/steering.js';
import type {LoadSettings} from '../../source/plan/load-settings.js';
import {buildEndpoint} from '../../source/targets/build.js';
import {prepareTransport} from '../../source/transport/create.js';
import {basePlan} from '../helpers/run-plan.js';

const closers: Array<() => void> = [];
afterEach(() => {
	for (const close of closers.splice(0)) close();
});

const server = async (delayMs: number) => delayedServer(delayMs, closers);

/** A run against `url`, every sample and load change kept; `until` polls until a condition holds. */
async function steeredRun(url: string, load: LoadSettings) {
	const plan = basePlan();
	await prepareTransport(plan.httpClient);
	const endpoint = buildEndpoint(
		{name: 'steered', kind: 'completions', pipeline: 'completions', target: 'openai-compatible', provider: 'openai', stream: false, config: {url}},
		plan,
	);
	const run = startRun([endpoint], load);
	const samples: Sample[] = [];
	const levels: Array<LoadLevel & {atUs: number}> = [];
	// Steering's instants count from the run's start, a request's offset from its endpoint's: how far apart those are, µs.
	const origins = {runNs: 0n, endpointNs: 0n};
	run.subscribe((event: RunEvent) => {
		if (event.type === 'run-start') origins.runNs = event.startNs;
		if (event.type === 'endpoint-start') origins.endpointNs = event.startNs;
		if (event.type === 'sample') samples.push(event.sample);
		if (event.type === 'load') levels.push({...event.level, atUs: event.atUs});
	});
	const sentAtUs = (sample: Sample) => sample.startOffsetUs + Number(origins.endpointNs - origins.runNs) / 1000;
	const until = async (what: string, test: () => boolean) => {
		for (let waited = 0; !test(); waited++) {
			if (waited > 3000) throw new Error(`timed out waiting for ${what}`);
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
	};

	closers.push(() => run.stop());
	return {run, samples, levels, until, sentAtUs, inPhase: (phase: number) => samples.filter((sample) => sample.phase === phase)};
}

describe('steering a running load', () => {
	it('raises and lowers concurrency: the server sees 4 in flight, then 1 at a time; each change is a phase', async () => {
		const target = await server(60);
		const {run, levels, until, inPhase} = await steeredRun(target.url, {concurrency: 2, durationMs: 60_000});
		await until('phase 1 replies', () => inPhase(1).length >= 4);
		run.steer('more');
		await until('4 in flight', () => target.inFlight() === 4);
		await until('phase 2 replies', () => inPhase(2).length >= 4);
		run.steer('less');
		run.steer('less');
		await until('phase 4 replies', () => inPhase(4).length >= 5);
		run.stop();
		await run.done;
		expect(levels.map(({concurrency, phase, paused}) => ({concurrency, phase, paused}))).toEqual([
			{concurrency: 4, phase: 2, paused: false},
			{concurrency: 2, phase: 3, paused: false},
			{concurrency: 1, phase: 4, paused: false},
		]);
		// One at a time: each phase-4 request was sent after the one before it had its reply.
		const ones = inPhase(4).sort((a, b) => a.startOffsetUs - b.startOffsetUs);
		for (const [index, sample] of ones.entries()) {
			const before = ones[index - 1];
			if (before) expect(sample.startOffsetUs).toBeGreaterThanOrEqual(before.startOffsetUs + before.durationUs);
		}
	});

	it('pauses: nothing is sent until it resumes, what was in flight completes, and resuming starts phase 2', async () => {
		const target = await server(80);
		const {run, samples, levels, until, inPhase, sentAtUs} = await steeredRun(target.url, {concurrency: 2, durationMs: 60_000});
		await until('replies', () => samples.length >= 4);
		run.steer('toggle-pause');
		// In a closed loop at -c 2 the server is never idle unless sending stopped.
		await until('the requests in flight to finish', () => target.inFlight() === 0);
		run.steer('toggle-pause');
		await until('phase 2 replies', () => inPhase(2).length >= 4);
		run.stop();
		await run.done;
		const [paused, resumed] = levels;
		expect(paused).toMatchObject({paused: true, phase: 1});
		expect(resumed).toMatchObject({paused: false, phase: 2});
		// Every request was sent before the pause or after the resume; the ones in flight were kept.
		for (const sample of samples) {
			const sentAt = sentAtUs(sample);
			expect(sentAt < (paused?.atUs ?? 0) || sentAt >= (resumed?.atUs ?? 0), `a request sent at ${sentAt} µs`).toBe(true);
		}

		// At -c 2 with 80 ms replies, requests were in flight at the pause: they completed, and count.
		const finishedAfterPause = inPhase(1).filter((sample) => sentAtUs(sample) + sample.durationUs > (paused?.atUs ?? 0));
		expect(finishedAfterPause.length).toBeGreaterThanOrEqual(1);
		expect(finishedAfterPause.every((sample) => sample.outcome === 'ok')).toBe(true);
	});

	it('doubles the rate of an open loop, rescheduling from the moment of the change', async () => {
		const target = await server(5);
		const {run, until, inPhase} = await steeredRun(target.url, {concurrency: 64, rate: 20, durationMs: 60_000});
		await until('phase 1 replies', () => inPhase(1).length >= 4);
		run.steer('more');
		await until('phase 2 replies', () => inPhase(2).length >= 8);
		run.stop();
		await run.done;
		// When each request was due (its send less its lag): 50 ms apart at 20/s, then 25 ms at 40/s.
		const gaps = (phase: number) => {
			const due = inPhase(phase)
				.map((sample) => sample.startOffsetUs - (sample.scheduleLagUs ?? 0))
				.sort((a, b) => a - b);
			return due.slice(1).map((at, index) => (at - (due[index] ?? 0)) / 1000);
		};

		for (const gap of gaps(1)) expect(gap).toBeCloseTo(50, 0);
		for (const gap of gaps(2)) expect(gap).toBeCloseTo(25, 0);
	});
});

import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {CalibrationOutcome} from '../../source/calibrate/calibrate-process.js';
import type {HttpClientName, RunPlan} from '../../source/plan/run-plan.js';
import type {SessionResult} from '../../source/session/session-types.js';
import App from '../../source/ui/App.js';
import {planFrom} from '../../source/ui/setup/steps.js';
import type {ExitRequest} from '../../source/ui/use-run-controller.js';
import {fakeSession} from '../helpers/fake-session.js';
import {draftFrom} from '../helpers/drafts.js';
import {keys, press, strip, waitFor, waitForText} from '../helpers/ink.js';

afterEach(cleanup);

function app(args: string[], options: {initial?: boolean} = {}) {
	const draft = draftFrom(args);
	const sessions: Array<ReturnType<typeof fakeSession>> = [];
	const start = vi.fn(async (plan: RunPlan) => {
		const made = fakeSession(plan);
		sessions.push(made);
		return made.session;
	});
	const onExit = vi.fn<(request: ExitRequest) => void>();
	let interrupt: () => void = () => {};
	const instance = render(
		<App
			draft={draft}
			initialPlan={options.initial === false ? undefined : planFrom(draft, {})}
			start={start}
			onExit={onExit}
			subscribeInterrupt={(listener) => {
				interrupt = listener;
				return () => {};
			}}
		/>,
	);
	return {instance, start, onExit, sessions, interrupt: () => interrupt()};
}

const given = ['--pipeline', 'http', '-n', '3', '-c', '1'];

describe('App', () => {
	it('says until when the first request is held with --start-at', async () => {
		const {instance, sessions} = app([...given, '--start-at', '+120s']);
		await waitFor(() => sessions.length === 1, 'the session');
		const until = new Date(sessions[0]?.session.plan.startAt ?? 0).toISOString().slice(11, 19);
		await waitForText(instance, `first request held until ${until} UTC (--start-at)`);
		instance.unmount();
	});

	it('starts at once when flags gave everything, shows the run live, then the summary, and exits 0', async () => {
		const {instance, start, onExit, sessions} = app(given);
		await waitFor(() => sessions.length === 1, 'the session');
		expect(start.mock.calls[0]?.[0]).toMatchObject({pipeline: 'http', requests: 3, concurrency: 1});
		const driver = sessions[0]!.driver;
		driver.begin();
		driver.sample(2000);
		await waitForText(instance, '1/3  33%');
		driver.sample(4000);
		driver.sample(6000);
		await waitForText(instance, '3/3  100%');
		expect(strip(instance.lastFrame())).toMatch(/latency\s+2\.00\s+4\.00/);
		driver.complete();
		await waitForText(instance, 'gatebench results');
		expect(strip(instance.lastFrame())).toContain('saved results/req.csv');
		instance.stdin.write('q');
		await waitFor(() => onExit.mock.calls.length === 1, 'exit');
		expect(onExit.mock.calls[0]?.[0]).toMatchObject({kind: 'done', code: 0});
	});

	it('says in its heading which proxy the requests go through', async () => {
		const {instance, sessions} = app(given);
		await waitFor(() => sessions.length === 1, 'the session');
		sessions[0]!.driver.begin({proxy: 'http://127.0.0.1:3128'});
		await waitForText(instance, 'through proxy http://127.0.0.1:3128');
		expect(strip(instance.lastFrame())).toMatch(/3 req × 1 in flight · .*through proxy http:\/\/127\.0\.0\.1:3128/);
	});

	it('says in its heading that it speaks HTTP/2, and how many streams a connection', async () => {
		const {instance, sessions} = app([...given, '--http2', '--http2-streams', '8']);
		await waitFor(() => sessions.length === 1, 'the session');
		sessions[0]!.driver.begin();
		await waitForText(instance, 'HTTP/2, up to 8 streams a connection');
	});

	it('runs what Setup chose', async () => {
		const {instance, start} = app(['--pipeline', 'websocket', '-c', '2'], {initial: false});
		await waitForText(instance, 'Requests per endpoint');
		// Against the mock the highlight starts on 100 (a quick first look); one down is 500.
		await press(instance, keys.arrowDown);
		instance.stdin.write(keys.enter);
		await waitFor(() => start.mock.calls.length === 1, 'start');
		expect(start.mock.calls[0]?.[0]).toMatchObject({pipeline: 'websocket', requests: 500, concurrency: 2});
	});

	it('stops gracefully on q, shows the partial summary and exits 130', async () => {
		const {instance, onExit, sessions} = app(given);
		await waitFor(() => sessions.length === 1, 'the session');
		const {driver, session} = sessions[0]!;
		driver.begin();
		driver.sample(2000);
		await waitForText(instance, '1/3');
		instance.stdin.write('q');
		await waitForText(instance, 'stopped early');
		expect(session.stop).toHaveBeenCalledTimes(1);
		expect(strip(instance.lastFrame())).toMatch(/1\/1/);
		// Enter opens the endpoint's details (Esc back); q leaves.
		instance.stdin.write(keys.enter);
		await waitForText(instance, 'Esc back');
		expect(onExit).not.toHaveBeenCalled();
		instance.stdin.write('q');
		await waitFor(() => onExit.mock.calls.length === 1, 'exit');
		expect(onExit.mock.calls[0]?.[0]).toMatchObject({kind: 'done', code: 130});
	});

	it('quits at once on a second Ctrl-C (or signal), handing over the session to save', async () => {
		const {instance, onExit, sessions, interrupt} = app(given);
		await waitFor(() => sessions.length === 1, 'the session');
		const {driver, session} = sessions[0]!;
		// A stop that never finishes: requests that hang.
		session.stop.mockImplementation(() => {});
		driver.begin();
		instance.stdin.write(keys.ctrlC);
		await waitForText(instance, 'stopping: cancelling requests in flight');
		interrupt();
		await waitFor(() => onExit.mock.calls.length === 1, 'exit');
		expect(onExit.mock.calls[0]?.[0]).toMatchObject({kind: 'abort', code: 130, session});
	});

	it('leaves Setup with q (0) or Ctrl-C (130) without starting anything', async () => {
		const first = app([], {initial: false});
		await waitForText(first.instance, 'What to measure');
		first.instance.stdin.write('q');
		await waitFor(() => first.onExit.mock.calls.length === 1, 'exit');
		expect(first.onExit.mock.calls[0]?.[0]).toEqual({kind: 'quit', code: 0});
		const second = app([], {initial: false});
		await waitForText(second.instance, 'What to measure');
		second.instance.stdin.write(keys.ctrlC);
		await waitFor(() => second.onExit.mock.calls.length === 1, 'exit');
		expect(second.onExit.mock.calls[0]?.[0]).toEqual({kind: 'quit', code: 130});
		expect(first.start).not.toHaveBeenCalled();
		expect(second.start).not.toHaveBeenCalled();
	});

	it("offers to measure the client's ceiling after a busy run without one, then measures the run against it", async () => {
		const draft = draftFrom(given);
		const seen: Array<(line: string) => void> = [];
		let finishCalibration: (outcome: CalibrationOutcome) => void = () => {};
		const stop = vi.fn();
		const calibrate = vi.fn((_client: HttpClientName) => ({
			onLine: (listener: (line: string) => void) => seen.push(listener),
			done: new Promise<CalibrationOutcome>((resolve) => (finishCalibration = resolve)),
			stop,
		}));
		const start = vi.fn(async (plan: RunPlan) => {
			const {session, driver} = fakeSession(plan);
			driver.begin();
			for (let index = 0; index < 3; index++) driver.sample(2000);
			// The run kept its measuring loop 80 % busy, and no ceiling was measured on this machine.
			session.store.handle({
				type: 'client-load',
				runId: 1,
				endpoint: 0,
				final: true,
				load: {spanMs: 1000, loopUtilization: 0.8, loopDelayMs: {p50: 0.1, p99: 1, max: 2}},
			});
			driver.complete();
			const finish = session.finish.bind(session);
			return {
				...session,
				async finish() {
					const result = await finish();
					return {
						...result,
						json: {httpClient: 'raw'} as SessionResult['json'],
						ceiling: {ceiling: null, requestsPerSecond: 3, eventsPerSecond: 0, threads: 1, share: null},
					};
				},
			};
		});
		const instance = render(<App draft={draft} initialPlan={planFrom(draft, {})} start={start} onExit={vi.fn()} calibrate={calibrate} />);
		await waitForText(instance, 'press c to measure it now');
		expect(strip(instance.lastFrame())).toContain('c calibrate');
		press(instance, 'c');
		await waitForText(instance, 'calibrating the raw client on this machine');
		expect(calibrate).toHaveBeenCalledWith('raw');
		for (const listener of seen) listener('calibrate requests: 250 req/s asked: 250 req/s, loop delay p99 0.40 ms, loop 20% busy — held');
		await waitForText(instance, '250 req/s asked');
		expect(strip(instance.lastFrame())).toContain('Esc stop');
		const ceiling = {
			requestsPerSecond: 6,
			eventsPerSecond: 100,
			eventsAtLeast: false,
			httpClient: 'raw',
			measuredAt: '2026-12-07T18:40:00.000Z',
			machine: {cpu: 'test', cores: 2},
			node: 'v20',
			version: '0',
		} as const;
		finishCalibration({ceiling, stdout: ''});
		await waitForText(instance, 'back to the results');
		press(instance, keys.enter);
		// Three requests in the run's few milliseconds against a ceiling of 6 a second: far past it, and said.
		await waitForText(instance, 'of its measured ceiling (6 req/s');
		expect(strip(instance.lastFrame())).not.toContain('press c to measure it now');
		expect(strip(instance.lastFrame())).toContain('client near its ceiling');
	});

	it('reports a session that cannot start', async () => {
		const draft = draftFrom(given);
		const onExit = vi.fn<(request: ExitRequest) => void>();
		const instance = render(
			<App draft={draft} initialPlan={planFrom(draft, {})} start={async () => Promise.reject(new Error('EACCES: results folder'))} onExit={onExit} />,
		);
		await waitForText(instance, 'gatebench: EACCES: results folder');
		instance.stdin.write('q');
		await waitFor(() => onExit.mock.calls.length === 1, 'exit');
		expect(onExit.mock.calls[0]?.[0]).toMatchObject({kind: 'failed', code: 1});
	});
});

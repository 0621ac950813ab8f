import {type EndpointSpec, endpointSpecs} from '../plan/pipelines.js';
import {mockUrl, type TargetConfig} from '../plan/endpoint-spec.js';
import {impossibleThreshold} from '../stats/check-thresholds.js';
import {type RunPlan, usesMock} from '../plan/run-plan.js';
import {type Measuring, measureAndRecord} from './measure.js';
import {type RunningMock, startMockThread} from '../mock/in-thread.js';
import type {StartMockOptions} from '../mock/server.js';
import type {SessionThread} from './session-thread.js';
import type {Session, SessionOptions} from './session-types.js';

/**
 * Wires a run together: the mock (when no target is given), the endpoints, the engine and the
 * Recorder (stats store, request CSV, result files) — in-process, or in a worker thread for the console.
 */
export async function startSession({plan: asked, outputs, mockOptions, snapshotIntervalMs, engineThread = false}: SessionOptions): Promise<Session> {
	const {mock, specs, plan} = await prepareEndpoints(await withSyntheticPrompts(asked), mockOptions);
	try {
		const options = {plan, specs, outputs, mock: Boolean(mock), snapshotIntervalMs};
		// The console's measuring thread is loaded only for the console: a headless start-up is shorter without it.
		const measured = engineThread ? await (await import('./session-thread.js')).startSessionThread(options) : inProcess(await measureAndRecord(options));
		return {
			plan,
			mock,
			store: measured.store,
			stop: measured.stop,
			steer: measured.steer,
			saveNow: measured.saveNow,
			async finish() {
				try {
					return await measured.done;
				} finally {
					await mock?.close();
				}
			},
		};
	} catch (error) {
		await mock?.close();
		throw error;
	}
}

/** The built-in mock in its own thread, for a feature that measures many runs against one mock (calibrate). */
export const startBuiltInMock = (options: StartMockOptions): Promise<RunningMock> => startMockThread(options);

/** `--input-tokens`: the plan with its synthetic prompts made (once, before anything is measured). */
export async function withSyntheticPrompts(plan: RunPlan): Promise<RunPlan> {
	if (!plan.inputTokens || plan.prompts) return plan;
	const {syntheticPrompts} = await import('../targets/synthetic-prompts.js');
	return {...plan, prompts: await syntheticPrompts(plan.inputTokens, {seed: plan.seed, uniquePrefix: plan.uniquePrefix})};
}

/**
 * A threshold or SLO that no endpoint of the plan can have a figure for (TTFT of pings, a schedule
 * without a rate), as a one-line usage error; undefined when every one can be judged.
 */
export function impossibleGate(plan: RunPlan): string | undefined {
	const gates = [...plan.thresholds, ...(plan.sweep?.slos ?? [])];
	return impossibleThreshold(gates, endpointSpecs(plan, targetsOf(plan, {url: mockUrl}), mockUrl), {rate: plan.rate, probe: plan.probe !== undefined});
}

/** Where the pipelines point: the mock for both targets when the plan names no target and no direct endpoint, else the targets given. */
function targetsOf(plan: RunPlan, mock: TargetConfig | undefined): {gateway?: TargetConfig; sourcegraph?: TargetConfig} {
	const mockTargetsAll = mock && !plan.gateway && !plan.sourcegraph && plan.direct.length === 0;
	return mockTargetsAll ? {gateway: mock, sourcegraph: mock} : {gateway: plan.gateway, sourcegraph: plan.sourcegraph};
}

/**
 * The mock, started when the plan needs it (keeping its witness record when the plan reads one from
 * it), and the plan's endpoints pointed at it or at the targets; the plan with the mock's address.
 */
export async function prepareEndpoints(
	asked: RunPlan,
	mockOptions: StartMockOptions = {},
): Promise<{mock: RunningMock | undefined; specs: EndpointSpec[]; plan: RunPlan}> {
	const witnessed = asked.witness?.url === mockUrl ? asked.witness : undefined;
	const mock = usesMock(asked) ? await startMockThread(witnessed ? {...mockOptions, witnessToken: witnessed.token} : mockOptions) : undefined;
	const witnessedPlan = witnessed && mock ? {...asked, witness: {...witnessed, url: mock.url}} : asked;
	const plan = withMockMetrics(witnessedPlan, mock?.url);
	const targets = targetsOf(plan, mock && {url: mock.url, builtInMock: true});
	const specs = endpointSpecs(plan, targets, mock?.url).map((spec) => (spec.metricsUrl === mockUrl ? {...spec, metricsUrl: mockMetrics(mock?.url)} : spec));
	return {mock, specs, plan};
}

/** `mock` as a metrics page: the built-in mock's `/metrics`, once it has an address. */
function mockMetrics(url: string | undefined): string {
	if (url === undefined) throw new Error("--metrics-url mock reads the built-in mock's /metrics: this run does not start the mock");
	return `${url}/metrics`;
}

function withMockMetrics(plan: RunPlan, url: string | undefined): RunPlan {
	const metrics = plan.serverMetrics;
	if (!metrics?.urls.includes(mockUrl)) return plan;
	return {...plan, serverMetrics: {...metrics, urls: metrics.urls.map((each) => (each === mockUrl ? mockMetrics(url) : each))}};
}

/** The in-process run seen as the measuring thread is: snapshots, stop, save now, and the result when done. */
const inProcess = ({recorder, run, finish, saveNow}: Measuring): SessionThread => ({
	store: recorder.store,
	stop: run.stop,
	steer: run.steer,
	saveNow: async () => saveNow().written,
	done: finish(),
});

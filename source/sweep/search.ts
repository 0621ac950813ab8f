import type {EndpointSpec} from '../plan/pipelines.js';
import type {Measuring} from '../session/measure.js';
import {prepareEndpoints, withSyntheticPrompts} from '../session/session.js';
import {checkCapacityGates} from '../stats/capacity-gates.js';
import {measureStep, type StepContext} from './measure-step.js';
import {kneeOfSteps, roundRate, StepPolicy} from './step-policy.js';
import {SweepFiles} from './sweep-files.js';
import {loadOf, type SweepAnswer, type SweepOptions, type SweepProgress, type SweepResult, type SweepRun, type SweepStep} from './sweep-types.js';

/**
 * Capacity search on each endpoint in turn: concurrency 1, 2, 4, … (or, in rate mode, the
 * single-stream rate measured first, then twice, four times that …) up to the maximum, a fixed time
 * each, as `StepPolicy` chooses; each step measured and judged by `measureStep`. Every finished
 * step is written to the files at once.
 */
export function startSweep({plan: asked, mockOptions = {}, outputs = {}, onStep = () => {}}: SweepOptions): SweepRun {
	const settings = asked.sweep;
	if (!settings) throw new Error('no --sweep in the plan');
	let stopped = false;
	let measuring: Measuring | undefined;
	let progress: SweepProgress = {endpoints: [], steps: [], answers: [], current: undefined};
	const listeners = new Set<() => void>();
	const update = (change: Partial<SweepProgress>) => {
		progress = {...progress, ...change};
		for (const listener of listeners) listener();
	};

	const files = new SweepFiles(asked, outputs);
	const steps: SweepStep[] = [];
	const answers: SweepAnswer[] = [];
	const rateMode = settings.mode === 'rate';

	/** The upstream directly, in an overhead sweep: each gateway's steps pair their requests with its. */
	let baseline: EndpointSpec | undefined;

	/** One step measured, kept, written and told; undefined when stopped meanwhile. */
	const step = async (context: Omit<StepContext, 'steps'>, spec: EndpointSpec, index: number, load: number, flags: {repeat: boolean; calibration: boolean}) => {
		const measured = await measureStep({spec, index, load, ...flags, ...(baseline ? {baseline} : {})}, {...context, steps});
		if (!measured) return undefined;
		steps.push(measured);
		files.stepDone(steps, answers);
		update({steps: [...steps]});
		onStep(measured);
		return measured;
	};

	/** The search on one endpoint, to its answer. */
	const search = async (context: Omit<StepContext, 'steps'>, spec: EndpointSpec, index: number): Promise<SweepAnswer> => {
		// Rates start from what one request at a time achieves; concurrency from 1.
		const calibration = rateMode ? await step(context, spec, index, 1, {repeat: false, calibration: true}) : undefined;
		const policy = new StepPolicy({
			mode: settings.mode,
			first: rateMode ? roundRate(calibration?.stats.requestsPerSecond ?? 0) : 1,
			max: rateMode ? settings.maxRate : settings.maxConcurrency,
			resolution: settings.resolution,
		});
		for (let next = policy.next(); next && !stopped; next = policy.next()) {
			const measured = await step(context, spec, index, next.load, {repeat: next.repeat, calibration: false});
			if (!measured) break;
			policy.record(measured);
		}

		const mine = steps.filter((candidate) => candidate.endpoint.index === index && !candidate.calibration);
		const proof = [...mine].reverse().find((candidate) => loadOf(candidate) === policy.best && candidate.verdict === 'pass');
		return {
			endpoint: spec.name,
			mode: settings.mode,
			load: policy.best > 0 ? policy.best : null,
			step: proof?.number ?? null,
			firstFailing: policy.broke ?? null,
			stoppedBy: stopped ? 'stopped' : policy.stoppedBy,
			knee: kneeOfSteps(mine),
			requestsPerSecond: proof ? proof.stats.requestsPerSecond : null,
			goodput: proof?.goodput ?? null,
		};
	};

	const run = async (): Promise<SweepResult> => {
		// The page's charts library (~0.5 s to load): before the first step, not between steps.
		const render = outputs.html ? (await import('../report/html-report.js')).htmlReportOf : undefined;
		const {mock, specs, plan} = await prepareEndpoints(await withSyntheticPrompts(asked), mockOptions);
		// An overhead sweep searches each gateway, the upstream directly beside it in every step.
		baseline = plan.overhead ? specs[0] : undefined;
		const searched = baseline ? specs.slice(1) : specs;
		update({endpoints: searched.map((spec) => spec.name)});
		const context: Omit<StepContext, 'steps'> = {
			plan,
			settings,
			mock: mock !== undefined,
			files,
			onCurrent: (current) => update({current}),
			onMeasuring: (running) => (measuring = running),
			stopped: () => stopped,
		};
		try {
			for (const [index, spec] of searched.entries()) {
				if (stopped) break;
				answers.push(await search(context, spec, index));
				update({answers: [...answers]});
			}

			const gates = checkCapacityGates(settings.gates, answers);
			const {written, json} = files.finish(steps, answers, {interrupted: stopped, gates, render, mock: mock !== undefined});
			return {steps, answers, gates, interrupted: stopped, written, json};
		} finally {
			files.close();
			await mock?.close();
		}
	};

	return {
		stop: () => {
			stopped = true;
			measuring?.run.stop();
		},
		done: run(),
		subscribe: (listener) => {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		progress: () => progress,
	};
}

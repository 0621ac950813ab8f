import {measuringThreads} from '../plan/workers.js';
import {workloadText} from '../plan/prompts.js';
import {Box, Text, useInput} from 'ink';
import {useEffect, useState} from 'react';
import type {FoundCompareFile, FoundPromptFile, PlanDraft} from '../plan/draft.js';
import type {HttpClientName, RunPlan} from '../plan/run-plan.js';
import type {CalibrationRun} from '../calibrate/calibrate-process.js';
import type {EndpointSpec} from '../plan/pipelines.js';
import {proxyNote} from '../output/details.js';
import type {Snapshot} from '../stats/run-store.js';
import type {SteerCommand} from '../engine/steering.js';
import {type ChartMode, nextChart, widestZoom, zoomIn, zoomOut} from './chart-modes.js';
import KeyHints from './components/KeyHints.js';
import {drawableWidth, streams} from './layout.js';
import Comparing from './screens/Comparing.js';
import Running from './screens/Running.js';
import Setup from './screens/Setup.js';
import Calibrating from './screens/Calibrating.js';
import Summary, {ceilingNote} from './screens/Summary.js';
import {useCalibration} from './use-calibration.js';
import {useTheme} from './theme.js';
import {type ConsoleSession, type ExitRequest, useRunController} from './use-run-controller.js';
import {useRunSnapshot, useSinceSnapshot} from './use-run-snapshot.js';
import {runsSideBySide} from '../report/runs-side-by-side.js';
import type {SessionResult} from '../session/session-types.js';
import {useTerminalSize} from './use-terminal-size.js';

export type Props = {
	/** What the flags gave; Setup asks for the rest. */
	readonly draft: PlanDraft;
	/** Every choice was given (or stdin is no terminal): run this at once. */
	readonly initialPlan?: RunPlan;
	readonly start: (plan: RunPlan) => Promise<ConsoleSession>;
	readonly onExit: (request: ExitRequest) => void;
	/** SIGINT and SIGTERM: like Ctrl-C, then the console closes by itself once everything is saved. */
	readonly subscribeInterrupt?: (listener: () => void) => () => void;
	/** Read keys; false when stdin is not a terminal. @default true */
	readonly interactive?: boolean;
	/** Finds the comparison files Setup may offer (asked only when no flag names a target). */
	readonly discover?: () => readonly FoundCompareFile[];
	readonly discoverPrompts?: () => readonly FoundPromptFile[];
	/** Where Setup looks for provider keys. */
	readonly env?: NodeJS.ProcessEnv;
	/** A direct endpoint's models, from its server. */
	readonly listModels?: (endpoint: EndpointSpec) => Promise<readonly string[]>;
	/** Where the built-in mock will listen as the upstream of gateways added in Setup. */
	readonly upstreamPort?: number;
	/** Measures the client's ceiling from the results (`c`), when a run needed one and none was measured. @default not offered */
	readonly calibrate?: (client: HttpClientName) => CalibrationRun;
};

/** One line about what runs where (and through which proxy), above the live figures. */
export function heading(session: ConsoleSession, snapshot?: Pick<Snapshot, 'endpoints' | 'load'>): string {
	const {plan} = session;
	const endpoints = snapshot?.endpoints ?? [];
	const level = snapshot?.load ?? {concurrency: plan.concurrency, rate: plan.rate, phase: 1};
	const load = plan.requests === undefined ? `${(plan.durationMs ?? 0) / 1000} s` : `${plan.requests} req`;
	const targets = [plan.gateway && `gateway ${plan.gateway.url}`, plan.sourcegraph && `sourcegraph ${plan.sourcegraph.url}`].filter(Boolean).join(', ');
	const where = session.mock ? `built-in mock ${session.mock.url}` : targets;
	const threads = measuringThreads(plan);
	const pace = level.rate === undefined ? `× ${level.concurrency} in flight${plan.interleave ? ', interleaved' : ''}` : `at ${level.rate}/s`;
	// `--start-at`: nothing is sent until then (redrawn with each snapshot and the seconds-since tick).
	const held =
		plan.startAt !== undefined && Date.now() < plan.startAt
			? `first request held until ${new Date(plan.startAt).toISOString().slice(11, 19)} UTC (--start-at)`
			: undefined;
	return [
		`${load} ${pace}${level.phase > 1 ? ` (phase ${level.phase})` : ''}`,
		threads > 1 ? `${threads} measuring threads` : undefined,
		plan.http2 ? `HTTP/2, up to ${plan.http2.streamsPerConnection} streams a connection` : undefined,
		held,
		where,
		proxyNote(endpoints),
		workloadText(plan),
		plan.tls.insecure ? 'TLS NOT CHECKED (--insecure)' : undefined,
	]
		.filter(Boolean)
		.join(' · ');
}

/** Keys that steer a running load; `=` and `_` are + and - without Shift. */
const steeringKeys = new Map<string, SteerCommand>([
	['p', 'toggle-pause'],
	['+', 'more'],
	['=', 'more'],
	['-', 'less'],
	['_', 'less'],
]);

/** The screen router: Setup → Running → Summary, with the keys that move between them. */
export default function App({
	draft,
	initialPlan,
	start,
	onExit,
	subscribeInterrupt,
	interactive = true,
	discover,
	discoverPrompts,
	env,
	listModels,
	upstreamPort,
	calibrate,
}: Props) {
	const {phase, choose, stop, interrupt, rerun} = useRunController({start, onExit, initialPlan});
	const {columns, rows} = useTerminalSize();
	const width = drawableWidth(columns);
	// A signal (kill, a service manager) means nobody waits at the summary to press a key.
	const [signalled, setSignalled] = useState(false);
	useEffect(
		() =>
			subscribeInterrupt?.(() => {
				setSignalled(true);
				interrupt();
			}),
		[subscribeInterrupt, interrupt],
	);
	// Nobody can press a key to leave the summary: leave by itself (and keep the process from just draining away).
	useEffect(() => {
		if ((!interactive || signalled) && (phase.name === 'summary' || phase.name === 'failed')) stop();
	}, [interactive, signalled, phase, stop]);
	useInput(
		(input, key) => {
			if (key.ctrl && input === 'c') interrupt();
			else if (phase.name === 'running' && !phase.stopping && steeringKeys.has(input)) phase.session.steer(steeringKeys.get(input) ?? 'toggle-pause');
			else if (phase.name === 'summary' && input === 'r') rerun();
			else if (phase.name !== 'setup' && (input === 'q' || (key.return && phase.name === 'failed'))) stop();
		},
		{isActive: interactive},
	);

	let screen: React.JSX.Element;
	switch (phase.name) {
		case 'setup':
			screen = (
				<Setup
					draft={draft}
					width={width}
					interactive={interactive}
					discover={discover}
					discoverPrompts={discoverPrompts}
					env={env}
					listModels={listModels}
					upstreamPort={upstreamPort}
					onDone={choose}
					onQuit={() => onExit({kind: 'quit', code: 0})}
				/>
			);
			break;
		case 'starting':
			screen = <Starting stopping={phase.stopping} />;
			break;
		case 'running':
			screen = <Live session={phase.session} stopping={phase.stopping} width={width} height={rows} interactive={interactive} />;
			break;
		case 'summary':
			screen = <Results result={phase.result} earlier={phase.earlier} width={width} height={rows} interactive={interactive} calibrate={calibrate} />;
			break;
		case 'failed':
			screen = <Failed message={phase.message} />;
	}

	return (
		// Clipped to the terminal: right after a resize Ink draws once more with the old widths.
		<Box width="100%" flexDirection="column" overflowX="hidden">
			{screen}
		</Box>
	);
}

function Live({
	session,
	stopping,
	width,
	height,
	interactive,
}: {
	readonly session: ConsoleSession;
	readonly stopping: boolean;
	readonly width: number;
	readonly height: number;
	readonly interactive: boolean;
}) {
	const snapshot = useRunSnapshot(session.store);
	const since = useSinceSnapshot(snapshot, !snapshot.finished);
	const comparing = session.plan.interleave && snapshot.endpoints.length > 1;
	const stream = snapshot.endpoints.some((stats) => streams(stats.info));
	// A comparison opens on the verdict's metric: TTFT for streams.
	const [mode, setMode] = useState<ChartMode | undefined>(undefined);
	const shown = mode ?? (comparing && stream ? 'ttft' : 'latency');
	const [zoom, setZoom] = useState(widestZoom);
	useInput(
		(input, key) => {
			if (key.tab) setMode(nextChart(shown, stream));
			else if (input === '[') setZoom(zoomIn);
			else if (input === ']') setZoom(zoomOut);
		},
		{isActive: interactive},
	);
	const props = {snapshot, width, height, heading: heading(session, snapshot), sinceSnapshotMs: since, stopping, mode: shown, zoom};
	return comparing ? <Comparing {...props} /> : <Running {...props} />;
}

/** The summary of the run, beside the runs of the same plan before it (`r`). */
function Results({
	result,
	earlier = [],
	width,
	height,
	interactive,
	calibrate,
}: {
	readonly result: SessionResult;
	readonly earlier?: readonly SessionResult[];
	readonly width: number;
	readonly height: number;
	readonly interactive: boolean;
	readonly calibrate?: (client: HttpClientName) => CalibrationRun;
}) {
	// Judged once per summary: bootstrapping every column takes a moment.
	const runs = [...earlier, result];
	const [side] = useState(() => (earlier.length > 0 ? runsSideBySide(runs) : undefined));
	const {verdict, calibration, start: startCalibration, close: closeCalibration} = useCalibration(result, calibrate);
	useInput(
		(_input, key) => {
			if (!calibration) return;
			if (key.escape && !calibration.outcome) calibration.run.stop();
			else if ((key.escape || key.return) && calibration.outcome) closeCalibration();
		},
		{isActive: interactive && calibration !== undefined},
	);
	if (calibration) return <Calibrating client={result.json.httpClient} lines={calibration.lines} outcome={calibration.outcome} width={width} height={height} />;
	return (
		<Summary
			endpoints={side?.endpoints ?? result.snapshot.endpoints}
			written={[...earlier.flatMap((run) => run.written), ...result.written]}
			report={result.report}
			ceiling={verdict && ceilingNote(verdict, result.snapshot.endpoints)}
			onCalibrate={calibrate && startCalibration}
			interrupted={result.run.interrupted}
			width={width}
			height={height}
			comparison={side?.comparison ?? result.comparison}
			judged={side?.judged ?? result.judged}
			phasesOf={(stats) => (side ? (runs[side.runOf[stats.index] ?? -1]?.snapshot.phases ?? []) : result.snapshot.phases)}
			canRerun
			interactive={interactive}
		/>
	);
}

function Starting({stopping}: {readonly stopping: boolean}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			<Text {...theme.tone('dim')}>{stopping ? 'stopping…' : 'starting…'}</Text>
			<KeyHints hints={[['Ctrl-C', stopping ? 'quit now' : 'stop']]} />
		</Box>
	);
}

function Failed({message}: {readonly message: string}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			<Text {...theme.tone('bad')}>{`gatebench: ${message}`}</Text>
			<KeyHints hints={[['q / Enter', 'exit']]} />
		</Box>
	);
}

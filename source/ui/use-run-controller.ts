import {useCallback, useEffect, useRef, useState} from 'react';
import type {RunPlan} from '../plan/run-plan.js';
import type {Session, SessionResult} from '../session/session-types.js';

/** What the console needs of a session; tests pass a fake with a real RunStore. */
export type ConsoleSession = Pick<Session, 'plan' | 'mock' | 'store' | 'stop' | 'steer' | 'finish' | 'saveNow'>;

/** Runs of the same plan finished before this one (`r`), oldest first. */
type Earlier = {readonly earlier?: readonly SessionResult[]};

export type Phase =
	| {readonly name: 'setup'}
	| ({readonly name: 'starting'; readonly plan: RunPlan; readonly stopping: boolean} & Earlier)
	| ({readonly name: 'running'; readonly session: ConsoleSession; readonly stopping: boolean} & Earlier)
	| ({readonly name: 'summary'; readonly session: ConsoleSession; readonly result: SessionResult} & Earlier)
	| {readonly name: 'failed'; readonly message: string};

/** Why the console closes; run-console prints and saves accordingly. */
export type ExitRequest =
	| {readonly kind: 'done'; readonly code: 0 | 130; readonly result: SessionResult; readonly earlier?: readonly SessionResult[]}
	/** A second Ctrl-C: save what is complete and exit now, without waiting for the run. */
	| {readonly kind: 'abort'; readonly code: 130; readonly session: ConsoleSession | undefined}
	| {readonly kind: 'quit'; readonly code: 0 | 130}
	| {readonly kind: 'failed'; readonly code: 1; readonly message: string; readonly session?: ConsoleSession};

export type Controller = {
	readonly phase: Phase;
	/** Setup's answer: start the run. */
	readonly choose: (plan: RunPlan) => void;
	/** `q`: stop gracefully, or leave the summary. */
	readonly stop: () => void;
	/** Ctrl-C, SIGINT, SIGTERM: like `q` the first time, then quit at once. */
	readonly interrupt: () => void;
	/** `r` on the summary: the same plan again, the finished run kept beside it. */
	readonly rerun: () => void;
};

export type Options = {
	readonly start: (plan: RunPlan) => Promise<ConsoleSession>;
	readonly onExit: (request: ExitRequest) => void;
	/** Every choice was given by flags: start with this plan at once. */
	readonly initialPlan?: RunPlan;
};

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Setup → starting → running → summary, and the keys that move between them. A generation
 * counter (codex's idea) makes a session that arrives after the console gave up on it stop.
 */
export function useRunController({start, onExit, initialPlan}: Options): Controller {
	const [phase, setPhaseState] = useState<Phase>(initialPlan ? {name: 'starting', plan: initialPlan, stopping: false} : {name: 'setup'});
	// Key handlers and signal listeners read the phase between renders.
	const current = useRef(phase);
	const generation = useRef(0);
	const setPhase = useCallback((next: Phase) => {
		current.current = next;
		setPhaseState(next);
	}, []);
	const exit = useCallback(
		(request: ExitRequest) => {
			generation.current++;
			onExit(request);
		},
		[onExit],
	);

	/** Starts a session for the plan, the phase being `starting` already. */
	const begin = useCallback(
		(plan: RunPlan) => {
			const id = ++generation.current;
			const mine = () => id === generation.current;
			start(plan).then(
				(session) => {
					if (!mine()) {
						session.stop();
						return;
					}

					const {stopping, earlier} = current.current as {stopping?: boolean; earlier?: readonly SessionResult[]};
					if (stopping) session.stop();
					setPhase({name: 'running', session, stopping: Boolean(stopping), earlier});
					session.finish().then(
						(result) => mine() && setPhase({name: 'summary', session, result, earlier}),
						(error: unknown) => mine() && setPhase({name: 'failed', message: describe(error)}),
					);
				},
				(error: unknown) => mine() && setPhase({name: 'failed', message: describe(error)}),
			);
		},
		[start, setPhase],
	);

	const launch = useCallback(
		(plan: RunPlan, earlier?: readonly SessionResult[]) => {
			setPhase({name: 'starting', plan, stopping: false, earlier});
			begin(plan);
		},
		[begin, setPhase],
	);

	const rerun = useCallback(() => {
		const now = current.current;
		if (now.name === 'summary') launch(now.session.plan, [...(now.earlier ?? []), now.result]);
	}, [launch]);

	// The flags' plan starts once, on mount (the phase began as `starting`); later plans come from Setup.
	const startedInitial = useRef(false);
	useEffect(() => {
		if (!initialPlan || startedInitial.current) return;
		startedInitial.current = true;
		begin(initialPlan);
	}, [initialPlan, begin]);

	const leave = useCallback(
		(now: Phase, interrupted: boolean) => {
			if (now.name === 'summary') exit({kind: 'done', code: now.result.run.interrupted ? 130 : 0, result: now.result, earlier: now.earlier});
			else if (now.name === 'failed') exit({kind: 'failed', code: 1, message: now.message});
			else if (now.name === 'setup') exit({kind: 'quit', code: interrupted ? 130 : 0});
		},
		[exit],
	);

	const stop = useCallback(() => {
		const now = current.current;
		if (now.name === 'running' && !now.stopping) {
			now.session.stop();
			setPhase({...now, stopping: true});
		} else if (now.name === 'starting') setPhase({...now, stopping: true});
		else if (now.name !== 'running') leave(now, false);
	}, [leave, setPhase]);

	const interrupt = useCallback(() => {
		const now = current.current;
		if ((now.name === 'running' || now.name === 'starting') && now.stopping) {
			exit({kind: 'abort', code: 130, session: now.name === 'running' ? now.session : undefined});
		} else if (now.name === 'running' || now.name === 'starting') stop();
		else leave(now, true);
	}, [exit, leave, stop]);

	return {phase, choose: launch, stop, interrupt, rerun};
}

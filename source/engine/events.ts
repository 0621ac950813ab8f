import type {ClientLoad} from './client-load.js';
import type {EndpointInfo, Sample} from './endpoint.js';
import type {LoadLevel} from './steering.js';

/** What a run emits. The UI and the headless reporter subscribe; the engine imports neither. */
export type RunEvent =
	/** `startNs`: the instant the run started, which the `load` events' `atUs` count from. */
	| {readonly type: 'run-start'; readonly runId: number; readonly endpoints: readonly EndpointInfo[]; readonly startNs: bigint}
	| {readonly type: 'endpoint-warmup'; readonly runId: number; readonly endpoint: number}
	/** `startNs`: the instant the endpoint's measured time (and a duration's deadline) counts from. */
	| {readonly type: 'endpoint-start'; readonly runId: number; readonly endpoint: number; readonly startNs: bigint}
	/** A network-floor ping sent beside a completions endpoint (`--probe`). */
	| {readonly type: 'probe'; readonly runId: number; readonly sample: Sample}
	| {readonly type: 'sample'; readonly runId: number; readonly sample: Sample}
	/** How busy the client was: each second while an endpoint runs (`final` false), then over its whole run. */
	| {readonly type: 'client-load'; readonly runId: number; readonly endpoint: number; readonly load: ClientLoad; readonly final: boolean}
	/** `activeUs`: interleaved endpoints share the wall time; this is the time this one had a request in flight. */
	| {readonly type: 'endpoint-done'; readonly runId: number; readonly endpoint: number; readonly activeUs?: number}
	| {readonly type: 'run-end'; readonly runId: number; readonly interrupted: boolean}
	/** The load was steered (paused, resumed, raised, lowered); `atUs`: µs since the run started. */
	| {readonly type: 'load'; readonly runId: number; readonly level: LoadLevel; readonly atUs: number};

export type RunListener = (event: RunEvent) => void;

import type {ErrorKind} from '../engine/errors.js';

export type Deadline = {
	readonly signal: AbortSignal;
	/** The kind to report when the request was cut short by this deadline or by the run. */
	readonly abortKind: () => ErrorKind | undefined;
	readonly clear: () => void;
};

/**
 * One AbortSignal for a request: fires when the run stops or when `timeoutMs` passes.
 * A timeout is a failed request ('timeout'); a run stop is 'aborted' and the engine discards it.
 */
export function startDeadline(runSignal: AbortSignal, timeoutMs: number): Deadline {
	const controller = new AbortController();
	let kind: ErrorKind | undefined;
	const onRunAbort = () => {
		kind ??= 'aborted';
		controller.abort();
	};

	if (runSignal.aborted) onRunAbort();
	else runSignal.addEventListener('abort', onRunAbort, {once: true});
	const timer =
		timeoutMs > 0
			? setTimeout(() => {
					kind ??= 'timeout';
					controller.abort();
				}, timeoutMs)
			: undefined;
	return {
		signal: controller.signal,
		abortKind: () => kind,
		clear() {
			if (timer) clearTimeout(timer);
			runSignal.removeEventListener('abort', onRunAbort);
		},
	};
}

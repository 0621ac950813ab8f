import type {InterruptListener} from '../session/session-types.js';

type Early = {pending: NodeJS.Signals[]; keep: (signal: NodeJS.Signals) => void};

const listeners = new Set<InterruptListener>();
let count = 0;
let last: NodeJS.Signals = 'SIGINT';
let installed = false;

function handle(signal: NodeJS.Signals): void {
	count++;
	last = signal;
	for (const listener of listeners) listener(count, signal);
}

/**
 * Takes over SIGINT and SIGTERM from bin/gatebench.js, replaying any that arrived while
 * loading, so an interrupt at any moment ends in a graceful stop that saves what is complete.
 */
export function installInterrupts(): void {
	if (installed) return;
	installed = true;
	const key = Symbol.for('gatebench.early-signals');
	const early = (globalThis as Record<symbol, Early | undefined>)[key];
	process.on('SIGINT', handle);
	process.on('SIGTERM', handle);
	if (!early) return;
	process.off('SIGINT', early.keep);
	process.off('SIGTERM', early.keep);
	for (const signal of early.pending.splice(0)) handle(signal);
}

/** Hears every interrupt from now on, and at once about any that came before. */
export function onInterrupt(listener: InterruptListener): () => void {
	listeners.add(listener);
	for (let index = 1; index <= count; index++) listener(index, last);
	return () => listeners.delete(listener);
}

import type {Dispatcher} from 'undici';
import {BodyTooLargeError} from '../targets/read-body.js';
import type {HttpHeaders, HttpResponse} from './types.js';

type Sink = {cap: number; onChunk: (chunk: Buffer) => void; resolve: (bytes: number) => void; reject: (error: unknown) => void};

/**
 * One request on undici's lowest level: no Readable stream and no promise per chunk, which is
 * most of what `pool.request()` costs. Chunks that arrive before the caller starts consuming
 * (headers and body often come in one packet) wait in a small list.
 */
export class ResponseHandler implements Dispatcher.DispatchHandler {
	private controller: Dispatcher.DispatchController | undefined;
	private sink: Sink | undefined;
	private early: Buffer[] | undefined;
	private bytes = 0;
	private ended = false;
	private failure: unknown;
	private headersSeen = false;
	private readonly signal: AbortSignal;
	private readonly resolve: (response: HttpResponse) => void;
	private readonly reject: (error: unknown) => void;
	private readonly onAbort = () => this.controller?.abort(this.signal.reason as Error);

	constructor(signal: AbortSignal, resolve: (response: HttpResponse) => void, reject: (error: unknown) => void) {
		this.signal = signal;
		this.resolve = resolve;
		this.reject = reject;
	}

	onRequestStart(controller: Dispatcher.DispatchController): void {
		this.controller = controller;
		if (this.signal.aborted) controller.abort(this.signal.reason as Error);
		else this.signal.addEventListener('abort', this.onAbort, {once: true});
	}

	onResponseStart(_controller: Dispatcher.DispatchController, status: number, headers: HttpHeaders): void {
		this.headersSeen = true;
		this.resolve({status, headers, consume: (cap, onChunk) => this.consume(cap, onChunk)});
	}

	onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
		if (this.sink) this.deliver(this.sink, chunk, controller);
		else (this.early ??= []).push(chunk);
	}

	onResponseEnd(): void {
		this.ended = true;
		this.signal.removeEventListener('abort', this.onAbort);
		this.sink?.resolve(this.bytes);
	}

	onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
		this.signal.removeEventListener('abort', this.onAbort);
		if (!this.headersSeen) return this.reject(error);
		this.failure = error;
		this.sink?.reject(error);
	}

	private consume(cap: number, onChunk: (chunk: Buffer) => void): Promise<number> {
		return new Promise((resolve, reject) => {
			const sink = {cap, onChunk, resolve, reject};
			for (const chunk of this.early ?? []) if (!this.deliver(sink, chunk, this.controller)) return;
			this.early = undefined;
			if (this.failure !== undefined) return reject(this.failure);
			if (this.ended) return resolve(this.bytes);
			this.sink = sink;
		});
	}

	/** False when the body was given up on (too large, or the reader threw). */
	private deliver(sink: Sink, chunk: Buffer, controller: Dispatcher.DispatchController | undefined): boolean {
		this.bytes += chunk.length;
		try {
			if (this.bytes > sink.cap) throw new BodyTooLargeError(sink.cap);
			sink.onChunk(chunk);
			return true;
		} catch (error) {
			this.sink = undefined;
			this.failure = error;
			controller?.abort(error as Error);
			sink.reject(error);
			return false;
		}
	}
}

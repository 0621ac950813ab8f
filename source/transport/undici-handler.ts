import type {Dispatcher} from 'undici';
import {BodySink} from './body-sink.js';
import type {HttpHeaders, HttpResponse} from './http-types.js';

/** One request on undici's lowest level: no Readable stream, which is most of what `pool.request()` costs. */
export class ResponseHandler implements Dispatcher.DispatchHandler {
	private controller: Dispatcher.DispatchController | undefined;
	private headersSeen = false;
	private readonly body = new BodySink((error) => this.controller?.abort(error));
	private readonly signal: AbortSignal;
	private readonly resolve: (response: HttpResponse) => void;
	private readonly reject: (error: unknown) => void;
	private readonly onAbort = () => this.controller?.abort(this.signal.reason as Error);
	/** Called once the exchange is over, either way (a one-off client closes itself). */
	private readonly onDone: (() => void) | undefined;

	constructor(signal: AbortSignal, resolve: (response: HttpResponse) => void, reject: (error: unknown) => void, onDone?: () => void) {
		this.signal = signal;
		this.resolve = resolve;
		this.reject = reject;
		this.onDone = onDone;
	}

	onRequestStart(controller: Dispatcher.DispatchController): void {
		this.controller = controller;
		if (this.signal.aborted) controller.abort(this.signal.reason as Error);
		else this.signal.addEventListener('abort', this.onAbort, {once: true});
	}

	onResponseStart(_controller: Dispatcher.DispatchController, status: number, headers: HttpHeaders): void {
		// A 1xx reply (103 Early Hints) precedes the real one: it is not the reply, nor its first byte.
		if (status < 200) return;
		this.headersSeen = true;
		this.resolve({status, headers, consume: this.body.consume});
	}

	onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
		this.body.push(chunk);
	}

	onResponseEnd(): void {
		this.signal.removeEventListener('abort', this.onAbort);
		this.body.end();
		this.onDone?.();
	}

	onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
		this.signal.removeEventListener('abort', this.onAbort);
		if (this.headersSeen) this.body.fail(error);
		else this.reject(error);
		this.onDone?.();
	}
}

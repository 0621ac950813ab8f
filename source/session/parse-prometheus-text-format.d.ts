// parse-prometheus-text-format 1 ships no types: its one function, as gatebench uses it (untyped samples).
declare module 'parse-prometheus-text-format' {
	type Sample = {readonly value?: string; readonly labels?: Readonly<Record<string, string>>};
	type Family = {readonly name: string; readonly type: string; readonly help: string; readonly metrics: readonly Sample[]};
	/** The families of a Prometheus text exposition; throws on a line it cannot read. */
	export default function parsePrometheusTextFormat(text: string): Family[];
}

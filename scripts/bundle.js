// The command's start-up: tsc's dist/ is ~130 modules and a few CommonJS packages loaded one by one
// before the first request; esbuild joins them into a few chunks (dist/bundle/), ~25 ms less from
// launch to the first request on a 2-core VM (docs/development.md). Entry points: the CLI and the
// worker threads' modules, which start-worker.ts finds beside the chunk that starts them.
import {build} from 'esbuild';

/** Loaded as they are: the console's (Ink, React), the other transports, the tokenizer, the HTML page's, and packages read by file path at run time. */
const external = [
	'ink',
	'ink/*',
	'react',
	'react/*',
	'ink-select-input',
	'@inkjs/ui',
	'undici',
	'got',
	'ws',
	'hpagent',
	'gpt-tokenizer',
	'linkedom',
	'@observablehq/plot',
	'asciichart',
	'hdr-histogram-js',
	'csv-stringify',
];

await build({
	entryPoints: {
		cli: 'dist/cli.js',
		'mock-worker': 'dist/mock/mock-worker.js',
		'sweep-worker': 'dist/sweep/sweep-worker.js',
		'session-worker': 'dist/session/session-worker.js',
		'engine-thread': 'dist/session/engine-thread.js',
	},
	outdir: 'dist/bundle',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	external,
	// The CommonJS packages bundled in (commander, http-parser-js) call require for Node's own modules.
	banner: {js: "import {createRequire as gatebenchRequire} from 'node:module'; const require = gatebenchRequire(import.meta.url);"},
	logLevel: 'warning',
});

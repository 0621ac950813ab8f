import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {startTime} from '../../source/cli/validate.js';
import {runCli} from '../helpers/cli.js';

const example = (name: string) => readFileSync(fileURLToPath(new URL(`../../examples/kubernetes/${name}`, import.meta.url)), 'utf8');

type Container = {args: string[]; command?: string[]; volumeMounts: Array<{name: string; mountPath: string}>};
type Job = {
	kind: string;
	spec: {
		completionMode?: string;
		completions?: number;
		parallelism?: number;
		template: {spec: {containers: Container[]; volumes: Array<{persistentVolumeClaim: {claimName: string}}>}};
	};
};

/** The long options a command's --help lists. */
async function optionsOf(args: string[]): Promise<Set<string>> {
	const help = await runCli([...args, '--help']);
	return new Set(help.stdout.match(/--[a-z][a-z-]+/g));
}

describe('the Kubernetes example', () => {
	it('runs N pods of an Indexed Job with the same flags and one --start-at, each writing its own run, and merges them', async () => {
		const job = parse(example('job.yaml')) as Job;
		expect(job.kind).toBe('Job');
		expect(job.spec.completionMode).toBe('Indexed');
		expect(job.spec.parallelism).toBe(job.spec.completions);
		const [container] = job.spec.template.spec.containers;
		const args = container?.args ?? [];
		const known = await optionsOf([]);
		for (const flag of args.filter((arg) => arg.startsWith('--'))) expect(known, flag).toContain(flag);
		// The README's sed puts a real time where START_AT stands.
		const startAt = args[args.indexOf('--start-at') + 1] ?? '';
		expect(startAt).toBe('START_AT');
		expect(example('README.md')).toContain(`sed "s/START_AT/$START_AT/" examples/kubernetes/job.yaml | kubectl apply -f -`);
		// The README's date command makes a time --start-at takes, two minutes ahead.
		expect(example('README.md')).toContain("START_AT=$(date -u -d '+2 minutes' +%Y-%m-%dT%H:%M:%SZ)");
		const made = spawnSync('date', ['-u', '-d', '+2 minutes', '+%Y-%m-%dT%H:%M:%SZ'], {encoding: 'utf8'}).stdout.trim();
		const at = startTime(made, Date.now());
		expect(at).toBeTypeOf('number');
		expect(Number(at) - Date.now()).toBeGreaterThan(100_000);
		expect(args[args.indexOf('--json') + 1]).toBe('/results/run-$(JOB_COMPLETION_INDEX).json');

		const merge = parse(example('merge.yaml')) as Job;
		const script = merge.spec.template.spec.containers[0]?.args.join(' ') ?? '';
		expect(script).toMatch(/gatebench\.js report --merge .*\/results\/run-\*\.json$/);
		const reportOptions = await optionsOf(['report']);
		for (const flag of script.match(/--[a-z-]+/g) ?? []) expect(reportOptions, flag).toContain(flag);
		// Both Jobs mount the one volume.
		const claim = (one: Job) => one.spec.template.spec.volumes[0]?.persistentVolumeClaim.claimName;
		expect(claim(merge)).toBe(claim(job));
		expect((parse(example('results-volume.yaml')) as {metadata: {name: string}}).metadata.name).toBe(claim(job));
	});
});

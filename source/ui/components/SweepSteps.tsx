import type {SloVerdict} from '../../stats/judge-slo.js';
import type {SweepStep} from '../../sweep/sweep-types.js';
import {figure} from '../../sweep/sweep-lines.js';
import {formatRate} from '../format.js';
import {stepLoad} from '../sweep-view.js';
import type {UiTone} from '../theme.js';
import Table, {type Column} from './Table.js';

const verdictTones: Readonly<Record<SloVerdict, UiTone>> = {pass: 'good', fail: 'bad', borderline: 'middle'};

export type Props = {
	readonly steps: readonly SweepStep[];
	readonly slos: readonly string[];
	/** Name each step's endpoint (a comparison). */
	readonly named: boolean;
	readonly width: number;
	/** Rows shown at most: the latest. */
	readonly rows: number;
};

/** Finished steps, latest last: load, throughput, goodput, each SLO's figure with its interval, and the verdict. */
export default function SweepSteps({steps, slos, named, width, rows}: Props) {
	const columns: Array<Column<SweepStep>> = [
		{key: 'step', header: 'step', cell: (step) => ({text: `${step.number}${step.repeat ? '′' : ''}`})},
		...(named ? [{key: 'endpoint', header: 'endpoint', align: 'left' as const, minWidth: 8, cell: (step: SweepStep) => ({text: step.endpoint.name})}] : []),
		{key: 'load', header: 'load', cell: (step) => ({text: stepLoad(step)})},
		{key: 'rps', header: 'req/s', cell: (step) => ({text: formatRate(step.stats.requestsPerSecond)})},
		{key: 'goodput', header: 'goodput', priority: 2, cell: (step) => ({text: formatRate(step.goodput.requestsPerSecond)})},
		...slos.map((slo, index) => ({
			key: `slo${index}`,
			header: slo,
			priority: index === 0 ? 0 : 3,
			cell: (step: SweepStep) => {
				const judgement = step.judgements[index];
				if (!judgement) return {text: ''};
				const interval = judgement.low === undefined || judgement.high === undefined ? '' : ` [${figure(judgement.low)}–${figure(judgement.high)}]`;
				return {text: `${figure(judgement.actual)}${interval}`, tone: step.calibration ? undefined : verdictTones[judgement.verdict]};
			},
		})),
		{
			key: 'verdict',
			header: 'verdict',
			align: 'left',
			cell: (step) =>
				step.calibration
					? {text: 'calibration', tone: 'dim'}
					: {text: `${step.verdict}${step.saturated ? ' · saturated' : ''}`, tone: verdictTones[step.verdict]},
		},
	];
	return <Table columns={columns} rows={steps.slice(-Math.max(1, rows))} width={width} rule />;
}

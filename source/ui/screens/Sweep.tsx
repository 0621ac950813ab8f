import {Box, Text} from 'ink';
import {type SweepSettings, sloTexts} from '../../plan/sweep-settings.js';
import type {CurrentStep, SweepProgress, SweepResult} from '../../sweep/sweep-types.js';
import {answerLine, resultLines} from '../../sweep/sweep-lines.js';
import KeyHints from '../components/KeyHints.js';
import {Heading} from '../components/ScreenParts.js';
import SweepCharts from '../components/SweepCharts.js';
import SweepSteps from '../components/SweepSteps.js';
import {formatMs, formatRate, truncate} from '../format.js';
import {chartedSlo, distributionOf, sweepCurves} from '../sweep-view.js';
import {useTheme} from '../theme.js';

export type Props = {
	readonly progress: SweepProgress;
	readonly settings: SweepSettings;
	/** Once the search has ended. */
	readonly result: SweepResult | undefined;
	readonly stopping: boolean;
	readonly width: number;
	readonly rows: number;
};

const barCells = 12;

/** `step 5 · openai-compatible · 16 in flight  ▓▓▓▓▓▓░░░░░░  12/20 s · ttft p95 180 ms · 142 done · 38.1 req/s` */
function currentLine(current: CurrentStep, progress: SweepProgress, settings: SweepSettings): string {
	const number = progress.steps.length + 1;
	const who = progress.endpoints.length > 1 ? ` · ${progress.endpoints[current.endpoint] ?? ''}` : '';
	const load = current.calibration ? 'one at a time (the single-stream rate)' : current.rateMode ? `${current.load} requests/s` : `${current.load} in flight`;
	const stats = current.stats;
	if (!stats || stats.requests === 0) return `step ${number}${current.repeat ? ' (again)' : ''}${who} · ${load} · warming up…`;
	const share = Math.min(1, stats.elapsedMs / settings.stepMs);
	const filled = Math.round(share * barCells);
	const bar = '▓'.repeat(filled) + '░'.repeat(barCells - filled);
	// What a gateway adds is judged on the step's pairs once it ends; a time SLO is followed as it goes.
	const charted = chartedSlo(settings);
	const figure = charted.added ? undefined : distributionOf(stats, charted.metric, current.rateMode)?.[charted.stat];
	const sloText = figure === undefined || charted.added ? '' : ` · ${charted.metric} ${charted.stat} ${formatMs(figure)} ms`;
	// What matters most first: a narrow terminal cuts the end.
	return `step ${number}${current.repeat ? ' (again)' : ''}${who} · ${load}  ${bar}  ${Math.floor(stats.elapsedMs / 1000)}/${settings.stepMs / 1000} s${sloText} · ${stats.requests} done · ${formatRate(stats.requestsPerSecond)} req/s`;
}

/**
 * The capacity search, live: the step being measured, the SLO metric's curve against load with the
 * limit drawn beside throughput against load, every finished step with its verdict, and each
 * endpoint's answer as it is found.
 */
export default function Sweep({progress, settings, result, stopping, width, rows}: Props) {
	const theme = useTheme();
	const named = progress.endpoints.length > 1;
	const answers = result ? resultLines(result) : progress.answers.map((answer) => answerLine(answer, named));
	const status = result
		? result.interrupted
			? 'stopped: every finished step is saved · q to leave'
			: 'done: the answer is below · q or Enter to leave'
		: stopping
			? 'stopping…'
			: progress.current
				? currentLine(progress.current, progress, settings)
				: 'starting…';
	// Heading, status, chart title + x axis + legend, table header + rule, answers (two lines each when they wrap), hints, two gaps.
	const answerLines = answers.reduce((sum, line) => sum + Math.ceil(line.length / Math.max(1, width)), 0);
	const fixed = 2 + 3 + 2 + answerLines + 1 + 2;
	const free = Math.max(6, rows - fixed);
	const chartHeight = Math.max(4, Math.min(16, Math.floor(free * 0.6)));
	const tableRows = Math.max(1, free - chartHeight);
	const heading = `capacity search · ${settings.mode} · ${sloTexts(settings).join(', ')} · ${settings.stepMs / 1000} s a step${named ? ` · ${progress.endpoints.length} endpoints in turn` : ''}`;
	return (
		<Box flexDirection="column" width={width}>
			<Heading heading={heading} />
			<Text wrap="truncate-end" {...theme.tone(result || stopping ? 'middle' : 'plain')}>
				{truncate(status, width)}
			</Text>
			<Box marginTop={1}>
				<SweepCharts curves={sweepCurves(progress, settings)} mode={settings.mode} width={width} height={chartHeight} />
			</Box>
			<Box marginTop={1}>
				<SweepSteps steps={progress.steps} slos={sloTexts(settings)} named={named} width={width} rows={tableRows} />
			</Box>
			{answers.map((line, index) => (
				<Text key={index} wrap="wrap" bold>
					{line}
				</Text>
			))}
			<KeyHints hints={result ? [['q', 'leave']] : [['q', 'stop the search, keep finished steps']]} />
		</Box>
	);
}

import {Box, Text, useInput} from 'ink';
import {useState} from 'react';
import type {FoundCompareFile, PlanDraft} from '../../plan/draft.js';
import type {RunPlan} from '../../plan/run-plan.js';
import {choiceLabel} from '../components/ChoiceItem.js';
import Select from '../components/Select.js';
import KeyHints from '../components/KeyHints.js';
import MultiSelect, {multiSelectHints} from '../components/MultiSelect.js';
import {offersFiles} from '../setup/compare-choices.js';
import {truncate, wrapList} from '../format.js';
import {type Answers, benchmarked, openQuestions, planFrom} from '../setup/steps.js';
import {useTheme} from '../theme.js';

export type Props = {
	/** What the flags gave; only what it leaves open is asked. */
	readonly draft: PlanDraft;
	readonly width: number;
	/** Called once, with the plan, after the last answer. */
	readonly onDone: (plan: RunPlan) => void;
	/** `q`: leave without running anything. */
	readonly onQuit: () => void;
	/** Keys are read only when stdin is a terminal. @default true */
	readonly interactive?: boolean;
	/** Finds the comparison files to offer on the first question (asked only when no flag names a target). */
	readonly discover?: () => readonly FoundCompareFile[];
};

export const setupHints = [
	['↑/↓', 'choose'],
	['Enter', 'confirm'],
	['Esc', 'back'],
	['q', 'quit'],
] as const;

const multiHints = [...multiSelectHints, ['Esc', 'back'], ['q', 'quit']] as const;

// Wider names (a comparison file's path) run into their description rather than push every other one right.
const widestName = 24;

const shown = (value: unknown): string => (Array.isArray(value) ? `${value.length} chosen` : value === true ? 'on' : value === false ? 'off' : String(value));

/** Asks, one question at a time, what the flags left open; says what each choice means and what will run. */
export default function Setup({draft, width, onDone, onQuit, interactive = true, discover}: Props) {
	const theme = useTheme();
	const [found] = useState(() => (discover && offersFiles(draft) ? discover() : []));
	const [answers, setAnswers] = useState<readonly Answers[]>([{}]);
	const [highlighted, setHighlighted] = useState<string | undefined>(undefined);
	// The endpoints ticked so far, while "which endpoints" is asked.
	const [ticked, setTicked] = useState<readonly string[] | undefined>(undefined);
	const current = answers.at(-1) ?? {};
	const open = openQuestions(draft, current, found);
	const question = open[0];
	useInput(
		(input, key) => {
			if (input === 'q') onQuit();
			else if (key.escape && answers.length > 1) {
				setAnswers(answers.slice(0, -1));
				setHighlighted(undefined);
				setTicked(undefined);
			}
		},
		{isActive: interactive},
	);
	if (!question) return null;
	const choice = question.choices.find((item) => item.value === highlighted) ?? question.choices[question.initial];
	const preview = planFrom(draft, {...current, ...(question.multi ? {endpoints: ticked} : choice?.answer)}, found);
	const {names, mock} = benchmarked(preview);
	const nameWidth = Math.max(0, ...question.choices.map((item) => item.label.length).filter((length) => length <= widestName));
	const items = question.choices.map((item) => ({key: item.value, value: item.value, label: choiceLabel(item.label, item.description, nameWidth)}));
	const given = Object.entries(current).map(([key, value]) => `${key} ${shown(value)}`);
	const step = answers.length;
	const answer = (picked: Answers) => {
		const next = {...current, ...picked};
		setHighlighted(undefined);
		setTicked(undefined);
		if (openQuestions(draft, next, found).length === 0) onDone(planFrom(draft, next, found));
		else setAnswers([...answers, next]);
	};

	const onSelect = ({value}: {value: string}) => {
		const picked = question.choices.find((item) => item.value === value);
		if (picked) answer(picked.answer);
	};

	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end">
				<Text bold>gatebench</Text>
				<Text {...theme.tone('dim')}>{`  setup ${step}/${step + open.length - 1}`}</Text>
			</Text>
			<Text wrap="truncate-end" {...theme.tone('dim')}>
				{truncate(given.length > 0 ? given.join(' · ') : 'flags you pass are not asked again', width)}
			</Text>
			<Text> </Text>
			<Text bold wrap="truncate-end">
				{question.title}
			</Text>
			{question.multi ? (
				<MultiSelect
					key={`${question.key}-${step}`}
					items={question.choices}
					isFocused={interactive}
					onChange={setTicked}
					onSubmit={(endpoints) => answer({endpoints})}
				/>
			) : (
				<Select
					key={`${question.key}-${step}`}
					items={items}
					initialIndex={question.initial}
					isFocused={interactive}
					onHighlight={(item) => setHighlighted(item.value)}
					onSelect={onSelect}
				/>
			)}
			<Text> </Text>
			{wrapList(`will benchmark ${names.length} endpoint${names.length === 1 ? '' : 's'}${mock ? ' on the built-in mock' : ''}:`, names, width, 3).map(
				(line) => (
					<Text key={line} wrap="truncate-end">
						{line}
					</Text>
				),
			)}
			<KeyHints hints={question.multi ? multiHints : setupHints} />
		</Box>
	);
}

import {Box, Text, useInput} from 'ink';
import SelectInput from 'ink-select-input';
import {useState} from 'react';
import type {PlanDraft} from '../../cli/validate.js';
import type {RunPlan} from '../../plan.js';
import ChoiceItem, {ChoiceIndicator, choiceLabel} from '../components/ChoiceItem.js';
import KeyHints from '../components/KeyHints.js';
import {truncate, wrapList} from '../format.js';
import {type Answers, benchmarked, openQuestions, planFrom} from '../setup-steps.js';
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
};

export const setupHints = [
	['↑/↓', 'choose'],
	['Enter', 'confirm'],
	['Esc', 'back'],
	['q', 'quit'],
] as const;

/** Asks, one question at a time, what the flags left open; says what each choice means and what will run. */
export default function Setup({draft, width, onDone, onQuit, interactive = true}: Props) {
	const theme = useTheme();
	const [answers, setAnswers] = useState<readonly Answers[]>([{}]);
	const [highlighted, setHighlighted] = useState<string | undefined>(undefined);
	const current = answers.at(-1) ?? {};
	const open = openQuestions(draft, current);
	const question = open[0];
	useInput(
		(input, key) => {
			if (input === 'q') onQuit();
			else if (key.escape && answers.length > 1) {
				setAnswers(answers.slice(0, -1));
				setHighlighted(undefined);
			}
		},
		{isActive: interactive},
	);
	if (!question) return null;
	const choice = question.choices.find((item) => item.value === highlighted) ?? question.choices[question.initial];
	const preview = planFrom(draft, {...current, ...choice?.answer});
	const {names, mock} = benchmarked(preview);
	const nameWidth = Math.max(...question.choices.map((item) => item.label.length));
	const items = question.choices.map((item) => ({key: item.value, value: item.value, label: choiceLabel(item.label, item.description, nameWidth)}));
	const given = Object.entries(current).map(([key, value]) => `${key} ${value === true ? 'on' : value === false ? 'off' : String(value)}`);
	const step = answers.length;
	const onSelect = ({value}: {value: string}) => {
		const picked = question.choices.find((item) => item.value === value);
		if (!picked) return;
		const next = {...current, ...picked.answer};
		setHighlighted(undefined);
		if (openQuestions(draft, next).length === 0) onDone(planFrom(draft, next));
		else setAnswers([...answers, next]);
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
			<SelectInput
				key={`${question.key}-${step}`}
				items={items}
				initialIndex={question.initial}
				isFocused={interactive}
				indicatorComponent={ChoiceIndicator}
				itemComponent={ChoiceItem}
				onHighlight={(item) => setHighlighted(item.value)}
				onSelect={onSelect}
			/>
			<Text> </Text>
			{wrapList(`will benchmark ${names.length} endpoint${names.length === 1 ? '' : 's'}${mock ? ' on the built-in mock' : ''}:`, names, width, 3).map((line) => (
				<Text key={line} wrap="truncate-end">
					{line}
				</Text>
			))}
			<KeyHints hints={setupHints} />
		</Box>
	);
}

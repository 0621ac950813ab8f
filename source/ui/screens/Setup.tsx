import {Box, Text} from 'ink';
import {useKeys} from '../use-keys.js';
import LineInput from '../components/LineInput.js';
import {useState} from 'react';
import type {EndpointSpec} from '../../plan/pipelines.js';
import type {FoundCompareFile, FoundPromptFile, PlanDraft} from '../../plan/draft.js';
import type {RunPlan} from '../../plan/run-plan.js';
import {choiceLabel, widestChoiceName} from '../components/ChoiceItem.js';
import Select from '../components/Select.js';
import KeyHints from '../components/KeyHints.js';
import ModelPicker from '../components/ModelPicker.js';
import MultiSelect, {multiSelectHints} from '../components/MultiSelect.js';
import {hostOf, offersFiles} from '../setup/compare-choices.js';
import {addGateway, addUrl, pickedFile, targetChoices, typedUrl, upstreamUrl} from '../setup/targets.js';
import {gatewayConfigs} from '../../plan/overhead-endpoints.js';
import {truncate, wrapList} from '../format.js';
import {benchmarked, loadText, openQuestions, planFrom} from '../setup/steps.js';
import type {Answers} from '../setup/setup-types.js';
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
	/** Prompt files in the working folder, offered when providers are compared. */
	readonly discoverPrompts?: () => readonly FoundPromptFile[];
	/** Where provider keys are looked for (their presence only is shown). @default none */
	readonly env?: NodeJS.ProcessEnv;
	/** A direct endpoint's models, from its server, for the model question. */
	readonly listModels?: (endpoint: EndpointSpec) => Promise<readonly string[]>;
	/** Where the built-in mock will listen as the upstream of gateways added here; none: no gateway is offered. */
	readonly upstreamPort?: number;
};

const noLister = async (): Promise<readonly string[]> => {
	throw new Error('no way to ask the server here');
};

export const setupHints = [
	['↑/↓', 'choose'],
	['Enter', 'confirm'],
	['Esc', 'back'],
	['q', 'quit'],
] as const;

const multiHints = [...multiSelectHints, ['Esc', 'back'], ['q', 'quit']] as const;

const shown = (value: unknown): string =>
	Array.isArray(value)
		? `${value.length} chosen`
		: value === true
			? 'on'
			: value === false
				? 'off'
				: typeof value === 'object' && value !== null
					? Object.values(value).join(', ')
					: String(value);

const typingHints = [
	['Enter', 'add'],
	['Esc', 'cancel'],
] as const;
const modelHints = [
	['type', 'filter'],
	['↑/↓', 'choose'],
	['Enter', 'confirm'],
	['Esc', 'back'],
] as const;

/** Asks, one question at a time, what the flags left open; says what each choice means and what will run. */
export default function Setup({
	draft,
	width,
	onDone,
	onQuit,
	interactive = true,
	discover,
	discoverPrompts,
	env = {},
	listModels = noLister,
	upstreamPort,
}: Props) {
	const theme = useTheme();
	const [found] = useState(() => (discover && offersFiles(draft) ? discover() : []));
	const [promptFiles] = useState(() => discoverPrompts?.() ?? []);
	const [answers, setAnswers] = useState<readonly Answers[]>([{}]);
	const [highlighted, setHighlighted] = useState<string | undefined>(undefined);
	// The endpoints (or targets) ticked so far, while a multi-select question is asked.
	const [ticked, setTicked] = useState<readonly string[] | undefined>(undefined);
	// URLs typed with "add a URL…", and whether one is being typed (then keys are text, not commands).
	const [typed, setTyped] = useState<readonly string[]>([]);
	const [typing, setTyping] = useState<{readonly problem?: string; readonly gateway?: boolean} | undefined>(undefined);
	const current = answers.at(-1) ?? {};
	const open = openQuestions(draft, current, found, env, promptFiles);
	const question = open[0];
	const texting = typing !== undefined || question?.key === 'model';
	useKeys(
		(input, key) => {
			if (typing && key.escape) setTyping(undefined);
			else if (input === 'q' && !texting) onQuit();
			else if (key.escape && answers.length > 1) {
				// Back to the question before, with what was ticked there still ticked (a URL just added stays).
				const undone = answers.at(-1);
				const back = openQuestions(draft, answers.at(-2) ?? {}, found, env, promptFiles)[0];
				setAnswers(answers.slice(0, -1));
				setHighlighted(undefined);
				setTicked(back?.key === 'targets' ? undone?.targets : back?.key === 'endpoints' ? undone?.endpoints : undefined);
			}
		},
		{isActive: interactive},
	);
	if (!question) return null;
	const choice = question.choices.find((item) => item.value === highlighted) ?? question.choices[question.initial];
	const targets = ticked ?? ['mock'];
	const multiAnswer = question.key === 'targets' ? {targets, compare: pickedFile(targets)} : {endpoints: ticked};
	const picked: Answers = {...current, ...(question.multi ? multiAnswer : choice?.answer)};
	// What Enter through the rest would give: each later question's preselected choice (a model: its preselected one).
	const later = openQuestions(draft, picked, found, env, promptFiles).reduce<Answers>(
		(sum, next) =>
			next.multi
				? sum
				: next.endpoint && next.model
					? {...sum, models: {...sum.models, [next.endpoint.name]: next.model}}
					: {...next.choices[next.initial]?.answer, ...sum},
		{},
	);
	const preview = planFrom(draft, {...later, ...picked}, found, env, promptFiles);
	const {names, mock} = benchmarked(preview);
	const nameWidth = Math.max(0, ...question.choices.map((item) => item.label.length).filter((length) => length <= widestChoiceName));
	const items = question.choices.map((item) => ({key: item.value, value: item.value, label: choiceLabel(item.label, item.description, nameWidth)}));
	const given = Object.entries(current)
		.filter(([, value]) => value !== undefined)
		.map(([key, value]) => `${key} ${shown(value)}`);
	const step = answers.length;
	const answer = (picked: Answers) => {
		const next = {...current, ...picked};
		setHighlighted(undefined);
		setTicked(undefined);
		if (openQuestions(draft, next, found, env, promptFiles).length === 0) onDone(planFrom(draft, next, found, env, promptFiles));
		else setAnswers([...answers, next]);
	};

	const targetItems = question.key === 'targets' ? targetChoices(env, found, typed, upstreamPort) : [];
	const addTyped = (text: string) => {
		const checked = typedUrl(text, typing?.gateway);
		if ('problem' in checked) return setTyping({...typing, problem: checked.problem});
		setTyped([...typed.filter((value) => value !== checked.value), checked.value]);
		setTicked([...(ticked ?? ['mock']).filter((value) => value !== checked.value), checked.value]);
		setTyping(undefined);
	};

	const endpoint = question.endpoint;
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
			{question.key === 'targets' ? (
				<MultiSelect
					key={`targets-${step}-${typed.length}`}
					items={targetItems}
					initiallySelected={ticked ?? ['mock']}
					initialCursor={typed.length > 0 ? targetItems.findIndex((item) => item.value === typed.at(-1)) : 0}
					actions={[addUrl, addGateway]}
					onAction={(value) => setTyping({gateway: value === addGateway})}
					isFocused={interactive && !typing}
					onChange={setTicked}
					onSubmit={(targets) => answer({targets, compare: pickedFile(targets)})}
				/>
			) : question.multi ? (
				<MultiSelect
					key={`${question.key}-${step}`}
					items={question.choices}
					isFocused={interactive}
					onChange={setTicked}
					onSubmit={(endpoints) => answer({endpoints})}
				/>
			) : endpoint ? (
				<ModelPicker
					key={`model-${endpoint.name}`}
					models={async () => listModels(endpoint)}
					preselected={question.model}
					from={hostOf(endpoint.config.url)}
					width={width}
					isFocused={interactive}
					onPick={(model) => answer({models: {...current.models, [endpoint.name]: model}})}
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
			{typing ? (
				<Box flexDirection="column">
					{typing.gateway && upstreamPort !== undefined ? (
						<Text
							{...theme.tone('dim')}
						>{`the gateway forwards to the built-in mock, which witnesses every request: ${gatewayConfigs(upstreamUrl(upstreamPort))}`}</Text>
					) : null}
					<Box>
						<Text {...theme.tone('accent')}>{typing.gateway ? 'gateway URL: ' : 'URL: '}</Text>
						<LineInput placeholder={typing.gateway ? 'http://127.0.0.1:8080/v1' : 'http://localhost:8000/v1'} onSubmit={addTyped} />
					</Box>
					{typing.problem ? (
						<Text wrap="truncate-end" {...theme.tone('bad')}>
							{truncate(typing.problem, width)}
						</Text>
					) : null}
				</Box>
			) : null}
			<Text> </Text>
			{wrapList(`will benchmark ${names.length} endpoint${names.length === 1 ? '' : 's'}${mock ? ' on the built-in mock' : ''}:`, names, width, 3).map(
				(line) => (
					<Text key={line} wrap="truncate-end">
						{line}
					</Text>
				),
			)}
			<Text wrap="truncate-end" {...theme.tone('dim')}>
				{truncate(`each: ${loadText(preview)}`, width)}
			</Text>
			<KeyHints hints={typing ? typingHints : question.key === 'model' ? modelHints : question.multi ? multiHints : setupHints} />
		</Box>
	);
}

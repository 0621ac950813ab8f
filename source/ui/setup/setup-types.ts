import type {PipelineChoice} from '../../plan/run-plan.js';
import type {Provider} from '../../plan/names.js';
import type {EndpointSpec} from '../../plan/pipelines.js';

// Setup's questions and answers, shared by the steps and the files that make each question's choices.

/** Which of the targets given by flags to benchmark, or the built-in mock instead. */
export type TargetChoice = 'given' | 'gateway' | 'sourcegraph' | 'mock';

/** What the Setup screen asks; anything a flag gave is never asked. */
export type Answers = {
	readonly pipeline?: PipelineChoice;
	readonly provider?: Provider;
	readonly stream?: boolean;
	readonly target?: TargetChoice;
	readonly requests?: number;
	readonly concurrency?: number;
	/** A comparison file found by Setup (its path), picked instead of a pipeline. */
	readonly compare?: string;
	/** Names of the comparison file's endpoints to run; the file's order is kept. */
	readonly endpoints?: readonly string[];
	/** What to measure, ticked on the first question (see setup/targets.ts). */
	readonly targets?: readonly string[];
	/** The model of each direct endpoint, by endpoint name, picked from its server's list. */
	readonly models?: Readonly<Record<string, string>>;
	/** Instead of a request count: run this long. */
	readonly durationMs?: number;
	/** Instead of a concurrency: this many requests a second (open loop). */
	readonly rate?: number;
	/** What the requests carry: `original`, `file:<path>` (a prompt file found) or `synthetic:<in>:<out>` tokens. */
	readonly workload?: string;
};

/** Every question Setup asks; `model` once per direct endpoint. */
export type QuestionKey = Exclude<keyof Answers, 'compare' | 'models' | 'durationMs' | 'rate'> | 'model';

export type Choice = {readonly value: string; readonly label: string; readonly description: string; readonly answer: Answers};

/** `multi`: any number of the choices, all at first (the endpoints of a comparison file). */
export type Question = {
	readonly key: QuestionKey;
	readonly title: string;
	readonly choices: readonly Choice[];
	readonly initial: number;
	readonly multi?: boolean;
	/** Model questions: the endpoint whose server lists the models (the choices come from there). */
	readonly endpoint?: EndpointSpec;
	/** Model questions: the model to preselect. */
	readonly model?: string;
};

/** The questions whose choices are fixed, in the order asked. */
export const plainKeyOrder = ['pipeline', 'endpoints', 'provider', 'stream', 'workload', 'target', 'requests', 'concurrency'] as const;
/** One of them (not the targets or a server's models). */
export type PlainKey = (typeof plainKeyOrder)[number];

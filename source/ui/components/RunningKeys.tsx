import type {LoadLevel} from '../../engine/steering.js';
import KeyHints from './KeyHints.js';

export type Props = {
	readonly load: LoadLevel;
	/** `q` was pressed: requests in flight are being cancelled. */
	readonly stopping: boolean;
};

/** The running screens' footer: what is happening (paused, stopping) and the keys that steer or stop the run. */
export default function RunningKeys({load, stopping}: Props) {
	if (stopping) return <KeyHints hints={[['Ctrl-C', 'quit now']]} status="stopping: cancelling requests in flight…" />;
	return (
		<KeyHints
			status={load.paused ? 'paused: nothing sent' : undefined}
			hints={[
				['p', load.paused ? 'resume' : 'pause'],
				['+/-', load.rate === undefined ? 'concurrency' : 'rate'],
				['tab', 'chart'],
				['[ ]', 'zoom'],
				['q', 'stop'],
				['Ctrl-C', '×2 quit'],
			]}
		/>
	);
}

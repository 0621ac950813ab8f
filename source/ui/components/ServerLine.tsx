import {Text} from 'ink';
import {serverLine, type ServerNow} from '../../stats/server-metrics.js';
import {truncate} from '../format.js';
import {useTheme} from '../theme.js';

/** The text of the one line a scraped server gets on the live screens (`--metrics-url`), or undefined without one. */
export function serverText(servers: readonly ServerNow[] | undefined): string | undefined {
	const [first] = servers ?? [];
	if (!first) return undefined;
	const more = (servers?.length ?? 0) > 1 ? ` (+${(servers?.length ?? 1) - 1} more in the JSON)` : '';
	return serverLine(first) + more;
}

/** What the server says of itself beside what the client measures: running, waiting, KV cache, queue time. */
export default function ServerLine({text, width}: {readonly text: string | undefined; readonly width: number}) {
	const theme = useTheme();
	if (text === undefined) return null;
	return (
		<Text wrap="truncate-end" {...theme.tone('dim')}>
			{truncate(text, width)}
		</Text>
	);
}

import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {describe, expect, it, vi} from 'vitest';
import ConsoleBoundary, {oneLine} from '../../source/ui/components/ConsoleBoundary.js';

function Broken(): never {
	throw new Error('a value\nno screen expected');
}

describe('the console’s error boundary', () => {
	it('turns an error thrown while drawing into one line for the exit, and draws nothing more', () => {
		const onError = vi.fn<(message: string) => void>();
		// React reports the error it caught on console.error too: not the user's terminal here (patchConsole: false there).
		const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
		try {
			const instance = render(
				<ConsoleBoundary onError={onError}>
					<Text>before</Text>
					<Broken />
				</ConsoleBoundary>,
			);
			expect(onError).toHaveBeenCalledExactlyOnceWith('a value no screen expected');
			expect(instance.lastFrame()).toBe('');
		} finally {
			quiet.mockRestore();
		}
	});

	it('keeps a long or empty reason to one readable line', () => {
		expect(oneLine(new Error('x'.repeat(500)))).toHaveLength(200);
		expect(oneLine('')).toBe('an unexpected error');
		expect(oneLine(42)).toBe('42');
	});
});

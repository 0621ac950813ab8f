import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import Select, {type SelectItem} from '../../source/ui/components/Select.js';
import {keys, press, strip, waitFor} from '../helpers/ink.js';

const items: SelectItem[] = ['one', 'two', 'three'].map((value) => ({value, label: `${value}\tthe ${value} choice`}));
const pointedAt = (frame: string | undefined) => /› (\w+)/.exec(strip(frame))?.[1];

describe('Select', () => {
	it('shows every choice with its description and the pointer on the initial one', () => {
		const {lastFrame} = render(<Select items={items} initialIndex={1} onSelect={() => {}} />);
		expect(strip(lastFrame()).split('\n')).toEqual(['  one  the one choice', '› two  the two choice', '  three  the three choice']);
	});

	it('moves with arrows and j/k, wrapping, and confirms with Enter', async () => {
		const chosen: string[] = [];
		const instance = render(<Select items={items} onSelect={(item) => chosen.push(item.value)} />);
		await waitFor(() => pointedAt(instance.lastFrame()) === 'one', 'the first frame');
		for (const [key, pointer] of [
			[keys.arrowUp, 'three'],
			['j', 'one'],
			['k', 'three'],
			['k', 'two'],
		] as const) {
			await press(instance, key);
			expect(pointedAt(instance.lastFrame())).toBe(pointer);
			instance.stdin.write(keys.enter);
			await waitFor(() => chosen.at(-1) === pointer, `${pointer} chosen`);
		}

		expect(chosen).toEqual(['three', 'one', 'three', 'two']);
	});

	it('applies keys that arrive in one chunk in order (fast typing, paste, a slow SSH link)', async () => {
		const chosen: string[] = [];
		const {stdin} = render(<Select items={items} onSelect={(item) => chosen.push(item.value)} />);
		stdin.write(keys.arrowDown + keys.arrowDown + keys.enter);
		await waitFor(() => chosen.length > 0, 'a choice');
		expect(chosen).toEqual(['three']);
	});

	it('picks directly with a number key', async () => {
		const chosen: string[] = [];
		const {stdin} = render(<Select items={items} onSelect={(item) => chosen.push(item.value)} />);
		stdin.write('2');
		await waitFor(() => chosen.length > 0, 'a choice');
		expect(chosen).toEqual(['two']);
	});
});

import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import Select, {type SelectItem} from '../../source/ui/components/Select.js';
import {keys, strip} from './helpers.js';

const items: SelectItem[] = ['one', 'two', 'three'].map((value) => ({value, label: `${value}\tthe ${value} choice`}));
const tick = async () => new Promise((resolve) => setTimeout(resolve, 20));

describe('Select', () => {
	it('shows every choice with its description and the pointer on the initial one', () => {
		const {lastFrame} = render(<Select items={items} initialIndex={1} onSelect={() => {}} />);
		expect(strip(lastFrame()).split('\n')).toEqual(['  one  the one choice', '› two  the two choice', '  three  the three choice']);
	});

	it('moves with arrows and j/k, wrapping, and confirms with Enter', async () => {
		const chosen: string[] = [];
		const {stdin} = render(<Select items={items} onSelect={(item) => chosen.push(item.value)} />);
		for (const key of [keys.arrowUp, keys.enter, 'j', keys.enter, 'k', 'k', keys.enter]) {
			stdin.write(key);
			await tick();
		}

		expect(chosen).toEqual(['three', 'one', 'two']);
	});

	it('applies keys that arrive in one chunk in order (fast typing, paste, a slow SSH link)', async () => {
		const chosen: string[] = [];
		const {stdin} = render(<Select items={items} onSelect={(item) => chosen.push(item.value)} />);
		stdin.write(keys.arrowDown + keys.arrowDown + keys.enter);
		await tick();
		expect(chosen).toEqual(['three']);
	});

	it('picks directly with a number key', async () => {
		const chosen: string[] = [];
		const {stdin} = render(<Select items={items} onSelect={(item) => chosen.push(item.value)} />);
		stdin.write('2');
		await tick();
		expect(chosen).toEqual(['two']);
	});
});

import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import MultiSelect, {noneSelected} from '../../source/ui/components/MultiSelect.js';
import {keys, lines, press, strip, waitFor, waitForText} from '../helpers/ink.js';

afterEach(cleanup);

const items = ['one', 'two', 'three'].map((value) => ({value, label: value, description: `the ${value}`}));

function multi() {
	const onChange = vi.fn<(values: readonly string[]) => void>();
	const onSubmit = vi.fn<(values: readonly string[]) => void>();
	const instance = render(<MultiSelect items={items} onChange={onChange} onSubmit={onSubmit} />);
	return {instance, onChange, onSubmit};
}

const pointed = (frame: string | undefined) => lines(frame).find((line) => line.startsWith('›'));

describe('MultiSelect', () => {
	it('starts with everything ticked and the pointer on the first item', async () => {
		const {instance} = multi();
		await waitForText(instance, 'three');
		expect(lines(instance.lastFrame())).toEqual(['› [x] one    the one', '  [x] two    the two', '  [x] three  the three']);
	});

	it('moves with ↑/↓ (wrapping), toggles with Space, and reports the ticked values in item order', async () => {
		const {instance, onChange, onSubmit} = multi();
		await waitForText(instance, 'three');
		await press(instance, keys.arrowUp);
		expect(pointed(instance.lastFrame())).toContain('three');
		await press(instance, ' ');
		expect(onChange).toHaveBeenLastCalledWith(['one', 'two']);
		await press(instance, keys.arrowDown);
		await press(instance, keys.arrowDown);
		expect(pointed(instance.lastFrame())).toContain('[x] two');
		await press(instance, ' ');
		await press(instance, ' ');
		await press(instance, keys.arrowUp);
		await press(instance, ' ');
		expect(onChange).toHaveBeenLastCalledWith(['two']);
		expect(strip(instance.lastFrame())).toContain('[ ] one');
		instance.stdin.write(keys.enter);
		await waitFor(() => onSubmit.mock.calls.length === 1, 'submit');
		expect(onSubmit).toHaveBeenCalledWith(['two']);
	});

	it('a ticks none when all are ticked, else all; Enter with none ticked says so', async () => {
		const {instance, onChange, onSubmit} = multi();
		await waitForText(instance, 'three');
		await press(instance, 'a');
		expect(onChange).toHaveBeenLastCalledWith([]);
		await press(instance, keys.enter);
		await waitForText(instance, noneSelected);
		expect(onSubmit).not.toHaveBeenCalled();
		await press(instance, ' ');
		await press(instance, 'a');
		expect(onChange).toHaveBeenLastCalledWith(['one', 'two', 'three']);
		expect(strip(instance.lastFrame())).not.toContain(noneSelected);
		instance.stdin.write(keys.enter);
		await waitFor(() => onSubmit.mock.calls.length === 1, 'submit');
		expect(onSubmit).toHaveBeenCalledWith(['one', 'two', 'three']);
	});
});

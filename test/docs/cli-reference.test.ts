import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';

/**
 * docs/cli-reference.md is `--help` of each command word for word, so it cannot drift from the
 * program. After changing an option: `npx vitest run test/docs/cli-reference.test.ts -u` writes it anew.
 */
describe('the CLI reference', () => {
	it('is the help of gatebench, gatebench mock, gatebench report and gatebench calibrate, as the built program prints it', async () => {
		const commands = [[], ['mock'], ['report'], ['calibrate']];
		const helps = await Promise.all(commands.map((command) => runCli([...command, '--help'])));
		for (const help of helps) expect(help).toMatchObject({code: 0, stderr: ''});
		const sections = commands.map((command, index) => {
			const name = ['gatebench', ...command].join(' ');
			return `## \`${name}\`\n\n\`\`\`text\n${helps[index]?.stdout.trimEnd() ?? ''}\n\`\`\`\n`;
		});
		const page = [
			'# CLI reference',
			'',
			'Generated from `--help` and checked by `test/docs/cli-reference.test.ts`; what each option does, with its default, is explained in [options](options.md).',
			'',
			...sections,
		].join('\n');
		expect(page).toContain('--sweep');
		await expect(page).toMatchFileSnapshot('../../docs/cli-reference.md');
	});
});

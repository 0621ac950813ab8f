// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Formatting is Prettier's (`npm run format:check`); these rules are about correctness.
export default tseslint.config(
	{ignores: ['dist/', 'coverage/', 'bench/.dist-*/', 'bench/results/']},
	js.configs.recommended,
	tseslint.configs.recommended,
	{
		files: ['source/ui/**/*.{ts,tsx}', 'test/ui/**/*.{ts,tsx}'],
		...reactHooks.configs.flat.recommended,
	},
	{
		languageOptions: {globals: globals.node},
		rules: {
			// Warnings are errors here: `npm test` runs `eslint --max-warnings 0`.
			'@typescript-eslint/consistent-type-imports': ['error', {fixStyle: 'inline-type-imports'}],
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
			eqeqeq: ['error', 'always'],
			'no-console': 'error',
		},
	},
	{
		// bench/ is a script harness: it talks to the terminal itself.
		files: ['bench/**/*.js', 'bin/**/*.js'],
		rules: {'no-console': 'off', '@typescript-eslint/consistent-type-imports': 'off'},
	},
);

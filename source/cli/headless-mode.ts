/** CI is set by nearly every CI service; `CI=false` or `CI=0` turns it off (as is-in-ci does). */
export const inCi = (env: NodeJS.ProcessEnv): boolean => env['CI'] !== undefined && env['CI'] !== '0' && env['CI'] !== 'false';

/** Headless on --no-tui, when stdout is not a terminal (a pipe cannot redraw), or in CI. */
export const shouldRunHeadless = (requested: boolean, stdout: {isTTY?: boolean}, env: NodeJS.ProcessEnv): boolean => requested || !stdout.isTTY || inCi(env);

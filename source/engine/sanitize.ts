/**
 * Values from servers (trace ids, error messages, header values) are drawn on terminals and
 * written to files: strip control characters and escape sequences, and bound their length.
 */
// ESC-introduced sequences (CSI, OSC, …) first, then any remaining C0/C1 control character.
// eslint-disable-next-line no-control-regex
const escapes = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[@-Z\\-_])|[\u0000-\u001F\u007F-\u009F]/g;

// Every escape sequence starts with a control character: a value without one (nearly all) is kept as it is, unscanned.
// eslint-disable-next-line no-control-regex
const anyControl = /[\u0000-\u001F\u007F-\u009F]/;

export const sanitize = (text: string, max = 200): string => {
	const clean = anyControl.test(text) ? text.replace(escapes, ' ') : text;
	return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
};

import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';

const require = createRequire(import.meta.url);
const manifest = require('../../package.json') as {version: string; bin: {gatebench: string}};

export const version: string = manifest.version;

/** The `gatebench` command this package declares, as a file: what a process of gatebench's own runs. */
export const binPath: string = join(dirname(require.resolve('../../package.json')), manifest.bin.gatebench);

#!/usr/bin/env node
// Ctrl-C or SIGTERM while gatebench is still loading must not kill it before it can save:
// keep such signals until source/cli/interrupts.ts takes them over.
const pending = [];
const keep = (signal) => pending.push(signal);
process.on('SIGINT', keep);
process.on('SIGTERM', keep);
globalThis[Symbol.for('gatebench.early-signals')] = {pending, keep};
await import('../dist/bundle/cli.js');

import type {RunMeta} from '../output/json.js';
import type {CancelOutcome, FaultOutcome, WitnessSummary} from '../stats/witness-tally.js';
import {BadRunFile, countAt, distributionAt, isCount, isObject, type JsonObject, numberAt, objectAt, optionalObjectAt, recordAt} from './run-fields.js';

const bodyFields = ['model', 'maxTokens', 'stream', 'includeUsage', 'temperature'] as const;

const nullableNumber = (parent: JsonObject, key: string, where: string): number | null => (parent[key] === null ? null : numberAt(parent, key, where));

function faultsAt(witness: JsonObject, where: string): Record<string, FaultOutcome> {
	const faults = optionalObjectAt(witness, 'faults', where);
	if (!faults) return {};
	return Object.fromEntries(
		Object.entries(faults).map(([fault, value]) => {
			const at = `${where} fault ${fault}`;
			if (!isObject(value)) throw new BadRunFile(`${at}: not an object`);
			const outcome: FaultOutcome = {
				requests: countAt(value, 'requests', at),
				clientGot: recordAt(value, 'clientGot', isCount, at) ?? {},
				retried: countAt(value, 'retried', at),
				attempts: countAt(value, 'attempts', at),
				abandoned: countAt(value, 'abandoned', at),
				abandonedAfterMs: nullableNumber(value, 'abandonedAfterMs', at),
				meanMs: numberAt(value, 'meanMs', at),
			};
			return [fault, outcome];
		}),
	);
}

/** The cancelled requests as the upstream saw them; null when none (and in files written before they were kept). */
function cancelledAt(witness: JsonObject, where: string): CancelOutcome | null {
	const cancelled = optionalObjectAt(witness, 'cancelled', where);
	if (!cancelled) return null;
	const at = `${where} cancelled`;
	return {
		requests: countAt(cancelled, 'requests', at),
		stopped: countAt(cancelled, 'stopped', at),
		stoppedAfterMs: nullableNumber(cancelled, 'stoppedAfterMs', at),
		tokensAfter: numberAt(cancelled, 'tokensAfter', at),
		unended: countAt(cancelled, 'unended', at),
	};
}

function summaryOf(witness: JsonObject, where: string): WitnessSummary {
	const witnessed = countAt(witness, 'witnessed', where);
	const body = objectAt(witness, 'body', where);
	const reports = optionalObjectAt(witness, 'selfReports', where);
	return {
		witnessed,
		unseen: countAt(witness, 'unseen', where),
		amplified: countAt(witness, 'amplified', where),
		attemptsPerRequest: numberAt(witness, 'attemptsPerRequest', where),
		upstreamConnections: countAt(witness, 'upstreamConnections', where),
		clientGone: countAt(witness, 'clientGone', where),
		credentials: countAt(witness, 'credentials', where),
		headers: recordAt(witness, 'headers', isCount, where) ?? {},
		body: Object.fromEntries(bodyFields.map((field) => [field, recordAt(body, field, isCount, `${where} body`) ?? {}])) as WitnessSummary['body'],
		eventsChanged: countAt(witness, 'eventsChanged', where),
		forwardMs: distributionAt(witness, 'forwardMs', witnessed, where),
		eventDelayMs: distributionAt(witness, 'eventDelayMs', 0, where),
		faults: faultsAt(witness, where),
		cancelled: cancelledAt(witness, where),
		selfReports: reports
			? {
					retryCountRequests: countAt(reports, 'retryCountRequests', `${where} selfReports`),
					retryCountMean: nullableNumber(reports, 'retryCountMean', `${where} selfReports`),
					serverTimingMs: distributionAt(reports, 'serverTimingMs', 0, `${where} selfReports`),
				}
			: {retryCountRequests: 0, retryCountMean: null, serverTimingMs: null},
	};
}

/**
 * A witnessed run's record of its upstream, as its file keeps it (endpoints' `witness`, and
 * `witnessFailure`): undefined for a run without one. Throws BadRunFile.
 */
export function witnessOf(json: JsonObject): RunMeta['witness'] {
	const endpoints = Array.isArray(json['endpoints']) ? json['endpoints'] : [];
	const failure = typeof json['witnessFailure'] === 'string' ? json['witnessFailure'] : undefined;
	const summaries = endpoints.map((endpoint: unknown, index) => {
		const witness = isObject(endpoint) ? endpoint['witness'] : undefined;
		return isObject(witness) ? summaryOf(witness, `endpoint ${index + 1} witness`) : undefined;
	});
	if (summaries.every((summary) => summary === undefined)) return failure === undefined ? undefined : {endpoints: [], failure};
	if (summaries.some((summary) => summary === undefined)) throw new BadRunFile('witness: kept for some endpoints and not others');
	const kept = summaries.filter((summary): summary is WitnessSummary => summary !== undefined);
	return failure === undefined ? {endpoints: kept} : {endpoints: kept, failure};
}

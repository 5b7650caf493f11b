/** Policy replay over a historical ledger with the real decision engine (see ./replay.ts). */
export { replayPolicy, checkReplayRecord, type ReplayOptions, type ReplayReport, type ReplaySend } from './replay';
export { formatReplay, formatComparison, stepOrder } from './format';

/**
 * `npm run test:queue`: n8n queue mode with the Postgres store (test/queue/*.queue.test.ts). Several minutes and
 * three n8n processes, so it is not part of `npm test`; CI runs it as its own step.
 */
'use strict';

const path = require('path');

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	testEnvironment: 'node',
	testTimeout: 1_800_000,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', isolatedModules: true, diagnostics: false }],
	},
	testMatch: ['<rootDir>/test/queue/**/*.queue.test.ts'],
	modulePathIgnorePatterns: ['<rootDir>/.cache/', '<rootDir>/dist/'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/.tmp/', '<rootDir>/.cache/'],
};

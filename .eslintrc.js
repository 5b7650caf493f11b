/**
 * n8n's lint rules for community node packages (eslint-plugin-n8n-nodes-base), as in n8n-nodes-starter.
 * @type {import('@types/eslint').ESLint.ConfigData}
 */
module.exports = {
	root: true,
	env: { browser: true, es6: true, node: true },
	parser: '@typescript-eslint/parser',
	parserOptions: {
		project: ['./tsconfig.json'],
		sourceType: 'module',
		extraFileExtensions: ['.json'],
	},
	ignorePatterns: ['.eslintrc.js', '**/*.js', '**/node_modules/**', '**/dist/**', 'test/**'],
	overrides: [
		{
			files: ['package.json'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/community'],
		},
		{
			files: ['./credentials/**/*.ts'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/credentials'],
			rules: {
				// Full documentation URLs are allowed for community packages (as in n8n-nodes-starter).
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			},
		},
		{
			files: ['./nodes/**/*.ts'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/nodes'],
			rules: {
				// Our routers have several named outputs (like Switch/If); the rule assumes one.
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				// n8n 1.x+ nodes declare connections as NodeConnectionTypes.Main (as n8n's own config does).
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			},
		},
	],
};

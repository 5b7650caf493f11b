// The package entry: the pure decision core, for programmatic use outside n8n.
// n8n itself loads the nodes and credentials listed in package.json's `n8n` section.
module.exports = require('./dist/nodes/core');

/**
 * Shared pieces of the workflow builders (test/support/workflows/*.js): stable node ids, nodes, sticky
 * notes and connections in n8n's workflow JSON shape.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const WORKFLOWS = path.join(ROOT, 'workflows');
/** Node types of an installed community package: `<package name>.<node name>`. */
const PKG = 'n8n-nodes-ar-followup';

function loadLedger() {
	return JSON.parse(fs.readFileSync(path.join(WORKFLOWS, 'sample-ledger.json'), 'utf8'));
}

let idCounter = 0;
/** Restart the id sequence: each workflow numbers its own nodes. */
function resetIds() {
	idCounter = 0;
}

function uuid(name) {
	// Stable ids so the committed files do not change on every build.
	idCounter++;
	const hex = Buffer.from(`${name}:${idCounter}`).toString('hex').padEnd(32, '0').slice(0, 32);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function node(name, type, typeVersion, position, parameters, extra = {}) {
	return { parameters, id: uuid(name), name, type, typeVersion, position, ...extra };
}

function sticky(name, position, width, height, content, color = 7) {
	return node(name, 'n8n-nodes-base.stickyNote', 1, position, { content, height, width, color });
}

const link = (to, index = 0) => ({ node: to, type: 'main', index });

module.exports = { ROOT, WORKFLOWS, PKG, loadLedger, resetIds, uuid, node, sticky, link };

/** The hostile values every node's hostile-input suite tries in each field. */
export function hostileValues(hugeLength = 1_000_000): Array<[string, unknown]> {
	return [
		['missing', undefined],
		['null', null],
		['NaN', NaN],
		['Infinity', Infinity],
		['negative', -100],
		['object', { nested: true }],
		['array', [1, 2]],
		['boolean', true],
		['empty string', ''],
		['huge string', 'x'.repeat(hugeLength)],
		['bad date', '2026-13-45'],
		['html', '<script>alert(1)</script>'],
		['handlebars', '{{constructor.constructor("return process")()}}'],
		['crlf', 'Acme\r\nBcc: victim@example.com'],
		['__proto__ object', JSON.parse('{"__proto__": {"polluted": true}}')],
	];
}

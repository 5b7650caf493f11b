/**
 * A small RFC 4180 CSV reader: comma (or another one-character) delimiter, fields in double quotes with
 * "" for a quote, line breaks inside quoted fields, CRLF or LF records, a UTF-8 byte-order mark ignored.
 * The first record is the header; each further record becomes an object keyed by it.
 *
 * Written here rather than taken from npm: ~80 lines, no dependency for a package n8n installs into
 * every instance, and the errors name the line.
 */
export class CsvError extends Error {
	constructor(
		readonly line: number,
		message: string,
	) {
		super(`CSV line ${line}: ${message}`);
		this.name = 'CsvError';
	}
}

/** Records as arrays of fields, with the line each record starts on. */
export function parseCsvRecords(text: string, delimiter = ','): Array<{ line: number; fields: string[] }> {
	if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') throw new Error('the delimiter must be one character other than a quote or a line break');
	const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	const out: Array<{ line: number; fields: string[] }> = [];
	let fields: string[] = [];
	let field = '';
	let i = 0;
	let line = 1;
	let recordLine = 1;
	let quoted = false;
	let wasQuoted = false;
	const endField = () => {
		fields.push(field);
		field = '';
		wasQuoted = false;
	};
	const endRecord = () => {
		endField();
		// A blank line is no record.
		if (!(fields.length === 1 && fields[0] === '')) out.push({ line: recordLine, fields });
		fields = [];
	};
	while (i < s.length) {
		const c = s[i];
		if (quoted) {
			if (c === '"') {
				if (s[i + 1] === '"') {
					field += '"';
					i += 2;
					continue;
				}
				quoted = false;
				i++;
				continue;
			}
			if (c === '\n') line++;
			field += c;
			i++;
			continue;
		}
		if (c === '"') {
			if (field !== '' || wasQuoted) throw new CsvError(line, 'a quote inside an unquoted field (quote the whole field and double the quote)');
			quoted = true;
			wasQuoted = true;
			i++;
			continue;
		}
		if (c === delimiter) {
			endField();
			i++;
			continue;
		}
		if (c === '\r' || c === '\n') {
			endRecord();
			i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
			line++;
			recordLine = line;
			continue;
		}
		if (wasQuoted) throw new CsvError(line, 'text after a closing quote');
		field += c;
		i++;
	}
	if (quoted) throw new CsvError(recordLine, 'a quoted field is not closed');
	if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
	return out;
}

/** Objects keyed by the header row. Records with a different number of fields are an error naming the line. */
export function parseCsv(text: string, delimiter = ','): Array<Record<string, string>> {
	const records = parseCsvRecords(text, delimiter);
	if (records.length === 0) return [];
	const header = records[0].fields.map((h) => h.trim());
	const seen = new Set<string>();
	for (const h of header) {
		if (h === '') throw new CsvError(1, 'an empty column name in the header');
		if (seen.has(h)) throw new CsvError(1, `the column "${h}" appears twice in the header`);
		seen.add(h);
	}
	return records.slice(1).map(({ line, fields }) => {
		if (fields.length !== header.length) throw new CsvError(line, `${fields.length} fields, the header has ${header.length}`);
		const row: Record<string, string> = Object.create(null);
		header.forEach((h, k) => (row[h] = fields[k]));
		return { ...row };
	});
}

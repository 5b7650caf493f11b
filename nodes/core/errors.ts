/**
 * Typed validation errors. Every rejection names the field (a dotted path such as `invoice.dueDate`)
 * so that an n8n node can say which item and which field is wrong.
 */
export interface ValidationIssue {
	/** Dotted path of the offending field, e.g. `invoice.amount` or `policy.steps[2].offsetDays`. */
	field: string;
	/** What is wrong, in plain words. */
	message: string;
	/** A short, safe rendering of the value received (truncated). */
	received?: string;
}

export class ValidationError extends Error {
	readonly issues: ValidationIssue[];
	readonly field: string;

	constructor(issues: ValidationIssue[]) {
		const first = issues[0] ?? { field: '(unknown)', message: 'invalid input' };
		const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
		super(`${first.field}: ${first.message}${more}`);
		this.name = 'ValidationError';
		this.issues = issues;
		this.field = first.field;
	}
}

/**
 * Read every row of a list with `read`; the issues of a row that fails name it (`list[3].field`), and all
 * the rows' issues are thrown together.
 */
export function readEach<T>(rows: readonly unknown[], list: string, read: (row: unknown) => T): T[] {
	if (!Array.isArray(rows)) throw new ValidationError([{ field: list, message: 'must be a list', received: describeValue(rows) }]);
	const out: T[] = [];
	const issues: ValidationIssue[] = [];
	rows.forEach((row, i) => {
		try {
			out.push(read(row));
		} catch (e) {
			if (e instanceof ValidationError) for (const is of e.issues) issues.push({ ...is, field: `${list}[${i}].${is.field}` });
			else throw e;
		}
	});
	if (issues.length) throw new ValidationError(issues);
	return out;
}

/**
 * A list of records a reader made (readLedger, readTouchLog, ...), each an object of that shape (`looks`); else a
 * ValidationError naming the list or its first entry that is not, so a function given anything else never reads into it.
 */
export function everyRecord(list: unknown, field: string, reader: string, looks: (r: Record<string, unknown>) => boolean): void {
	if (!Array.isArray(list)) throw new ValidationError([{ field, message: `must be a list of records as ${reader} gives them`, received: describeValue(list) }]);
	for (let i = 0; i < list.length; i++) {
		const r = list[i];
		if (typeof r !== 'object' || r === null || Array.isArray(r) || !looks(r as Record<string, unknown>)) {
			throw new ValidationError([{ field: `${field}[${i}]`, message: `must be a record as ${reader} gives it`, received: describeValue(r) }]);
		}
	}
}

export function isValidationError(error: unknown): error is ValidationError {
	return error instanceof ValidationError;
}

/** A safe, short description of any received value for error messages. */
export function describeValue(value: unknown): string {
	if (value === undefined) return 'undefined';
	if (value === null) return 'null';
	if (typeof value === 'string') {
		const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
		return JSON.stringify(shown);
	}
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) return `array(${value.length})`;
	return typeof value;
}

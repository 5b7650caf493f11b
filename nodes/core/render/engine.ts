/**
 * The one Handlebars environment of the package, isolated from the global `Handlebars` object.
 *
 * Safety:
 * - templates run with prototype access denied (`allowProtoPropertiesByDefault: false`,
 *   `allowProtoMethodsByDefault: false`) and without calls to a missing helper;
 * - only the helpers below exist; none of them evaluates code, reads files or the clock;
 *   `log` is removed; partials and decorators are rejected at configuration time;
 * - text / SMS / subject templates are compiled without escaping (plain text), HTML templates with
 *   escaping; triple-stash (`{{{x}}}`) is rejected in HTML templates.
 *
 * Speed: a template is compiled once; a call costs about a microsecond plus the output. Helpers read
 * the locale, currency and output mode from a module-level render state that is set for the duration
 * of one synchronous call (`runTemplate`).
 */
import Handlebars from 'handlebars';
import type { Phrases } from './pack/types';
import { cleanUrl, escapeHtml } from './sanitize';
import { formatDateValue, formatDays, formatMoney, pluralCategory, type DateStyle } from './locale';

/** Output mode of a template call: plain text (email text, SMS), HTML, or an internal markup. */
export type OutputMode = 'text' | 'html' | 'slack' | 'markdown' | 'plain';

export interface RenderState {
	locale: string;
	timeZone: string;
	currency?: string;
	mode: OutputMode;
	phrases: Phrases;
}

/** The isolated environment. */
export const hbs = Handlebars.create();
hbs.unregisterHelper('log');

/** Runtime options of every call. */
export const RUNTIME_OPTIONS: Handlebars.RuntimeOptions = Object.freeze({
	allowProtoPropertiesByDefault: false,
	allowProtoMethodsByDefault: false,
	allowCallsToHelperMissing: false,
}) as Handlebars.RuntimeOptions;

let state: RenderState | null = null;

function current(): RenderState {
	if (state === null) throw new Error('template helper called outside a render');
	return state;
}

/** Run a compiled template with the helpers' render state set. Synchronous; never leaves state behind. */
export function runTemplate(fn: Handlebars.TemplateDelegate, context: unknown, renderState: RenderState): string {
	const previous = state;
	state = renderState;
	try {
		return fn(context, RUNTIME_OPTIONS);
	} finally {
		state = previous;
	}
}

/** Split helper arguments from the trailing Handlebars options object. */
function args(list: IArguments): unknown[] {
	return Array.prototype.slice.call(list, 0, list.length - 1);
}

function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
	return undefined;
}

function plainString(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

const DATE_STYLES = new Set(['short', 'medium', 'long', 'full']);

/** Names of inline helpers (usable as `{{name args}}` and in sub-expressions). */
export const INLINE_HELPERS: ReadonlySet<string> = new Set(['money', 'date', 'days', 'plural', 'link', 'default', 'quote', 'lookup']);
/** Names of block helpers. */
export const BLOCK_HELPERS: ReadonlySet<string> = new Set(['if', 'unless', 'each', 'with', 'bold']);

hbs.registerHelper('money', function money() {
	const [value, currency] = args(arguments);
	const st = current();
	const cur = typeof currency === 'string' && currency ? currency.toUpperCase() : st.currency;
	return formatMoney(toNumber(value), cur, st.locale) ?? st.phrases.fallback.amount;
});

hbs.registerHelper('date', function date() {
	const [value, style] = args(arguments);
	const st = current();
	const s = typeof style === 'string' && DATE_STYLES.has(style) ? (style as DateStyle) : 'long';
	return formatDateValue(value, st.locale, st.timeZone, s) ?? st.phrases.fallback.date;
});

hbs.registerHelper('days', function days() {
	const [value] = args(arguments);
	const st = current();
	const n = toNumber(value);
	return n === undefined ? st.phrases.fallback.dueRelative : formatDays(Math.abs(Math.trunc(n)), st.locale);
});

hbs.registerHelper('plural', function plural() {
	const [value, one, other] = args(arguments);
	const st = current();
	const n = toNumber(value);
	const oneText = plainString(one) ?? '';
	const otherText = plainString(other) ?? oneText;
	if (n === undefined) return otherText;
	return pluralCategory(n, st.locale) === 'one' ? oneText : otherText;
});

hbs.registerHelper('default', function fallback() {
	const [value, alternative] = args(arguments);
	const text = plainString(value);
	return text !== undefined && text.trim() !== '' ? text : (plainString(alternative) ?? '');
});

/**
 * The customer's own words in the quotation marks of the customer's language and region (the phrases'
 * `quotes`): „…“ in Germany and Austria, «…» in Switzerland and Portugal. Nothing for an empty value.
 */
hbs.registerHelper('quote', function quote() {
	const [value] = args(arguments);
	const st = current();
	const text = plainString(value);
	if (text === undefined || text === '') return '';
	const [open, close] = st.phrases.quotes;
	return st.mode === 'html' ? new hbs.SafeString(`${open}${hbs.escapeExpression(text)}${close}`) : `${open}${text}${close}`;
});

hbs.registerHelper('link', function link() {
	const [value, label] = args(arguments);
	const st = current();
	const url = cleanUrl(value);
	const text = plainString(label)?.replace(/[|<>]/g, '') || undefined;
	if (url === undefined) return text ?? '';
	switch (st.mode) {
		case 'slack':
			return text ? `<${url}|${text}>` : `<${url}>`;
		case 'markdown':
			return text ? `[${text.replace(/[[\]]/g, '')}](${url})` : url;
		case 'html':
			return new hbs.SafeString(`<a href="${escapeHtml(url)}" style="color:#1a56db;">${escapeHtml(text ?? url)}</a>`);
		case 'plain':
			return text ? `${text}: ${url}` : url;
		default:
			return url;
	}
});

hbs.registerHelper('bold', function bold(this: unknown, options: Handlebars.HelperOptions) {
	const inner = options.fn(this);
	switch (current().mode) {
		case 'slack':
			return inner.trim() ? `*${inner}*` : inner;
		case 'markdown':
			return inner.trim() ? `**${inner}**` : inner;
		case 'html':
			return new hbs.SafeString(`<strong>${inner}</strong>`);
		default:
			return inner;
	}
});

/** Compile options: plain text (no escaping) or HTML (escaping). */
export function compileSource(source: string, html: boolean): Handlebars.TemplateDelegate {
	return hbs.compile(source, { noEscape: !html, strict: false, preventIndent: true });
}

// ---------------------------------------------------------------------------------------------
// Static analysis of a template (configuration time)

export interface AnalysisIssue {
	code: string;
	message: string;
	line?: number;
	column?: number;
}

/** What a template uses, and what is wrong with it. */
export interface TemplateAnalysis {
	errors: AnalysisIssue[];
	warnings: AnalysisIssue[];
	/** Root variables printed outside an `#if`/`#unless` that tests them. */
	printed: Set<string>;
	/** Every root variable referenced. */
	used: Set<string>;
}

/** The variables a template may use: root names, and for arrays / objects the names of their fields. */
export interface VariableSchema {
	root: ReadonlySet<string>;
	/** Fields of the items of array variables (`recentTouches` -> date, step, channel, status). */
	arrays: ReadonlyMap<string, ReadonlySet<string>>;
	/** Fields of object variables (`raw` -> balance, amount...). */
	objects: ReadonlyMap<string, ReadonlySet<string>>;
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);
const DATA_VARS = new Set(['index', 'first', 'last', 'key', 'root']);

type Scope = { kind: 'root' } | { kind: 'fields'; fields: ReadonlySet<string> } | { kind: 'unknown' };

/** Parse error line ("Parse error on line 3:") or the Exception's own lineNumber. */
export function errorLocation(error: unknown): { line?: number; column?: number } {
	if (error && typeof error === 'object') {
		const e = error as { lineNumber?: unknown; column?: unknown; message?: unknown };
		if (typeof e.lineNumber === 'number') return { line: e.lineNumber, column: typeof e.column === 'number' ? e.column + 1 : undefined };
		if (typeof e.message === 'string') {
			const m = /line (\d+)/.exec(e.message);
			if (m) return { line: Number(m[1]) };
		}
	}
	return {};
}

/** First line of a Handlebars error message, without the source excerpt. */
export function errorText(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	const lines = message.split('\n');
	if (lines[0].startsWith('Parse error') && lines.length >= 4) {
		const got = /got '([^']+)'/.exec(lines[3]);
		const what = got ? (got[1] === 'INVALID' ? 'invalid character' : got[1] === 'EOF' ? 'unexpected end of template (unclosed {{ or block?)' : `unexpected '${got[1]}'`) : 'syntax error';
		return `${lines[0].replace(/:$/, '')} near "${lines[1].replace(/^\.\.\./, '').trim().slice(-40)}": ${what}`;
	}
	return lines[0];
}

/** Parse a template, returning the AST or a parse error with its line. */
export function parseTemplate(source: string): { ast?: hbs.AST.Program; error?: AnalysisIssue } {
	try {
		return { ast: hbs.parse(source) };
	} catch (error) {
		return { error: { code: 'parse_error', message: errorText(error), ...errorLocation(error) } };
	}
}

/** Walk a template's AST: unknown helpers, partials, decorators are errors; unknown variables are warnings. */
export function analyzeTemplate(ast: hbs.AST.Program, schema: VariableSchema, html: boolean): TemplateAnalysis {
	const out: TemplateAnalysis = { errors: [], warnings: [], printed: new Set(), used: new Set() };
	const at = (node: hbs.AST.Node) => (node.loc ? { line: node.loc.start.line, column: node.loc.start.column + 1 } : {});
	const warned = new Set<string>();

	const checkPath = (path: hbs.AST.PathExpression, scopes: Scope[], guards: ReadonlySet<string>, printed: boolean) => {
		for (const part of path.parts) {
			if (FORBIDDEN.has(part)) {
				out.errors.push({ code: 'forbidden_property', message: `"${path.original}" is not allowed (prototype access)`, ...at(path) });
				return;
			}
		}
		if (path.data) {
			const [head, ...rest] = path.parts;
			if (head === 'root') {
				resolve(rest, { kind: 'root' }, path, guards, printed);
				return;
			}
			if (!DATA_VARS.has(head)) out.warnings.push({ code: 'unknown_variable', message: `unknown data variable "@${head}"`, ...at(path) });
			return;
		}
		const scope = scopes[Math.max(0, scopes.length - 1 - path.depth)] ?? { kind: 'unknown' };
		resolve(path.parts, scope, path, guards, printed);
	};

	const resolve = (parts: string[], scope: Scope, path: hbs.AST.PathExpression, guards: ReadonlySet<string>, printed: boolean) => {
		if (parts.length === 0 || scope.kind === 'unknown') return;
		const [head, ...rest] = parts;
		if (scope.kind === 'fields') {
			if (!scope.fields.has(head)) warn(path, `unknown field "${head}"`);
			return;
		}
		if (!schema.root.has(head)) {
			warn(path, `unknown variable "${head}"`);
			return;
		}
		out.used.add(head);
		if (printed && rest.length === 0 && !guards.has(head)) out.printed.add(head);
		if (rest.length > 0) {
			const fields = schema.objects.get(head);
			if (!fields || !fields.has(rest[0]) || rest.length > 1) warn(path, `unknown variable "${path.original}"`);
		}
	};

	const warn = (path: hbs.AST.PathExpression, message: string) => {
		const key = `${path.original}@${path.loc?.start.line}`;
		if (warned.has(key)) return;
		warned.add(key);
		out.warnings.push({ code: 'unknown_variable', message, ...at(path) });
	};

	const expr = (node: hbs.AST.Expression, scopes: Scope[], guards: ReadonlySet<string>) => {
		if (node.type === 'PathExpression') checkPath(node as hbs.AST.PathExpression, scopes, guards, false);
		else if (node.type === 'SubExpression') {
			const sub = node as hbs.AST.SubExpression;
			const name = sub.path.original;
			if (!INLINE_HELPERS.has(name)) out.errors.push({ code: 'unknown_helper', message: `unknown helper "${name}"`, ...at(sub) });
			for (const p of sub.params) expr(p, scopes, guards);
			for (const pair of sub.hash?.pairs ?? []) expr(pair.value, scopes, guards);
		}
	};

	const program = (prog: hbs.AST.Program | undefined, scopes: Scope[], guards: ReadonlySet<string>) => {
		if (!prog) return;
		for (const stmt of prog.body) statement(stmt, scopes, guards);
	};

	const statement = (node: hbs.AST.Statement, scopes: Scope[], guards: ReadonlySet<string>) => {
		switch (node.type) {
			case 'ContentStatement':
			case 'CommentStatement':
				return;
			case 'MustacheStatement': {
				const m = node as hbs.AST.MustacheStatement;
				if (!m.escaped && html) {
					out.errors.push({ code: 'unescaped_output', message: 'unescaped output ({{{ }}} or {{& }}) is not allowed in HTML templates', ...at(m) });
				}
				if (m.path.type !== 'PathExpression') return;
				const path = m.path as hbs.AST.PathExpression;
				const hasArgs = m.params.length > 0 || (m.hash?.pairs?.length ?? 0) > 0;
				const name = path.original;
				if (hasArgs) {
					if (!INLINE_HELPERS.has(name)) {
						out.errors.push({ code: 'unknown_helper', message: `unknown helper "${name}"`, ...at(m) });
						return;
					}
					for (const p of m.params) expr(p, scopes, guards);
					for (const pair of m.hash?.pairs ?? []) expr(pair.value, scopes, guards);
					return;
				}
				if (!path.data && path.depth === 0 && path.parts.length === 1 && (INLINE_HELPERS.has(name) || BLOCK_HELPERS.has(name))) {
					out.errors.push({ code: 'helper_without_arguments', message: `helper "${name}" needs arguments`, ...at(m) });
					return;
				}
				checkPath(path, scopes, guards, true);
				return;
			}
			case 'BlockStatement': {
				const b = node as hbs.AST.BlockStatement;
				const name = b.path.original;
				if (!BLOCK_HELPERS.has(name)) {
					out.errors.push({ code: 'unknown_block_helper', message: `unknown block "#${name}" (use #if, #unless, #each, #with or #bold)`, ...at(b) });
					return;
				}
				const needsOne = name !== 'bold';
				if (needsOne && b.params.length !== 1) {
					out.errors.push({ code: 'block_arguments', message: `#${name} needs exactly one argument`, ...at(b) });
					return;
				}
				if (!needsOne && b.params.length !== 0) {
					out.errors.push({ code: 'block_arguments', message: `#${name} takes no arguments`, ...at(b) });
					return;
				}
				for (const p of b.params) expr(p, scopes, guards);
				const param = b.params[0] as hbs.AST.PathExpression | undefined;
				const tested = param && param.type === 'PathExpression' && !param.data && param.depth === 0 && param.parts.length === 1 ? param.parts[0] : undefined;
				const cur = scopes[scopes.length - 1];
				if (name === 'if' || name === 'unless') {
					const guarded = new Set(guards);
					if (tested && cur.kind === 'root') guarded.add(tested);
					program(b.program, scopes, name === 'if' ? guarded : guards);
					program(b.inverse, scopes, name === 'unless' ? guarded : guards);
					return;
				}
				if (name === 'each') {
					let inner: Scope = { kind: 'unknown' };
					if (tested && cur.kind === 'root') {
						const fields = schema.arrays.get(tested);
						if (fields) inner = { kind: 'fields', fields };
						else if (schema.root.has(tested)) out.warnings.push({ code: 'not_a_list', message: `"${tested}" is not a list`, ...at(b) });
					}
					program(b.program, [...scopes, inner], new Set());
					program(b.inverse, scopes, guards);
					return;
				}
				if (name === 'with') {
					let inner: Scope = { kind: 'unknown' };
					if (tested && cur.kind === 'root') {
						const fields = schema.objects.get(tested);
						if (fields) inner = { kind: 'fields', fields };
					}
					program(b.program, [...scopes, inner], new Set());
					program(b.inverse, scopes, guards);
					return;
				}
				program(b.program, scopes, guards);
				program(b.inverse, scopes, guards);
				return;
			}
			case 'PartialStatement':
			case 'PartialBlockStatement':
				out.errors.push({ code: 'partial_not_allowed', message: 'partials ({{> name}}) are not supported', ...at(node) });
				return;
			case 'Decorator':
			case 'DecoratorBlock':
				out.errors.push({ code: 'decorator_not_allowed', message: 'decorators ({{* name}}) are not supported', ...at(node) });
				return;
			default:
				out.errors.push({ code: 'unsupported_syntax', message: `unsupported syntax (${node.type})`, ...at(node) });
		}
	};

	program(ast, [{ kind: 'root' }], new Set());
	return out;
}

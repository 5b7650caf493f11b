/**
 * Message core: templates, channels, locales.
 *
 * Typical use from a node (read parameters once per run, then per item):
 *
 * ```ts
 * const { templates, errors } = compileTemplates(overridesParam);      // configuration time
 * if (errors.length) throw new NodeOperationError(node, formatTemplateIssues(errors));
 * for (const item of items) {
 *   for (const request of messageRequestsFromDecision({ decision, invoice, customer, ...settings })) {
 *     const result = renderMessage(request, templates);                 // never throws
 *     // result.ok -> send result.email / result.sms / result.internal; else route to the human path
 *   }
 * }
 * ```
 */
export * from './types';
export {
	TEMPLATE_CATALOG,
	TEMPLATE_KEYS,
	templateMeta,
	resolveTemplateKey,
	keyForOffset,
	offsetFromStepId,
	toneOrder,
	type TemplateMeta,
	type RequiredFact,
	type KeyResolution,
} from './catalog';
export {
	compileTemplates,
	defaultTemplates,
	sampleRequest,
	templateVariables,
	PACK_LANGUAGES,
	PACK_REGIONS,
	TemplateSet,
	type TemplateOverride,
	type TemplateIssue,
	type CompileResult,
} from './templates';
export { renderMessage, assembleSms, emailBodies, needsStopHint } from './render';
export { HARD_VARIABLES } from './context';
export { phrasesFor } from './templates';
export { cleanBlock, cleanLine, cleanSubject, cleanUrl, escapeHtml, tidyText } from './sanitize';
export { analyzeSms, normalizeSmsText, foldToGsm, isGsmBasic, isGsmExtension } from './sms';
export { textToHtmlContent, htmlLayout } from './html';
export { messageRequestsFromDecision, messageRequestFromAck, formatTemplateIssues, type DecisionMessageInput, type AckLike, type AckContext } from './adapter';

/** The receivables report: self-contained HTML with inline SVG charts, and a plain-text summary. */
export { renderReportHtml, agingChart, dsoTrendChart, recoveryChart, escapeHtml, type ReportOptions } from './html';
export { renderReportText } from './text';

/**
 * The fact guard on its own: facts kept, nothing invented, threats in four languages.
 */
import { factGuard } from '../../../nodes/core/ai';

const facts = { invoiceNumber: 'R-7', amount: '1.000,00\u00a0€', dueDate: '5. März 2025', paymentLink: 'https://pay.example.com/r7', links: ['https://pay.example.com/r7'] };
const original = {
	subject: 'Rechnung R-7 ist seit 7 Tagen überfällig',
	text: 'Hallo Anna,\n\nIhre Rechnung R-7 über 1.000,00\u00a0€ war am 5. März 2025 fällig.\n\nhttps://pay.example.com/r7\n\nViele Grüße',
};
const check = (text: string, subject = original.subject) => factGuard(original, { subject, text }, facts).violations;

describe('factGuard', () => {
	test('a faithful rewrite passes, whatever the spacing of the amount', () => {
		expect(check('Hallo Anna,\n\nkurze Erinnerung: Rechnung R-7 über 1.000,00 € (fällig am 5. März 2025) ist noch offen.\n\nhttps://pay.example.com/r7\n\nViele Grüße')).toEqual([]);
	});

	test('each fact must stay', () => {
		const base = 'Rechnung R-7 über 1.000,00 € war am 5. März 2025 fällig. https://pay.example.com/r7';
		expect(check(base.replace('R-7 ', ''), 'Erinnerung')).toEqual(['invoice_number_missing']);
		expect(check(base.replace('1.000,00 €', 'den Betrag'))).toEqual(['amount_missing']);
		expect(check(base.replace('am 5. März 2025 ', ''))).toEqual(['due_date_missing']);
		expect(check(base.replace(' https://pay.example.com/r7', ''))).toEqual(['payment_link_missing']);
		expect(check('   ')).toEqual(['empty']);
		expect(check(base, '')).toEqual(['empty']);
	});

	test('nothing may be invented', () => {
		const base = 'Rechnung R-7 über 1.000,00 € war am 5. März 2025 fällig. https://pay.example.com/r7';
		expect(check(`${base} Zzgl. 40,00 € Gebühr.`)).toContain('new_amount');
		expect(check(`${base} Bitte bis 20.03.2025 zahlen.`)).toContain('new_date');
		expect(check(`${base} Bitte bis Freitag zahlen.`)).toEqual(['new_date']);
		expect(check(`${base} Bitte bis morgen zahlen.`)).toEqual(['new_date']);
		expect(check(`${base} Pague até sexta-feira.`)).toEqual(['new_date']);
		expect(check(`${base} Pague até amanhã.`)).toEqual(['new_date']);
		expect(check(`${base} Pague até o fim do mês.`)).toEqual(['new_date']);
		expect(check(`${base} Rufen Sie 0800 123456 an.`)).toContain('new_number');
		expect(check(`${base} Details: https://evil.example.com/x.`)).toEqual(['new_link']);
		expect(check(`${base} Schreiben Sie an x@evil.example.`)).toEqual(['new_contact']);
	});

	test('threat words in English, German, French, Spanish and Portuguese are refused unless the original has them', () => {
		const base = 'Rechnung R-7 über 1.000,00 € war am 5. März 2025 fällig. https://pay.example.com/r7';
		for (const threat of [
			'Otherwise we will take legal action.',
			'We may refer this to a debt collector.',
			'This may affect your credit score.',
			'Sonst leiten wir ein Mahnverfahren ein.',
			'Danach übergeben wir an ein Inkassobüro.',
			'Wir schalten einen Rechtsanwalt ein.',
			'Le dossier sera transmis au service contentieux.',
			'Nous engagerons des poursuites.',
			"Nous ferons appel à un huissier.",
			'Iniciaremos acciones legales.',
			'Pasaremos el expediente a una agencia de cobro.',
			'Su nombre se incluirá en ASNEF.',
			'Caso contrário, o título será levado a protesto.',
			'Seu nome poderá ser incluído no Serasa.',
			'Encaminharemos o caso ao nosso departamento jurídico.',
			'Haverá cobrança de multa e juros.',
			'Avançaremos com uma injunção.',
			'O processo seguirá para contencioso.',
			'Entregaremos a dívida a uma empresa de recuperação de crédito.',
			'Comunicaremos a dívida à Central de Responsabilidades de Crédito.',
		]) {
			expect(check(`${base} ${threat}`)).toEqual(['threat']);
		}
		// Consequences the original states may be restated.
		const withPause = { ...original, text: `${original.text}\nSonst müssen wir Ihren Zugang sperren.` };
		expect(factGuard(withPause, { subject: original.subject, text: `${base} Ohne Zahlung wird der Zugang gesperrt; wir sperren ihn ungern.` }, facts).violations).toEqual([]);
		// Harmless look-alikes are not threats.
		expect(check(`${base} As a courtesy, we wanted to remind you.`)).toEqual([]);
		expect(check(`${base} We will process your payment as soon as it arrives.`)).toEqual([]);
		expect(check(`${base} Obrigado pela parceria, estamos à disposição.`)).toEqual([]);
		expect(check(`${base} Registámos a data; o assunto passará para o nosso departamento financeiro.`)).toEqual([]);
	});
});
